// CachingPhotoProvider: the PhotoProvider the codecs call when caching is on. Wraps a PersonSource
// (the PhotoService) with
//   - a per-process LRU of person records and renditions (bounded in bytes, split into shards by
//     key, each with its own lock): a hit costs no LDAP, no lock beyond its two shards', no image
//     work;
//   - an optional SharedCache tier (ap_socache: shmcb, memcache) consulted on a local miss, so
//     children and httpd instances share what one of them fetched or scaled;
//   - cheap revalidation after the TTL: only the entry's change marker is read, and the renditions
//     are kept when it has not moved;
//   - negative records ("no photo", "no such person") with their own TTL;
//   - single flight: concurrent misses of one key do the work once;
//   - stale answers while the directory is unreachable (logged), so only what was never cached fails;
//   - a per-person change record in the shared tier (keyed by DN), written by person_changed() after
//     every upload or delete (and by a directory watcher): every hit, local or shared, is checked
//     against it, so a write on one front is seen by every front sharing the tier at once;
//   - every shared record sealed with an HMAC (record_seal.h) and validated field by field on
//     read; a record that fails is a miss and one log line.
// Renditions are keyed by (dn, etag, requested edge, format, shape): a new photo gets new keys, so nothing is ever
// served for a version it was not rendered from. A record's time is taken before the directory
// read it comes from, so a read racing a write is older than the write and never trusted.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cache/cache_records.h"
#include "cache/record_seal.h"
#include "cache/shared_cache.h"
#include "cache/sharded_lru_cache.h"
#include "cache/single_flight.h"
#include "util/change_listener.h"
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
    // derive_record_key(link secret, directory view): authenticates shared records. Empty: the
    // shared tier is not used at all (nothing could be trusted from it).
    std::string record_key;
    // Fronts' clocks may differ this much: a record read this soon after a person's change
    // recorded by another front is read again.
    int64_t clock_skew_ms = 2'000;
    // Keep per-person change records in the shared tier and check them on every hit: needed when
    // the tier reaches other machines (memcache); a machine-local one (shmcb) relies on the
    // change clock, which costs no shared-tier read per hit.
    bool shared_change_records = true;
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
    std::atomic<uint64_t> refused_records{0};  // shared records that failed the MAC or validation
    std::atomic<uint64_t> evictions{0};        // local entries pushed out by the memory budget
};

class CachingPhotoProvider : public PhotoProvider, public ChangeListener {
public:
    CachingPhotoProvider(CacheSettings settings, std::shared_ptr<PersonSource> source,
                         std::shared_ptr<SharedCache> shared = nullptr, WallClock clock = system_clock_ms);

    PhotoResult get_photo(const PhotoQuery& query, const Logger& log) override;

    // The entry changed (an upload or delete here, or a directory watcher's report): every local
    // record and rendition of it is dropped, and the shared tier's change record for the DN is
    // moved to now, so records of it confirmed before are not trusted by any process or front.
    void person_changed(const std::string& dn) override;

    // When entries change on this server (in any process), records of an entry confirmed before
    // its last change are read again instead of being trusted for their TTL. `last_change(dn)`
    // returns that time in ms since the epoch (0: never; it may answer for several DNs at once).
    // Set once, before serving. Without it, a change in this process makes every record here
    // revalidate.
    void set_change_clock(std::function<int64_t(const std::string& dn)> last_change) {
        change_clock_ = std::move(last_change);
    }

    const CacheCounters& counters() const { return *counters_; }
    // Count into `shared` (e.g. one block in shared memory for every child) instead of this
    // object's own counters. Set once, before serving; it must outlive this provider.
    void count_into(CacheCounters* shared) { counters_ = shared ? shared : &own_counters_; }
    // The local tier's size in this process: entries (records and renditions) and bytes.
    size_t local_entries() const { return metas_.size() + renditions_.size(); }
    size_t local_bytes() const { return metas_.bytes_used() + renditions_.bytes_used(); }
    const CacheSettings& settings() const { return settings_; }

