# lib/protocol/onoffice: the onOffice enterprise API codec (userphoto read) and its photo links.
# JSON: nlohmann-json (header-only); HMAC-SHA256 / MD5: libcrypto.
lib_libuserphoto_la_SOURCES += \
	lib/protocol/onoffice/errors.h lib/protocol/onoffice/errors.cc \
	lib/protocol/onoffice/hmac.h lib/protocol/onoffice/hmac.cc \
	lib/protocol/onoffice/request_body.h lib/protocol/onoffice/request_body.cc \
	lib/protocol/onoffice/filter_translation.h lib/protocol/onoffice/filter_translation.cc \
	lib/protocol/onoffice/envelope.h lib/protocol/onoffice/envelope.cc \
	lib/protocol/onoffice/photo_link.h lib/protocol/onoffice/photo_link.cc \
	lib/protocol/onoffice/userphoto_read.h lib/protocol/onoffice/userphoto_read.cc \
	lib/protocol/onoffice/handler.h lib/protocol/onoffice/handler.cc
lib_libuserphoto_la_CPPFLAGS += $(JSON_CFLAGS) $(CRYPTO_CFLAGS)
lib_libuserphoto_la_LIBADD += $(CRYPTO_LIBS)

tests_unit_unit_tests_SOURCES += \
	tests/unit/test_onoffice_hmac.cc \
	tests/unit/test_onoffice_filter.cc \
	tests/unit/test_onoffice_envelope.cc \
	tests/unit/test_onoffice_config.cc
tests_unit_unit_tests_CPPFLAGS += $(JSON_CFLAGS)
