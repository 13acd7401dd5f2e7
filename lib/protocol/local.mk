# lib/protocol: wire codecs (parse → call PhotoProvider → render). No LDAP, no libjpeg.
lib_libuserphoto_la_SOURCES += \
	lib/protocol/http_exchange.h \
	lib/protocol/json_input.h lib/protocol/json_input.cc \
	lib/protocol/xml_safe.h lib/protocol/xml_safe.cc \
	lib/protocol/etag_header.h lib/protocol/etag_header.cc \
	lib/protocol/format_negotiation.h lib/protocol/format_negotiation.cc \
	lib/protocol/body_source.h lib/protocol/body_source.cc \
	lib/protocol/write_access.h lib/protocol/write_access.cc

tests_unit_unit_tests_SOURCES += \
	tests/unit/test_json_input.cc \
	tests/unit/test_format_negotiation.cc \
	tests/unit/test_ews_xml_safe.cc
