# lib/image: probe, orient, crop, scale, encode (TurboJPEG + libexif). No LDAP, no protocol.
lib_libuserphoto_la_SOURCES += \
	lib/image/photo_image.h lib/image/photo_image.cc \
	lib/image/rgb_image.h \
	lib/image/square_geometry.h lib/image/square_geometry.cc \
	lib/image/pixel_ops.h lib/image/pixel_ops.cc \
	lib/image/exif_orientation.h lib/image/exif_orientation.cc \
	lib/image/jpeg_codec.h lib/image/jpeg_codec.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_image.cc tests/unit/test_image_pixels.cc \
	tests/tools/jpeg_fixtures.h tests/tools/jpeg_fixtures.cc
