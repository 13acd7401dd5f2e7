// The avatar hash index: address digests (MD5, SHA-256) → the person, kept in one memory region
// that every child process maps (an APR shared memory segment in the module; any buffer in tests).
// Sorted arrays searched by bisection: compact (100,000 people with two addresses: about 18 MiB)
// and a lookup costs the same for known and unknown digests. Everything read from the region is
// bounds-checked: shared memory is never trusted.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "util/hex_digest.h"

namespace userphoto::avatar {

// One person as the index keeps them.
struct IndexedPerson {
    std::string dn;
    std::string key;        // value that finds the person: the e-mail attribute's value, or an alias value
    bool key_is_alias = false;
    std::string initials;   // from the name in the directory, for the initials picture
};

// What a build or an update gives the index for one person.
struct PersonAddresses {
    IndexedPerson person;
    std::vector<std::string> addresses;  // as stored; normalized and hashed by the index
};

struct IndexStats {
    bool ready = false;
    uint64_t people = 0;
    uint64_t md5_entries = 0;
    uint64_t sha256_entries = 0;
    uint64_t bytes_used = 0;     // of the region: header, tables, person records (live and dead)
    uint64_t region_bytes = 0;
    uint64_t generation = 0;     // moves with every publish and update
    int64_t built_at_ms = 0;     // wall clock of the last complete build
    int64_t build_duration_ms = 0;
    bool stale = false;          // an update did not fit: a rebuild is due
};

enum class FindStatus { NotReady, Unknown, Known };

class HashIndex {
public:
    // The smallest region the index can use at all.
    static size_t minimum_region_bytes();
    // Views `region`; `initialize` formats it (once, before any other process uses it), which
    // also sets up its process-shared lock.
    HashIndex(void* region, size_t size, bool initialize);

    // Replaces the whole content. with_md5 false: only SHA-256 digests are kept. False (and the
    // old content stays) when it does not fit; *problem says how much would be needed.
    bool publish(const std::vector<PersonAddresses>& people, bool with_md5, int64_t built_at_ms,
                 int64_t build_duration_ms, std::string* problem);
    // The person at `dn` changed: their old digests go; `now` (null: the entry is gone) comes in.
    // False when it does not fit (the index then reports stale until the next publish).
    bool update(const std::string& dn, const PersonAddresses* now);

    FindStatus find(const AddressDigest& digest, IndexedPerson* person) const;
    IndexStats stats() const;

    // Only one process builds at a time: a lease that runs out unless renewed.
    bool try_lease(uint32_t owner, int64_t now_ms, int64_t lease_ms);
    void release_lease(uint32_t owner);

    // Bytes a publish of this content needs (with room for later updates).
    static size_t bytes_for(size_t people, size_t addresses, size_t text_bytes, bool with_md5);

    struct Header;  // the region's first bytes (defined in the .cc)

private:
    Header* header() const;
    unsigned char* region_;
    size_t size_;
};

}  // namespace userphoto::avatar
