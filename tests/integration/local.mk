# Integration tests: real slapd + real httpd on loopback, driven by CppUnit + libcurl.
if HAVE_CURL
check_PROGRAMS += tests/integration/integration_tests
tests_integration_integration_tests_SOURCES = tests/common/run_tests.cc tests/common/run_tests.h \
	tests/integration/environment.h tests/integration/environment.cc \
	tests/integration/fixture.h tests/integration/fixture.cc tests/integration/png_fixture.h \
	tests/integration/test_ews.cc \
	tests/integration/bearer_token.h tests/integration/bearer_token.cc \
	tests/integration/test_chatter.cc \
	tests/integration/test_graph.cc tests/integration/test_graph_client.cc \
	tests/integration/test_cache.cc \
	tests/integration/onoffice_client.h tests/integration/onoffice_client.cc \
	tests/integration/test_onoffice.cc \
	tests/integration/test_directory_faults.cc \
	tests/integration/test_watch.cc \
	tests/integration/test_avatar.cc \
	tests/integration/test_active_directory.cc \
	tests/integration/test_ldap_tls.cc \
	tests/integration/test_status.cc
tests_integration_integration_tests_CPPFLAGS = -I$(top_srcdir)/lib -I$(top_srcdir)/tests $(CPPUNIT_CFLAGS) $(CURL_CFLAGS) \
	$(JSON_CFLAGS) $(PNG_CFLAGS) $(CRYPTO_CFLAGS) \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"' -DTOP_BUILDDIR='"$(abs_top_builddir)"' \
	-DSANITIZER_PRELOAD='"$(SANITIZER_PRELOAD)"'
tests_integration_integration_tests_LDADD = lib/libuserphoto.la $(CPPUNIT_LIBS) $(CURL_LIBS) $(PNG_LIBS) $(CRYPTO_LIBS)
TESTS += tests/integration/integration_tests
endif
# The Graph client test: the node script and the npm packages it needs (installed into the build dir).
EXTRA_DIST += tests/integration/graph_client/package.json tests/integration/graph_client/graph_client.cjs
