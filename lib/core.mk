# Shared core pieces: logging, results, small utilities.
lib_libuserphoto_la_SOURCES += \
	lib/log.h lib/log.cc \
	lib/util/base64.h lib/util/base64.cc \
	lib/util/strings.h lib/util/strings.cc \
	lib/util/http_date.h lib/util/http_date.cc \
	lib/util/content_hash.h lib/util/content_hash.cc \
	lib/util/etag_condition.h lib/util/jpeg_signature.h lib/util/numbers.h lib/util/change_listener.h \
	lib/util/image_format.h lib/util/image_format.cc \
	lib/util/hmac.h lib/util/hmac.cc \
	lib/util/latency_histogram.h lib/util/latency_histogram.cc \
	lib/util/host_counters.h lib/util/host_counters.cc \
	lib/util/periodic_task.h lib/util/periodic_task.cc \
	lib/util/malloc_settings.h lib/util/malloc_settings.cc
