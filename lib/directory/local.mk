# lib/directory: LDAP URL, filters, connection pool, lookups (OpenLDAP client).
lib_libuserphoto_la_SOURCES += \
	lib/directory/ldap_url.h lib/directory/ldap_url.cc \
	lib/directory/filter.h lib/directory/filter.cc \
	lib/directory/directory.h lib/directory/directory.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_ldap_url.cc tests/unit/test_filter.cc
