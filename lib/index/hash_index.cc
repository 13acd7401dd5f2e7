#include "index/hash_index.h"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <new>
#include <stdexcept>

#include "index/address_hash.h"

namespace userphoto::avatar {

namespace {

constexpr uint64_t kMagic = 0x5550415641494458ULL;  // "UPAVAIDX"
constexpr int kLockWaitMs = 500;                     // a reader never waits longer than this
constexpr size_t kMaxText = 4096;                    // longer DNs / keys are not indexed

// Person record in the arena: fixed part, then dn, key and initials bytes; padded to 4.
struct RecordHead {
    uint8_t alive;
    uint8_t key_is_alias;
    uint8_t initials_length;
    uint8_t reserved;
    uint16_t dn_length;
    uint16_t key_length;
};

size_t record_bytes(const IndexedPerson& p) {
    return (sizeof(RecordHead) + p.dn.size() + p.key.size() + p.initials.size() + 3) & ~size_t{3};
}

bool indexable(const IndexedPerson& p) {
    return !p.dn.empty() && p.dn.size() <= kMaxText && p.key.size() <= kMaxText && p.initials.size() <= 8;
}

// A table row: digest bytes, then the person's arena offset (4 bytes, native order).
struct Row {
    std::array<uint8_t, 32> digest{};
    uint32_t person = 0;
};

class Deadline {
public:
    explicit Deadline(int ms) {
        clock_gettime(CLOCK_REALTIME, &at_);
        at_.tv_sec += ms / 1000;
        at_.tv_nsec += (ms % 1000) * 1000000L;
        if (at_.tv_nsec >= 1000000000L) {
            at_.tv_sec += 1;
            at_.tv_nsec -= 1000000000L;
        }
    }
    const timespec* get() const { return &at_; }

private:
    timespec at_{};
};

}  // namespace

struct HashIndex::Header {
    uint64_t magic;
    uint64_t region_size;
    pthread_rwlock_t lock;
    std::atomic<int64_t> lease_until_ms;
    std::atomic<uint32_t> lease_owner;
    // Below: read and written under `lock` only.
    uint32_t ready;
    uint32_t stale;
    uint32_t with_md5;
    uint64_t generation;
    int64_t built_at_ms;
    int64_t build_duration_ms;
    uint64_t table_offset[2], table_capacity[2], table_count[2];  // [0] MD5, [1] SHA-256
    uint64_t arena_offset, arena_capacity, arena_used;
    uint64_t people;
};

namespace {

size_t digest_bytes(int table) { return table == 0 ? 16 : 32; }
size_t row_bytes(int table) { return digest_bytes(table) + 4; }

class ReadLock {
public:
    explicit ReadLock(pthread_rwlock_t* lock) : lock_(lock) {
        Deadline deadline(kLockWaitMs);
        held_ = pthread_rwlock_timedrdlock(lock_, deadline.get()) == 0;
    }
    ~ReadLock() {
        if (held_) pthread_rwlock_unlock(lock_);
    }
    bool held() const { return held_; }

private:
    pthread_rwlock_t* lock_;
    bool held_ = false;
};

class WriteLock {
public:
    explicit WriteLock(pthread_rwlock_t* lock) : lock_(lock) {
        Deadline deadline(5000);
        held_ = pthread_rwlock_timedwrlock(lock_, deadline.get()) == 0;
    }
    ~WriteLock() {
        if (held_) pthread_rwlock_unlock(lock_);
    }
    bool held() const { return held_; }

private:
    pthread_rwlock_t* lock_;
    bool held_ = false;
};

}  // namespace

size_t HashIndex::minimum_region_bytes() { return ((sizeof(Header) + 63) & ~size_t{63}) + 4096; }

HashIndex::Header* HashIndex::header() const { return reinterpret_cast<Header*>(region_); }

HashIndex::HashIndex(void* region, size_t size, bool initialize)
    : region_(static_cast<unsigned char*>(region)), size_(size) {
    if (size_ < minimum_region_bytes()) throw std::invalid_argument("avatar index region too small");
    if (!initialize) return;
    std::memset(region_, 0, sizeof(Header));
    Header* h = new (region_) Header();
    h->magic = kMagic;
    h->region_size = size_;
    pthread_rwlockattr_t attributes;
    pthread_rwlockattr_init(&attributes);
    pthread_rwlockattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
    // Writers (a build, a change) are rare; readers must not starve them.
    pthread_rwlockattr_setkind_np(&attributes, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&h->lock, &attributes);
    pthread_rwlockattr_destroy(&attributes);
}

size_t HashIndex::bytes_for(size_t people, size_t addresses, size_t text_bytes, bool with_md5) {
    const size_t rows = addresses + addresses / 32 + 64;
    const size_t arena = people * (sizeof(RecordHead) + 3) + text_bytes;
    return minimum_region_bytes() + rows * (with_md5 ? row_bytes(0) + row_bytes(1) : row_bytes(1)) + arena +
           arena / 32 + 4096;
}

namespace {

// Region accessors with bounds checks against the header's own numbers.
struct Layout {
    unsigned char* base;
    size_t size;
    uint64_t offset[2], capacity[2], count[2];
    uint64_t arena_offset, arena_capacity, arena_used;

