# Generates the photos that seed the test and demo directories (see make_test_photos.cc).
check_PROGRAMS += tests/tools/make_test_photos
tests_tools_make_test_photos_SOURCES = tests/tools/make_test_photos.cc \
	tests/tools/synthetic_photos.h tests/tools/synthetic_photos.cc \
	tests/tools/jpeg_fixtures.h tests/tools/jpeg_fixtures.cc
tests_tools_make_test_photos_CPPFLAGS = -I$(top_srcdir)/lib -I$(top_srcdir)/tests
tests_tools_make_test_photos_LDADD = lib/libuserphoto.la
