# lib/cache: the photo cache (per-process LRU, shared tier interface, single flight, revalidation).
lib_libuserphoto_la_SOURCES += \
	lib/cache/lru_cache.h lib/cache/sharded_lru_cache.h lib/cache/single_flight.h lib/cache/shared_cache.h \
	lib/cache/cache_records.h lib/cache/cache_records.cc \
	lib/cache/record_seal.h lib/cache/record_seal.cc \
	lib/cache/caching_photo_provider.h lib/cache/caching_photo_provider.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_cache_lru.cc tests/unit/test_cache_provider.cc tests/unit/test_cache_config.cc \
	tests/unit/test_cache_records.cc tests/unit/test_cache_keys.cc

# Drawn avatar defaults, kept per process (wraps the AvatarProvider).
lib_libuserphoto_la_SOURCES += lib/cache/avatar_picture_cache.h lib/cache/avatar_picture_cache.cc
