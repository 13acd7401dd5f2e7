// CachingPhotoProvider: the PhotoProvider the codecs call when caching is on. Wraps a PersonSource
// (the PhotoService) with
//   - a per-process LRU of person records and renditions (bounded in bytes): a hit costs no LDAP,
//     no lock beyond the LRU's, no image work;
//   - an optional SharedCache tier (ap_socache: shmcb, memcache) consulted on a local miss, so
//     children and httpd instances share what one of them fetched or scaled;
//   - cheap revalidation after the TTL: only the entry's change marker is read, and the renditions
//     are kept when it has not moved;
//   - negative records ("no photo", "no such person") with their own TTL;
//   - single flight: concurrent misses of one key do the work once;
//   - stale answers while the directory is unreachable (logged), so only what was never cached fails.
// Renditions are keyed by (dn, etag, requested edge): a new photo gets new keys, so nothing is ever
// served for a version it was not rendered from.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "cache/cache_records.h"
#include "cache/lru_cache.h"
#include "cache/shared_cache.h"
#include "cache/single_flight.h"
#include "service/person_source.h"
#include "service/photo_provider.h"

namespace userphoto::cache {

struct CacheSettings {
    int64_t ttl_ms = 300'000;          // a record is trusted this long without asking the directory
    int64_t negative_ttl_ms = 60'000;  // the same for "no photo" / "no such person"
    size_t memory_bytes = 64 << 20;    // per-process LRU budget (records + renditions)
    int64_t stale_keep_ms = 86'400'000;  // how long the shared tier keeps records past their TTL
    int64_t stale_retry_ms = 10'000;   // while the directory is down: serve stale this long, then retry
    int64_t flight_wait_ms = 15'000;   // longest a request waits for another's directory call
    std::string key_namespace;         // separates directories that share one store
};

using WallClock = std::function<int64_t()>;  // milliseconds since the epoch
int64_t system_clock_ms();

struct CacheCounters {
    std::atomic<uint64_t> local_hits{0};
    std::atomic<uint64_t> shared_hits{0};
    std::atomic<uint64_t> resolves{0};       // full directory reads (with photo bytes)
    std::atomic<uint64_t> marker_probes{0};  // cheap revalidations
    std::atomic<uint64_t> renders{0};
    std::atomic<uint64_t> stale_served{0};
};

class CachingPhotoProvider : public PhotoProvider {
public:
    CachingPhotoProvider(CacheSettings settings, std::shared_ptr<PersonSource> source,
                         std::shared_ptr<SharedCache> shared = nullptr, WallClock clock = system_clock_ms);

    PhotoResult get_photo(const PhotoQuery& query, const Logger& log) override;

    // Forget what is cached for this person (after an upload or delete): the identity's record here
    // and in the shared tier, and, when dn is given, every local record and rendition of that entry.
    // Other processes holding the same entry under another identity see the change at their next
    // revalidation (the change marker moves with the modify).
    void invalidate(const PhotoQuery& identity, const std::string& dn = {});

    // When photos are written on this server (by any process), records confirmed before the last
    // write are revalidated (a cheap change-marker read) instead of being trusted for their TTL.
    // `last_write` returns that time in ms since the epoch (0: never). Set once, before serving.
    void set_last_write_clock(WallClock last_write) { last_write_ = std::move(last_write); }

    const CacheCounters& counters() const { return counters_; }
    const CacheSettings& settings() const { return settings_; }

    // What a record refresh produced (shared by the requests that waited for it).
    struct MetaOutcome {
        std::shared_ptr<const PersonMeta> meta;          // null: nothing to serve
        PhotoStatus failure = PhotoStatus::Unavailable;  // when meta is null
        std::shared_ptr<const Rendition> rendition;      // rendered on the way, for requested_edge
        int requested_edge = 0;
    };

private:
    using MetaPtr = std::shared_ptr<const PersonMeta>;
    using RenditionPtr = std::shared_ptr<const Rendition>;

    struct RenderOutcome {
        PhotoStatus status = PhotoStatus::Unavailable;
        MetaPtr meta;            // the record the rendition belongs to
        RenditionPtr rendition;  // when status is Ok
    };

    std::string identity_key(const PhotoQuery& query) const;
    bool fresh(const PersonMeta& meta, int64_t now) const;
    MetaOutcome refresh(const std::string& id, const PhotoQuery& query, MetaPtr old, const Logger& log);
    MetaOutcome serve_stale(const std::string& id, const MetaPtr& old, const Logger& log);
    MetaPtr remember(const std::string& id, PersonMeta meta, bool share);
    MetaOutcome from_resolved(const std::string& id, const PhotoQuery& query, const ResolvedPerson& person,
                              const Logger& log);
    RenditionPtr find_rendition(const std::string& key);
    RenditionPtr store_rendition(const std::string& key, PhotoResult rendered);
    RenderOutcome render_fresh(const std::string& id, const PhotoQuery& query, const MetaPtr& meta,
                               const Logger& log);
    PhotoResult answer(const PersonMeta& meta, const PhotoQuery& query, const RenditionPtr& rendition) const;

    std::string shared_key(char kind, const std::string& key) const;

    const CacheSettings settings_;
    std::shared_ptr<PersonSource> source_;
    std::shared_ptr<SharedCache> shared_;
    WallClock clock_;
    WallClock last_write_;
    LruCache<PersonMeta> metas_;
    LruCache<Rendition> renditions_;
    SingleFlight<MetaOutcome> meta_flights_;
    SingleFlight<RenderOutcome> render_flights_;
    CacheCounters counters_;
};

// Rendition cache key: entry, photo version and requested edge.
std::string rendition_key(const std::string& dn, const std::string& etag, int edge);

}  // namespace userphoto::cache
