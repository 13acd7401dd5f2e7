# lib/image: probe, orient, crop, scale, encode (TurboJPEG + libexif). No LDAP, no protocol.
lib_libuserphoto_la_SOURCES += \
	lib/image/photo_image.h lib/image/photo_image.cc \
	lib/image/rgb_image.h \
	lib/image/square_geometry.h lib/image/square_geometry.cc \
	lib/image/pixel_ops.h lib/image/pixel_ops.cc \
	lib/image/resample_passes.h lib/image/resample_passes.cc \
	lib/image/exif_orientation.h lib/image/exif_orientation.cc \
	lib/image/jpeg_codec.h lib/image/jpeg_codec.cc \
	lib/image/webp_codec.h lib/image/webp_codec.cc \
	lib/image/avif_codec.h lib/image/avif_codec.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_image.cc tests/unit/test_image_pixels.cc \
	tests/unit/test_image_formats.cc \
	tests/tools/jpeg_fixtures.h tests/tools/jpeg_fixtures.cc

# Uploads (Salesforce Connect photos): PNG and GIF decoders, the upload renditions, the default
# silhouette.
lib_libuserphoto_la_SOURCES += \
	lib/image/png_codec.h lib/image/png_codec.cc \
	lib/image/gif_codec.h lib/image/gif_codec.cc \
	lib/image/upload_image.h lib/image/upload_image.cc \
	lib/image/silhouette.h lib/image/silhouette.cc

# Avatars: exact-size renditions (upscaled when needed), PNG output, and the drawn pictures for
# people without a photo (silhouette, initials, identicon, colour, blank).
lib_libuserphoto_la_SOURCES += \
	lib/image/exact_square.h lib/image/exact_square.cc \
	lib/image/placeholder.h lib/image/placeholder.cc
