# Generates the photos (and LDIF) that seed the test and demo directories.
check_PROGRAMS += tests/tools/make_test_photos
tests_tools_make_test_photos_SOURCES = tests/tools/make_test_photos.cc
tests_tools_make_test_photos_CPPFLAGS = -I$(top_srcdir)/lib $(TURBOJPEG_CFLAGS)
tests_tools_make_test_photos_LDADD = lib/libuserphoto.la $(TURBOJPEG_LIBS)
