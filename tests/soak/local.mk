# The hostile soak (tests/soak/run.sh): built with `make check`, not run by it; a 20 s version is
# the integration suite's SoakTest.
if HAVE_CURL
check_PROGRAMS += tests/soak/soak
tests_soak_soak_SOURCES = tests/soak/soak_main.cc tests/soak/soak.h tests/soak/soak.cc \
	tests/integration/environment.h tests/integration/environment.cc \
	tests/integration/onoffice_client.h tests/integration/onoffice_client.cc
tests_soak_soak_CPPFLAGS = $(tests_integration_integration_tests_CPPFLAGS)
tests_soak_soak_LDADD = $(tests_integration_integration_tests_LDADD)
tests_integration_integration_tests_SOURCES += tests/soak/soak.h tests/soak/soak.cc tests/integration/test_soak.cc
endif
EXTRA_DIST += tests/soak/run.sh
