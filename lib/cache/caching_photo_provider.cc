#include "cache/caching_photo_provider.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "util/strings.h"

namespace userphoto::cache {
namespace {

constexpr size_t kMetaCost = 256;  // a record's strings, roughly
// The smallest share of the budget a shard gets: records are small; a rendition may be hundreds
// of kB, and one larger than its shard's share is not kept locally.
constexpr size_t kMinMetaShardBytes = 64 << 10;
constexpr size_t kMinRenditionShardBytes = 4 << 20;

size_t meta_budget(size_t total) {
    size_t sixteenth = total / 16;
    return sixteenth < (64u << 10) ? (total < (64u << 10) ? total : (64u << 10)) : sixteenth;
}

CachingPhotoProvider::MetaOutcome found(std::shared_ptr<const PersonMeta> meta) {
    CachingPhotoProvider::MetaOutcome outcome;
    outcome.meta = std::move(meta);
    outcome.failure = PhotoStatus::Ok;
    return outcome;
}

CachingPhotoProvider::MetaOutcome failed(PhotoStatus status) {
    CachingPhotoProvider::MetaOutcome outcome;
    outcome.failure = status;
    return outcome;
}

PhotoResult status_only(PhotoStatus status) {
    PhotoResult result;
    result.status = status;
    return result;
}

// A negative record's answer; NoPhoto names the person for a drawn fallback.
PhotoResult negative_answer(const PersonMeta& meta) {
    PhotoResult result = status_only(meta.status);
    if (meta.status == PhotoStatus::NoPhoto) {
        result.person = meta.dn;
        result.initials = meta.initials;
    }
    return result;
}

// Person and change records are small (a DN, an ETag, a marker); renditions may be large.
constexpr size_t kSmallRecordBytes = 16 << 10;
constexpr size_t kRenditionRecordBytes = 1 << 20;

// DNs compare case-insensitively (as the directory does for the attribute types in them).
std::string change_key(const std::string& dn) { return to_lower(dn); }

std::string printable(const std::string& key) {
    std::string out = key.substr(0, 200);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return out;
}

}  // namespace

int64_t system_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string rendition_key(const std::string& dn, const std::string& etag, int edge, ImageFormat format,
                          PhotoShape shape) {
    std::string key;
    key.reserve(dn.size() + etag.size() + 8);
    key += dn;
    key += '\n';
    key += etag;
    key += '\n';
    key += std::to_string(edge);
    if (format != ImageFormat::Jpeg) {
        key += '\n';
        key += format_name(format);
    }
    if (shape == PhotoShape::AsStored) key += "\nas stored";
    return key;
}

CachingPhotoProvider::CachingPhotoProvider(CacheSettings settings, std::shared_ptr<PersonSource> source,
                                           std::shared_ptr<SharedCache> shared, WallClock clock)
    : settings_(std::move(settings)),
      source_(std::move(source)),
      seal_(settings_.record_key, settings_.key_namespace),
      shared_(seal_.usable() ? std::move(shared) : nullptr),
      clock_(clock ? std::move(clock) : WallClock(system_clock_ms)),
      metas_(meta_budget(settings_.memory_bytes), kMinMetaShardBytes),
      renditions_(settings_.memory_bytes - meta_budget(settings_.memory_bytes), kMinRenditionShardBytes),
      meta_flights_(std::chrono::milliseconds(settings_.flight_wait_ms)),
      render_flights_(std::chrono::milliseconds(settings_.flight_wait_ms)) {}

std::string CachingPhotoProvider::identity_key(const PhotoQuery& query) const {
    // Identity attributes (mail, uid, employee numbers) match case-insensitively in LDAP: one record
    // for every spelling. Values whose case tells people apart (15-character Salesforce ids) or that
    // are binary (AD's objectGUID) are keyed byte for byte: folding or trimming them could give two
    // people one record.
    std::string key = to_lower(source_->identity_attribute(query));
    key += '=';
    key += query.case_exact ? query.value : to_lower(trim(query.value));
    // The same person with and without a linked entry's stand-in photo are two records.
    if (query.follow_linked_entry) key += "\nlinked";
    return key;
}

int64_t CachingPhotoProvider::shared_change_of(const std::string& dn, const Logger& log) {
    if (!shared_ || dn.empty()) return 0;
    const std::string key = change_key(dn);
    auto body = read_shared('g', key, log);
    if (!body) return 0;
    auto at = parse_change(key, *body);
    if (!at) {
        refuse('g', key, "malformed", log);
        return 0;
    }
    return *at;
}

CachingPhotoProvider::Trust CachingPhotoProvider::judge(const PersonMeta& meta, int64_t now, const Logger& log) {
    int64_t ttl = meta.negative() ? settings_.negative_ttl_ms : settings_.ttl_ms;
    if (now < meta.fetched_at_ms || now - meta.fetched_at_ms >= ttl) return Trust::Expired;
    if (change_clock_) {
        if (meta.fetched_at_ms <= change_clock_(meta.dn)) return Trust::Superseded;
    } else if (meta.fetched_at_ms <= last_change_.load(std::memory_order_relaxed)) {
        return Trust::Expired;
    }
    if (!settings_.shared_change_records) return Trust::Fresh;
    // Another front's clock may run ahead of the one that read this record: allow for it.
    int64_t changed = shared_change_of(meta.dn, log);
    if (changed && meta.fetched_at_ms <= changed + settings_.clock_skew_ms) return Trust::Superseded;
    return Trust::Fresh;
}

CachingPhotoProvider::Trust CachingPhotoProvider::judge_for(const PhotoQuery& query, const PersonMeta& meta,
                                                            int64_t now, const Logger& log) {
    const Trust trust = judge(meta, now, log);
    // The caller has seen another version in the directory (or holds a link to one): confirm first.
    if (trust == Trust::Fresh && !query.seen_etag.empty() && meta.etag != query.seen_etag) return Trust::Expired;
    return trust;
}

void CachingPhotoProvider::refuse(char kind, const std::string& key, const char* why, const Logger& log) {
    counters_->refused_records++;
    try {
        if (shared_) shared_->remove(seal_.store_key(kind, key));
    } catch (const std::exception&) {
    }
    log.warn(std::string("photo cache: ignored a ") + why + " shared-cache record (" + kind + ") for " + printable(key) +
             "; is the shared cache reachable by others, or do the servers' UserPhotoLinkSecret differ?");
}

std::optional<std::string> CachingPhotoProvider::read_shared(char kind, const std::string& key, const Logger& log) {
    if (!shared_) return std::nullopt;
    try {
        const std::string store_key = seal_.store_key(kind, key);
        auto sealed = shared_->get(store_key, kind == 'r' ? kRenditionRecordBytes : kSmallRecordBytes);
        if (!sealed) return std::nullopt;
        auto body = seal_.open(store_key, *sealed);
        if (!body) {
            refuse(kind, key, "forged or damaged", log);
            return std::nullopt;
        }
        return std::string(*body);
    } catch (const std::exception& e) {
        log.error(std::string("photo cache: shared tier read failed: ") + e.what());
        return std::nullopt;
    }
}

void CachingPhotoProvider::write_shared(char kind, const std::string& key, std::string body, int64_t expires_at_ms) {
    if (!shared_) return;
    try {
        const std::string store_key = seal_.store_key(kind, key);
        shared_->put(store_key, seal_.seal(store_key, std::move(body)), expires_at_ms);
    } catch (const std::exception&) {
        // Not shared: a miss for the others, no harm.
    }
}

CachingPhotoProvider::MetaPtr CachingPhotoProvider::remember(const std::string& id, PersonMeta meta, bool share) {
    auto ptr = std::make_shared<const PersonMeta>(std::move(meta));
    counters_->evictions += metas_.put(id, ptr, kMetaCost + ptr->dn.size() + ptr->change_marker.size());
    if (share && shared_) {
        int64_t ttl = ptr->negative() ? settings_.negative_ttl_ms : settings_.ttl_ms;
        write_shared('m', id, serialize(id, *ptr), ptr->fetched_at_ms + ttl + settings_.stale_keep_ms);
    }
    return ptr;
}

CachingPhotoProvider::RenditionPtr CachingPhotoProvider::find_rendition(const std::string& key, ImageFormat format,
                                                                         const Logger& log) {
    if (RenditionPtr local = renditions_.get(key)) {
        counters_->local_hits++;
        return local;
    }
    auto body = read_shared('r', key, log);
    if (!body) return nullptr;
    auto parsed = parse_rendition(key, *body, format);
    if (!parsed) {
        refuse('r', key, "malformed", log);
        return nullptr;
    }
    counters_->shared_hits++;
    auto ptr = std::make_shared<const Rendition>(std::move(*parsed));
    counters_->evictions += renditions_.put(key, ptr, ptr->jpeg.size());
    return ptr;
}

CachingPhotoProvider::RenditionPtr CachingPhotoProvider::store_rendition(const std::string& key, PhotoResult rendered) {
    Rendition r;
    r.jpeg = std::move(rendered.jpeg);
    r.edge = rendered.edge;
    auto ptr = std::make_shared<const Rendition>(std::move(r));
    counters_->evictions += renditions_.put(key, ptr, ptr->jpeg.size());
    write_shared('r', key, serialize(key, *ptr), clock_() + settings_.ttl_ms + settings_.stale_keep_ms);
    return ptr;
}

CachingPhotoProvider::MetaOutcome CachingPhotoProvider::serve_stale(const std::string& id, const MetaPtr& old,
                                                                     const Logger& log) {
    counters_->stale_served++;
    int64_t now = clock_();
    log.warn("directory unavailable: serving the cached answer for " + id + " (confirmed " +
             std::to_string((now - old->fetched_at_ms) / 1000) + " s ago)");
    // Trust it a little longer here only, so an outage costs one directory timeout per retry
    // interval rather than one per request.
    PersonMeta extended = *old;
    int64_t ttl = old->negative() ? settings_.negative_ttl_ms : settings_.ttl_ms;
    int64_t retry = settings_.stale_retry_ms < ttl ? settings_.stale_retry_ms : ttl;
    extended.fetched_at_ms = now - ttl + retry;
    return found(remember(id, std::move(extended), false));
}

CachingPhotoProvider::MetaOutcome CachingPhotoProvider::from_resolved(const std::string& id, const PhotoQuery& query,
                                                                       const ResolvedPerson& person, int64_t started_ms,
                                                                       const Logger& log) {
    PersonMeta meta;
    meta.fetched_at_ms = started_ms;  // when the read began: a write during it is newer than the record
    meta.dn = person.dn;
    switch (person.status) {
        case PhotoStatus::Ok: break;
        case PhotoStatus::NoPhoto:
            meta.initials = person.initials;
            meta.status = person.status;
            return found(remember(id, std::move(meta), true));
        case PhotoStatus::NoSuchPerson:
            meta.status = person.status;
            return found(remember(id, std::move(meta), true));
        default: return failed(person.status);  // InvalidIdentity, Unavailable: never cached
    }
    meta.etag = person.etag;
    meta.change_marker = person.change_marker;
    // Render the asked size while the photo bytes are at hand: a cold request reads LDAP once.
    std::string key = rendition_key(person.dn, person.etag, query.edge, query.format, query.shape);
    RenditionPtr rendition = find_rendition(key, query.format, log);
    if (!rendition) {
        counters_->renders++;
        PhotoResult rendered = source_->render(person, query.edge, query.format, query.shape, log);
        if (rendered.status != PhotoStatus::Ok) {
            meta.status = PhotoStatus::NoPhoto;
            meta.etag.clear();
            meta.initials = person.initials;
            return found(remember(id, std::move(meta), true));
        }
        rendition = store_rendition(key, std::move(rendered));
    }
    return {remember(id, std::move(meta), true), PhotoStatus::Ok, rendition, query.edge, query.format, query.shape};
}

CachingPhotoProvider::MetaOutcome CachingPhotoProvider::refresh(const std::string& id, const PhotoQuery& query,
                                                                 MetaPtr old, const Logger& log) {
    const int64_t started = clock_();
    // Another thread (local) or process (shared) may have refreshed it meanwhile.
    if (MetaPtr current = metas_.get(id); current && judge_for(query, *current, started, log) == Trust::Fresh)
        return found(current);
    // A record older than its entry's last change is neither confirmed by a marker nor served stale.
    if (old && judge(*old, started, log) == Trust::Superseded) old = nullptr;
    if (auto body = read_shared('m', id, log)) {
        if (auto parsed = parse_meta(id, *body)) {
            Trust trust = judge_for(query, *parsed, started, log);
            if (trust == Trust::Fresh) {
                counters_->shared_hits++;
                return found(remember(id, std::move(*parsed), false));
            }
            // Expired, but still good for a cheap revalidation (or a stale answer).
            if (trust == Trust::Expired && (!old || parsed->fetched_at_ms > old->fetched_at_ms))
                old = std::make_shared<const PersonMeta>(std::move(*parsed));
        } else {
            refuse('m', id, "malformed", log);
        }
    }
    if (old && !old->negative() && !old->change_marker.empty()) {
        counters_->marker_probes++;
        MarkerProbe probe = source_->probe_marker(query, log);
        if (probe.status == PhotoStatus::Ok && probe.dn == old->dn && probe.change_marker == old->change_marker) {
            log.debug("photo cache: " + id + " confirmed by its change marker");
            PersonMeta confirmed = *old;
            confirmed.fetched_at_ms = started;
            return found(remember(id, std::move(confirmed), true));
        }
        if (probe.status == PhotoStatus::Unavailable) return serve_stale(id, old, log);
    }
    counters_->resolves++;
    log.debug("photo cache: reading " + id + " from the directory");
    ResolvedPerson person = source_->resolve(query, log);
    if (person.status == PhotoStatus::Unavailable && old) return serve_stale(id, old, log);
    return from_resolved(id, query, person, started, log);
}

CachingPhotoProvider::RenderOutcome CachingPhotoProvider::render_fresh(const std::string& id, const PhotoQuery& query,
                                                                        const MetaPtr& meta, const Logger& log) {
    std::string key = rendition_key(meta->dn, meta->etag, query.edge, query.format, query.shape);
    if (RenditionPtr r = find_rendition(key, query.format, log)) return {PhotoStatus::Ok, meta, r};
    counters_->resolves++;
    log.debug("photo cache: reading " + id + " from the directory for size " + std::to_string(query.edge));
    const int64_t started = clock_();
    ResolvedPerson person = source_->resolve(query, log);
    if (person.status == PhotoStatus::Unavailable || person.status == PhotoStatus::InvalidIdentity)
        return {person.status, nullptr, nullptr};  // this size was never cached
    // The photo may have changed since the record was confirmed: from_resolved records what is
    // there now and renders the asked size for it.
    MetaOutcome outcome = from_resolved(id, query, person, started, log);
    if (!outcome.meta) return {outcome.failure, nullptr, nullptr};
    if (outcome.meta->negative()) return {outcome.meta->status, outcome.meta, nullptr};  // get_photo names it
    if (!outcome.rendition) return {PhotoStatus::NoPhoto, outcome.meta, nullptr};
    return {PhotoStatus::Ok, outcome.meta, outcome.rendition};
}

PhotoResult CachingPhotoProvider::answer(const PersonMeta& meta, const PhotoQuery& query,
                                         const RenditionPtr& rendition) const {
    PhotoResult result;
    result.status = PhotoStatus::Ok;
    result.etag = meta.etag;
    result.jpeg = rendition->jpeg;
    result.edge = rendition->edge;
    (void)query;
    return result;
}

PhotoResult CachingPhotoProvider::get_photo(const PhotoQuery& query, const Logger& log) {
    if (trim(query.value).empty())
        return source_->render(source_->resolve(query, log), query.edge, query.format, query.shape, log);
    const std::string id = identity_key(query);
    MetaPtr meta = metas_.get(id);
    if (!meta || judge_for(query, *meta, clock_(), log) != Trust::Fresh) {
        MetaOutcome outcome = meta_flights_.run(id, [&] { return refresh(id, query, meta, log); });
        if (!outcome.meta) return status_only(outcome.failure);
        meta = outcome.meta;
        if (!meta->negative() && outcome.rendition && outcome.requested_edge == query.edge &&
            outcome.requested_format == query.format && outcome.requested_shape == query.shape &&
            !query.if_none_match.matches(format_etag(meta->etag, query.format)))
            return answer(*meta, query, outcome.rendition);
    }
    if (meta->negative()) return negative_answer(*meta);
    if (query.if_none_match.matches(format_etag(meta->etag, query.format))) {
        // Answered from the record alone: no image data is touched.
        PhotoResult result = status_only(PhotoStatus::NotModified);
        result.etag = meta->etag;
        return result;
    }
    const std::string key = rendition_key(meta->dn, meta->etag, query.edge, query.format, query.shape);
    if (RenditionPtr r = find_rendition(key, query.format, log)) return answer(*meta, query, r);

    RenderOutcome outcome = render_flights_.run(key, [&] { return render_fresh(id, query, meta, log); });
    if (outcome.status == PhotoStatus::NoPhoto && outcome.meta) return negative_answer(*outcome.meta);
    if (outcome.status != PhotoStatus::Ok) return status_only(outcome.status);
    if (query.if_none_match.matches(format_etag(outcome.meta->etag, query.format))) {
        PhotoResult result = status_only(PhotoStatus::NotModified);
        result.etag = outcome.meta->etag;
        return result;
    }
    return answer(*outcome.meta, query, outcome.rendition);
}

void CachingPhotoProvider::person_changed(const std::string& dn) {
    if (dn.empty()) return;
    const int64_t now = clock_();
    // A read of this process that began before the change and ends after it is not trusted either.
    for (int64_t seen = last_change_.load(); seen < now && !last_change_.compare_exchange_weak(seen, now);) {
    }
    metas_.erase_if([&](const std::string&, const PersonMeta& meta) { return iequals(meta.dn, dn); });
    const std::string prefix = dn + '\n';
    renditions_.erase_if([&](const std::string& key, const Rendition&) { return istarts_with(key, prefix); });
    if (!shared_ || !settings_.shared_change_records) return;
    // Never move the record back: another front with a faster clock may have written a later time.
    const std::string key = change_key(dn);
    const int64_t at = std::max(now, shared_change_of(dn, Logger()));
    // Kept as long as any record of the entry may live in the tier.
    const int64_t keep = std::max(settings_.ttl_ms, settings_.negative_ttl_ms) + settings_.stale_keep_ms +
                         settings_.clock_skew_ms;
    write_shared('g', key, serialize_change(key, at), at + keep);
}

}  // namespace userphoto::cache
