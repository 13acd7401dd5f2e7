# lib/index: the avatar hash index (address digests → person) in a shared memory region, and its
# builder (paged directory searches; kept current through ChangeListener). Uses directory + base.
lib_libuserphoto_la_SOURCES += \
	lib/util/hex_digest.h lib/util/hex_digest.cc lib/util/initials.h lib/util/initials.cc \
	lib/index/address_hash.h lib/index/address_hash.cc \
	lib/index/hash_index.h lib/index/hash_index.cc \
	lib/index/index_builder.h lib/index/index_builder.cc

tests_unit_unit_tests_SOURCES += tests/unit/test_avatar_index.cc