    bool sane() const {
        for (int t = 0; t < 2; ++t) {
            if (count[t] > capacity[t]) return false;
            if (offset[t] > size || capacity[t] > (size - offset[t]) / row_bytes(t)) return false;
        }
        return arena_offset <= size && arena_capacity <= size - arena_offset && arena_used <= arena_capacity;
    }
    unsigned char* row(int t, uint64_t i) const { return base + offset[t] + i * row_bytes(t); }
    uint32_t person_of(int t, uint64_t i) const {
        uint32_t p;
        std::memcpy(&p, row(t, i) + digest_bytes(t), 4);
        return p;
    }
    // First row whose digest is >= `digest` (bisection: the same number of steps for any digest).
    uint64_t lower_bound(int t, const uint8_t* digest) const {
        uint64_t lo = 0, hi = count[t];
        while (lo < hi) {
            const uint64_t mid = lo + (hi - lo) / 2;
            if (std::memcmp(row(t, mid), digest, digest_bytes(t)) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
    bool read_person(uint32_t at, IndexedPerson* out) const {
        if (at + sizeof(RecordHead) > arena_used) return false;
        RecordHead head;
        std::memcpy(&head, base + arena_offset + at, sizeof head);
        const uint64_t end = uint64_t{at} + sizeof head + head.dn_length + head.key_length + head.initials_length;
        if (!head.alive || end > arena_used) return false;
        const char* text = reinterpret_cast<const char*>(base + arena_offset + at + sizeof head);
        out->dn.assign(text, head.dn_length);
        out->key.assign(text + head.dn_length, head.key_length);
        out->initials.assign(text + head.dn_length + head.key_length, head.initials_length);
        out->key_is_alias = head.key_is_alias != 0;
        return true;
    }
    // Appends a record; its arena offset, or -1 when the arena is full.
    int64_t append_person(const IndexedPerson& p) {
        const size_t bytes = record_bytes(p);
        if (arena_used + bytes > arena_capacity || arena_used + bytes > UINT32_MAX) return -1;
        RecordHead head{1, static_cast<uint8_t>(p.key_is_alias), static_cast<uint8_t>(p.initials.size()), 0,
                        static_cast<uint16_t>(p.dn.size()), static_cast<uint16_t>(p.key.size())};
        unsigned char* at = base + arena_offset + arena_used;
        std::memset(at, 0, bytes);
        std::memcpy(at, &head, sizeof head);
        std::memcpy(at + sizeof head, p.dn.data(), p.dn.size());
        std::memcpy(at + sizeof head + p.dn.size(), p.key.data(), p.key.size());
        std::memcpy(at + sizeof head + p.dn.size() + p.key.size(), p.initials.data(), p.initials.size());
        const int64_t offset = static_cast<int64_t>(arena_used);
        arena_used += bytes;
        return offset;
    }
};

void digests_of(const std::vector<std::string>& addresses, bool with_md5, uint32_t person, std::vector<Row>* md5,
                std::vector<Row>* sha) {
    for (const std::string& address : addresses) {
        if (normalize_address(address).empty()) continue;
        const AddressDigests d = digest_address(address);
        Row row;
        row.person = person;
        if (with_md5) {
            std::copy(d.md5.begin(), d.md5.end(), row.digest.begin());
            md5->push_back(row);
        }
        std::copy(d.sha256.begin(), d.sha256.end(), row.digest.begin());
        sha->push_back(row);
    }
}

// Sorted by digest; a digest of two different people is dropped altogether (never guess).
void sort_unique(std::vector<Row>& rows, size_t bytes) {
    auto less = [bytes](const Row& a, const Row& b) { return std::memcmp(a.digest.data(), b.digest.data(), bytes) < 0; };
    std::sort(rows.begin(), rows.end(), less);
    std::vector<Row> kept;
    kept.reserve(rows.size());
    for (size_t i = 0; i < rows.size();) {
        size_t j = i + 1;
        bool shared = false;
        while (j < rows.size() && std::memcmp(rows[i].digest.data(), rows[j].digest.data(), bytes) == 0) {
            shared |= rows[j].person != rows[i].person;
            ++j;
        }
        if (!shared) kept.push_back(rows[i]);
        i = j;
    }
    rows.swap(kept);
}

}  // namespace

namespace {

Layout layout_of(unsigned char* base, size_t size, const HashIndex::Header* h) {
    Layout l{base, size, {h->table_offset[0], h->table_offset[1]}, {h->table_capacity[0], h->table_capacity[1]},
             {h->table_count[0], h->table_count[1]}, h->arena_offset, h->arena_capacity, h->arena_used};
    return l;
}

}  // namespace

bool HashIndex::publish(const std::vector<PersonAddresses>& people, bool with_md5, int64_t built_at_ms,
                        int64_t build_duration_ms, std::string* problem) {
    // Everything is prepared privately; the shared region is only written under the lock.
    std::vector<Row> md5, sha;
    std::vector<const PersonAddresses*> kept;
    size_t text = 0, addresses = 0;
    for (const PersonAddresses& p : people) {
        if (!indexable(p.person) || p.addresses.empty()) continue;
        kept.push_back(&p);
        text += record_bytes(p.person);
        addresses += p.addresses.size();
    }
    const size_t needed = bytes_for(kept.size(), addresses, text, with_md5);
    if (needed > size_) {
        if (problem)
            *problem = "the avatar index needs " + std::to_string(needed) + " bytes for " + std::to_string(kept.size()) +
                       " people but has " + std::to_string(size_) + " (raise UserPhotoAvatarIndexMemory)";
        return false;
    }
    const uint64_t rows = addresses + addresses / 32 + 64;
    Header* h = header();
    WriteLock lock(&h->lock);
    if (!lock.held()) {
        if (problem) *problem = "the avatar index lock was not free within 5 s";
        return false;
    }
    uint64_t at = minimum_region_bytes() - 4096;
    for (int t = 0; t < 2; ++t) {
        h->table_offset[t] = at;
        h->table_capacity[t] = (t == 0 && !with_md5) ? 0 : rows;
        h->table_count[t] = 0;
        at += h->table_capacity[t] * row_bytes(t);
    }
    h->arena_offset = at;
    h->arena_capacity = size_ - at;
    h->arena_used = 0;
    Layout l = layout_of(region_, size_, h);
    for (const PersonAddresses* p : kept) {
        const int64_t offset = l.append_person(p->person);
        if (offset < 0) break;  // cannot happen: bytes_for counted it
        digests_of(p->addresses, with_md5, static_cast<uint32_t>(offset), &md5, &sha);
    }
    sort_unique(md5, 16);
    sort_unique(sha, 32);
    const std::vector<Row>* tables[2] = {&md5, &sha};
    for (int t = 0; t < 2; ++t) {
        const uint64_t n = std::min<uint64_t>(tables[t]->size(), h->table_capacity[t]);
        for (uint64_t i = 0; i < n; ++i) {
            const Row& row = (*tables[t])[i];
            std::memcpy(l.row(t, i), row.digest.data(), digest_bytes(t));
            std::memcpy(l.row(t, i) + digest_bytes(t), &row.person, 4);
        }
        h->table_count[t] = n;
    }
    h->arena_used = l.arena_used;
    h->people = kept.size();
    h->with_md5 = with_md5;
    h->ready = 1;
    h->stale = 0;
    h->generation += 1;
    h->built_at_ms = built_at_ms;
    h->build_duration_ms = build_duration_ms;
    return true;
}

bool HashIndex::update(const std::string& dn, const PersonAddresses* now) {
    Header* h = header();
    WriteLock lock(&h->lock);
    if (!lock.held() || h->magic != kMagic || !h->ready) return false;
    Layout l = layout_of(region_, size_, h);
    if (!l.sane()) return false;
    // The old record (if any): marked dead, its rows removed.
    std::vector<uint32_t> gone;
    for (uint64_t at = 0; at + sizeof(RecordHead) <= l.arena_used;) {
        RecordHead head;
        std::memcpy(&head, l.base + l.arena_offset + at, sizeof head);
        const size_t bytes =
            (sizeof head + head.dn_length + head.key_length + head.initials_length + 3) & ~size_t{3};
        if (head.alive && head.dn_length == dn.size() &&
            std::memcmp(l.base + l.arena_offset + at + sizeof head, dn.data(), dn.size()) == 0) {
            head.alive = 0;
            std::memcpy(l.base + l.arena_offset + at, &head, sizeof head);
            gone.push_back(static_cast<uint32_t>(at));
        }
        at += bytes;
    }
    for (int t = 0; t < 2 && !gone.empty(); ++t) {
        uint64_t out = 0;
        for (uint64_t i = 0; i < l.count[t]; ++i) {
            if (std::find(gone.begin(), gone.end(), l.person_of(t, i)) != gone.end()) continue;
            if (out != i) std::memmove(l.row(t, out), l.row(t, i), row_bytes(t));
            ++out;
        }
        l.count[t] = out;
    }
    if (!gone.empty()) h->people -= std::min<uint64_t>(h->people, gone.size());
    bool fits = true;
    if (now && indexable(now->person) && !now->addresses.empty()) {
        std::vector<Row> md5, sha;
        digests_of(now->addresses, h->with_md5 != 0, 0, &md5, &sha);
        sort_unique(md5, 16);
        sort_unique(sha, 32);
        fits = l.count[0] + md5.size() <= l.capacity[0] && l.count[1] + sha.size() <= l.capacity[1];
        const int64_t offset = fits ? l.append_person(now->person) : -1;
        fits = offset >= 0;
        const std::vector<Row>* tables[2] = {&md5, &sha};
        for (int t = 0; t < 2 && fits; ++t) {
            for (const Row& row : *tables[t]) {
                const uint64_t i = l.lower_bound(t, row.digest.data());
                if (i < l.count[t] && std::memcmp(l.row(t, i), row.digest.data(), digest_bytes(t)) == 0) {
                    // Someone else has this address too: ambiguous, so nobody gets it.
                    std::memmove(l.row(t, i), l.row(t, i + 1), (l.count[t] - i - 1) * row_bytes(t));
                    --l.count[t];
                    continue;
                }
                std::memmove(l.row(t, i + 1), l.row(t, i), (l.count[t] - i) * row_bytes(t));
                std::memcpy(l.row(t, i), row.digest.data(), digest_bytes(t));
                const uint32_t person = static_cast<uint32_t>(offset);
                std::memcpy(l.row(t, i) + digest_bytes(t), &person, 4);
                ++l.count[t];
            }
        }
        if (fits) h->people += 1;
    }
    h->table_count[0] = l.count[0];
    h->table_count[1] = l.count[1];
    h->arena_used = l.arena_used;
    if (!fits) h->stale = 1;
    h->generation += 1;
    return fits;
}

FindStatus HashIndex::find(const AddressDigest& digest, IndexedPerson* person) const {
    Header* h = header();
    if (h->magic != kMagic) return FindStatus::NotReady;
    ReadLock lock(&h->lock);
    if (!lock.held() || !h->ready) return FindStatus::NotReady;
    const Layout l = layout_of(region_, size_, h);
    if (!l.sane()) return FindStatus::NotReady;
    const int t = digest.kind == DigestKind::Md5 ? 0 : 1;
    const uint64_t i = l.lower_bound(t, digest.bytes.data());
    const bool hit = i < l.count[t] && std::memcmp(l.row(t, i), digest.bytes.data(), digest_bytes(t)) == 0;
    if (!hit) return FindStatus::Unknown;
    IndexedPerson found;
    if (!l.read_person(l.person_of(t, i), &found)) return FindStatus::Unknown;
    if (person) *person = std::move(found);
    return FindStatus::Known;
}

IndexStats HashIndex::stats() const {
    IndexStats s;
    Header* h = header();
    s.region_bytes = size_;
    if (h->magic != kMagic) return s;
    ReadLock lock(&h->lock);
    if (!lock.held()) return s;
    s.ready = h->ready != 0;
    s.people = h->people;
    s.md5_entries = h->table_count[0];
    s.sha256_entries = h->table_count[1];
    s.generation = h->generation;
    s.built_at_ms = h->built_at_ms;
    s.build_duration_ms = h->build_duration_ms;
    s.stale = h->stale != 0;
    // What the region holds now: header, tables (with their spare rows for updates), records.
    s.bytes_used = h->ready ? h->arena_offset + h->arena_used : sizeof(Header);
    return s;
}

bool HashIndex::try_lease(uint32_t owner, int64_t now_ms, int64_t lease_ms) {
    Header* h = header();
    int64_t until = h->lease_until_ms.load();
    const uint32_t holder = h->lease_owner.load();
    if (until > now_ms && holder != owner) return false;
    if (!h->lease_until_ms.compare_exchange_strong(until, now_ms + lease_ms)) return false;
    h->lease_owner.store(owner);
    return true;
}

void HashIndex::release_lease(uint32_t owner) {
    Header* h = header();
    if (h->lease_owner.load() == owner) h->lease_until_ms.store(0);
}

}  // namespace userphoto::avatar
