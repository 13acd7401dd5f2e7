# lib/service: the photo service shared by every protocol.
lib_libuserphoto_la_SOURCES += \
	lib/service/photo_provider.h lib/service/person_source.h \
	lib/service/photo_selection.h lib/service/photo_selection.cc \
	lib/service/person_lookup.h lib/service/person_lookup.cc \
	lib/service/photo_service.h lib/service/photo_service.cc \
	lib/service/fallback_photos.h lib/service/fallback_photos.cc \
	lib/service/drawn_picture_cache.h lib/service/drawn_picture_cache.cc \
	lib/service/windows_logins.h lib/service/windows_logins.cc
# onOffice: lists of people with photos
lib_libuserphoto_la_SOURCES += \
	lib/service/people_lists.h lib/service/people_criteria.h \
	lib/service/people_filter.h lib/service/people_filter.cc \
	lib/service/people_service.h lib/service/people_service.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_photo_selection.cc tests/unit/test_people_filter.cc

# Writing photos (Salesforce Connect uploads and deletes) and signed links.
lib_libuserphoto_la_SOURCES += \
	lib/service/photo_editor.h \
	lib/service/photo_writer.h lib/service/photo_writer.cc \
	lib/service/link_signer.h lib/service/link_signer.cc

# Avatars (Libravatar / Gravatar): the digest index lookup, photos at an exact edge, drawn defaults.
lib_libuserphoto_la_SOURCES += \
	lib/service/avatar_provider.h \
	lib/service/avatar_service.h lib/service/avatar_service.cc

# The services against an in-memory directory.
tests_unit_unit_tests_SOURCES += tests/unit/fake_directory.h tests/unit/fake_directory.cc \
	tests/unit/test_photo_service.cc tests/unit/test_fallback_photos.cc tests/unit/test_photo_writer.cc tests/unit/test_people_service.cc
