# lib/protocol: wire codecs (parse → call PhotoProvider → render). No LDAP, no libjpeg.
lib_libuserphoto_la_SOURCES += \
	lib/protocol/http_exchange.h

tests_unit_unit_tests_SOURCES +=
