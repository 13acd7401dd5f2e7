# lib/protocol/avatar: Libravatar / Gravatar `<location>/{hash}` (no LDAP, no libjpeg).
lib_libuserphoto_la_SOURCES += \
	lib/protocol/avatar/avatar_request.h lib/protocol/avatar/avatar_request.cc \
	lib/protocol/avatar/avatar_handler.h lib/protocol/avatar/avatar_handler.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_avatar_protocol.cc tests/unit/test_avatar_pictures.cc