    // What a record refresh produced (shared by the requests that waited for it).
    struct MetaOutcome {
        std::shared_ptr<const PersonMeta> meta;          // null: nothing to serve
        PhotoStatus failure = PhotoStatus::Unavailable;  // when meta is null
        std::shared_ptr<const Rendition> rendition;      // rendered on the way, for requested_edge
        int requested_edge = 0;                          // and requested_format, requested_shape
        ImageFormat requested_format = ImageFormat::Jpeg;
        PhotoShape requested_shape = PhotoShape::Square;
    };

private:
    using MetaPtr = std::shared_ptr<const PersonMeta>;
    using RenditionPtr = std::shared_ptr<const Rendition>;

    struct RenderOutcome {
        PhotoStatus status = PhotoStatus::Unavailable;
        MetaPtr meta;            // the record the rendition belongs to
        RenditionPtr rendition;  // when status is Ok
    };

    // How far a record may be trusted: Fresh (serve it), Expired (TTL over: a cheap marker probe
    // may confirm it), Superseded (its entry changed after it was read: read it again in full,
    // never serve it stale).
    enum class Trust { Fresh, Expired, Superseded };

    std::string identity_key(const PhotoQuery& query) const;
    Trust judge(const PersonMeta& meta, int64_t now, const Logger& log);
    // judge(), and a record of another version than the query's seen_etag is at best Expired.
    Trust judge_for(const PhotoQuery& query, const PersonMeta& meta, int64_t now, const Logger& log);
    int64_t shared_change_of(const std::string& dn, const Logger& log);
    MetaOutcome refresh(const std::string& id, const PhotoQuery& query, MetaPtr old, const Logger& log);
    MetaOutcome serve_stale(const std::string& id, const MetaPtr& old, const Logger& log);
    MetaPtr remember(const std::string& id, PersonMeta meta, bool share);
    MetaOutcome from_resolved(const std::string& id, const PhotoQuery& query, const ResolvedPerson& person,
                              int64_t started_ms, const Logger& log);
    RenditionPtr find_rendition(const std::string& key, ImageFormat format, const Logger& log);
    RenditionPtr store_rendition(const std::string& key, PhotoResult rendered);
    RenderOutcome render_fresh(const std::string& id, const PhotoQuery& query, const MetaPtr& meta,
                               const Logger& log);
    PhotoResult answer(const PersonMeta& meta, const PhotoQuery& query, const RenditionPtr& rendition) const;

    // The shared tier, sealed: reads return the body of an authentic record (a forged or damaged
    // one is logged once and read as a miss); writes seal.
    std::optional<std::string> read_shared(char kind, const std::string& key, const Logger& log);
    void write_shared(char kind, const std::string& key, std::string body, int64_t expires_at_ms);
    // Logs it once and removes it, so that the request's further reads (and others') miss quietly.
    void refuse(char kind, const std::string& key, const char* why, const Logger& log);

    const CacheSettings settings_;
    std::shared_ptr<PersonSource> source_;
    RecordSeal seal_;
    std::shared_ptr<SharedCache> shared_;  // null when there is none or no record key
    WallClock clock_;
    std::function<int64_t(const std::string&)> change_clock_;
    std::atomic<int64_t> last_change_{0};  // this process' last person_changed(), any person
    ShardedLruCache<PersonMeta> metas_;  // both split into shards by key: threads rarely share a lock
    ShardedLruCache<Rendition> renditions_;
    SingleFlight<MetaOutcome> meta_flights_;
    SingleFlight<RenderOutcome> render_flights_;
    CacheCounters own_counters_;
    CacheCounters* counters_ = &own_counters_;
};

// Rendition cache key: entry, photo version, requested edge, format and shape. A JPEG square's key
// is the same as before formats existed (three lines); WebP and AVIF add a line, the bucket's name,
// and PhotoShape::AsStored one more, "as stored".
std::string rendition_key(const std::string& dn, const std::string& etag, int edge,
                          ImageFormat format = ImageFormat::Jpeg, PhotoShape shape = PhotoShape::Square);

}  // namespace userphoto::cache
