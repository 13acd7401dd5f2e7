# lib/protocol/chatter: Salesforce Connect user-profile photos (routes, Photo JSON, errors,
# multipart parser, crop input). Calls PhotoProvider / PhotoEditor only.
lib_libuserphoto_la_SOURCES += \
	lib/protocol/chatter/salesforce_id.h lib/protocol/chatter/salesforce_id.cc \
	lib/protocol/chatter/oauth_scheme.h lib/protocol/chatter/oauth_scheme.cc \
	lib/protocol/chatter/routes.h lib/protocol/chatter/routes.cc \
	lib/protocol/chatter/errors.h lib/protocol/chatter/errors.cc \
	lib/protocol/chatter/multipart.h lib/protocol/chatter/multipart.cc \
	lib/protocol/chatter/photo_input.h lib/protocol/chatter/photo_input.cc \
	lib/protocol/chatter/photo_json.h lib/protocol/chatter/photo_json.cc \
	lib/protocol/chatter/chatter_handler.h lib/protocol/chatter/chatter_handler.cc

tests_unit_unit_tests_SOURCES += \
	tests/unit/test_chatter_routes.cc \
	tests/unit/test_chatter_multipart.cc \
	tests/unit/test_chatter_handler.cc \
	tests/unit/test_upload_image.cc
