# lib/directory: LDAP URL, filters, connection pool, lookups (OpenLDAP client).
lib_libuserphoto_la_SOURCES += \
	lib/directory/ldap_url.h lib/directory/ldap_url.cc \
	lib/directory/filter.h lib/directory/filter.cc \
	lib/directory/ldap_connection.h lib/directory/ldap_connection.cc \
	lib/directory/connection_pool.h lib/directory/connection_pool.cc \
	lib/directory/ldap_entries.h lib/directory/ldap_entries.cc \
	lib/directory/ldap_diagnosis.h lib/directory/ldap_diagnosis.cc \
	lib/directory/kerberos_credentials.h lib/directory/kerberos_credentials.cc \
	lib/directory/settings_check.h lib/directory/settings_check.cc \
	lib/directory/tls_probe.h lib/directory/tls_probe.cc \
	lib/directory/directory_access.h lib/directory/directory.h lib/directory/directory.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_ldap_url.cc tests/unit/test_filter.cc \
	tests/unit/test_directory_offline.cc tests/unit/test_active_directory_offline.cc

# The slapd harness (tests/harness/slapd) ships with the sources.
EXTRA_DIST += tests/harness/slapd/slapd.sh tests/harness/slapd/schema/userphoto.schema
