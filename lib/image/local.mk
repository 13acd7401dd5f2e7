# lib/image: probe, orient, crop, scale, encode (TurboJPEG + libexif). No LDAP, no protocol.
lib_libuserphoto_la_SOURCES += \
	lib/image/photo_image.h lib/image/photo_image.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_image.cc
