# lib/service: the photo service shared by every protocol.
lib_libuserphoto_la_SOURCES += \
	lib/service/photo_provider.h
