#include "cache/caching_photo_provider.h"

#include <chrono>
#include <cstdio>

#include "util/content_hash.h"
#include "util/strings.h"

namespace userphoto::cache {
namespace {

constexpr size_t kMetaCost = 256;  // a record's strings, roughly

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

}  // namespace

int64_t system_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string rendition_key(const std::string& dn, const std::string& etag, int edge) {
    std::string key;
    key.reserve(dn.size() + etag.size() + 8);
    key += dn;
    key += '\n';
    key += etag;
    key += '\n';
    key += std::to_string(edge);
    return key;
}

CachingPhotoProvider::CachingPhotoProvider(CacheSettings settings, std::shared_ptr<PersonSource> source,
                                           std::shared_ptr<SharedCache> shared, WallClock clock)
    : settings_(std::move(settings)),
      source_(std::move(source)),
      shared_(std::move(shared)),
      clock_(clock ? std::move(clock) : WallClock(system_clock_ms)),
      metas_(meta_budget(settings_.memory_bytes)),
      renditions_(settings_.memory_bytes - meta_budget(settings_.memory_bytes)),
      meta_flights_(std::chrono::milliseconds(settings_.flight_wait_ms)),
      render_flights_(std::chrono::milliseconds(settings_.flight_wait_ms)) {}

std::string CachingPhotoProvider::identity_key(const PhotoQuery& query) const {
    // Addresses and user names match case-insensitively in LDAP: one record for every spelling.
    // Other attributes' values are keyed exactly: some are binary (AD objectGUID), where folding
    // case or trimming would give two different people one record.
    std::string key = to_lower(source_->identity_attribute(query));
    key += '=';
    if (query.kind == IdentityKind::Attribute)
        key += query.value;
    else
        key += to_lower(trim(query.value));
    return key;
}

bool CachingPhotoProvider::fresh(const PersonMeta& meta, int64_t now) const {
    int64_t ttl = meta.negative() ? settings_.negative_ttl_ms : settings_.ttl_ms;
    if (last_write_ && meta.fetched_at_ms <= last_write_()) return false;
    return now >= meta.fetched_at_ms && now - meta.fetched_at_ms < ttl;
}

std::string CachingPhotoProvider::shared_key(char kind, const std::string& key) const {
    // Fixed-length printable keys suit every socache provider (memcache forbids spaces, limits length).
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(content_hash64(key)));
    std::string out = "up";
    out += settings_.key_namespace;
    out += kind;
    out += hex;
    return out;
}

CachingPhotoProvider::MetaPtr CachingPhotoProvider::remember(const std::string& id, PersonMeta meta, bool share) {
    auto ptr = std::make_shared<const PersonMeta>(std::move(meta));
    metas_.put(id, ptr, kMetaCost + ptr->dn.size() + ptr->change_marker.size());
    if (share && shared_) {
        int64_t ttl = ptr->negative() ? settings_.negative_ttl_ms : settings_.ttl_ms;
        shared_->put(shared_key('m', id), serialize(id, *ptr), ptr->fetched_at_ms + ttl + settings_.stale_keep_ms);
    }
    return ptr;
}

CachingPhotoProvider::RenditionPtr CachingPhotoProvider::find_rendition(const std::string& key) {
    if (RenditionPtr local = renditions_.get(key)) {
        counters_.local_hits++;
        return local;
    }
    if (!shared_) return nullptr;
    auto bytes = shared_->get(shared_key('r', key));
    if (!bytes) return nullptr;
    auto parsed = parse_rendition(key, *bytes);
    if (!parsed) return nullptr;
    counters_.shared_hits++;
    auto ptr = std::make_shared<const Rendition>(std::move(*parsed));
    renditions_.put(key, ptr, ptr->jpeg.size());
    return ptr;
}

CachingPhotoProvider::RenditionPtr CachingPhotoProvider::store_rendition(const std::string& key, PhotoResult rendered) {
    Rendition r;
    r.jpeg = std::move(rendered.jpeg);
    r.edge = rendered.edge;
    auto ptr = std::make_shared<const Rendition>(std::move(r));
    renditions_.put(key, ptr, ptr->jpeg.size());
    if (shared_)
        shared_->put(shared_key('r', key), serialize(key, *ptr),
                     clock_() + settings_.ttl_ms + settings_.stale_keep_ms);
    return ptr;
}

CachingPhotoProvider::MetaOutcome CachingPhotoProvider::serve_stale(const std::string& id, const MetaPtr& old,
                                                                     const Logger& log) {
    counters_.stale_served++;
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
                                                                       const ResolvedPerson& person, const Logger& log) {
    PersonMeta meta;
    meta.fetched_at_ms = clock_();
    meta.dn = person.dn;
    switch (person.status) {
        case PhotoStatus::Ok: break;
        case PhotoStatus::NoPhoto:
        case PhotoStatus::NoSuchPerson:
            meta.status = person.status;
            return found(remember(id, std::move(meta), true));
        default: return failed(person.status);  // InvalidIdentity, Unavailable: never cached
    }
    meta.etag = person.etag;
    meta.change_marker = person.change_marker;
    // Render the asked size while the photo bytes are at hand: a cold request reads LDAP once.
    std::string key = rendition_key(person.dn, person.etag, query.edge);
    RenditionPtr rendition = find_rendition(key);
    if (!rendition) {
        counters_.renders++;
        PhotoResult rendered = source_->render(person, query.edge, log);
        if (rendered.status != PhotoStatus::Ok) {
            meta.status = PhotoStatus::NoPhoto;
            meta.etag.clear();
            return found(remember(id, std::move(meta), true));
        }
        rendition = store_rendition(key, std::move(rendered));
    }
    return {remember(id, std::move(meta), true), PhotoStatus::Ok, rendition, query.edge};
}

CachingPhotoProvider::MetaOutcome CachingPhotoProvider::refresh(const std::string& id, const PhotoQuery& query,
                                                                 MetaPtr old, const Logger& log) {
    int64_t now = clock_();
    // Another thread (local) or process (shared) may have refreshed it meanwhile.
    if (MetaPtr current = metas_.get(id); current && fresh(*current, now)) return found(current);
    if (shared_) {
        if (auto bytes = shared_->get(shared_key('m', id))) {
            if (auto parsed = parse_meta(id, *bytes)) {
                if (fresh(*parsed, now)) {
                    counters_.shared_hits++;
                    return found(remember(id, std::move(*parsed), false));
                }
                // Expired, but still good for a cheap revalidation (or a stale answer).
                if (!old || parsed->fetched_at_ms > old->fetched_at_ms)
                    old = std::make_shared<const PersonMeta>(std::move(*parsed));
            }
        }
    }
    if (old && !old->negative() && !old->change_marker.empty()) {
        counters_.marker_probes++;
        MarkerProbe probe = source_->probe_marker(query, log);
        if (probe.status == directory::Status::Found && probe.dn == old->dn && probe.change_marker == old->change_marker) {
            log.debug("photo cache: " + id + " confirmed by its change marker");
            PersonMeta confirmed = *old;
            confirmed.fetched_at_ms = clock_();
            return found(remember(id, std::move(confirmed), true));
        }
        if (probe.status == directory::Status::Unavailable) return serve_stale(id, old, log);
    }
    counters_.resolves++;
    log.debug("photo cache: reading " + id + " from the directory");
    ResolvedPerson person = source_->resolve(query, log);
    if (person.status == PhotoStatus::Unavailable && old) return serve_stale(id, old, log);
    return from_resolved(id, query, person, log);
}

CachingPhotoProvider::RenderOutcome CachingPhotoProvider::render_fresh(const std::string& id, const PhotoQuery& query,
                                                                        const MetaPtr& meta, const Logger& log) {
    std::string key = rendition_key(meta->dn, meta->etag, query.edge);
    if (RenditionPtr r = find_rendition(key)) return {PhotoStatus::Ok, meta, r};
    counters_.resolves++;
    log.debug("photo cache: reading " + id + " from the directory for size " + std::to_string(query.edge));
    ResolvedPerson person = source_->resolve(query, log);
    if (person.status == PhotoStatus::Unavailable || person.status == PhotoStatus::InvalidIdentity)
        return {person.status, nullptr, nullptr};  // this size was never cached
    // The photo may have changed since the record was confirmed: from_resolved records what is
    // there now and renders the asked size for it.
    MetaOutcome outcome = from_resolved(id, query, person, log);
    if (!outcome.meta) return {outcome.failure, nullptr, nullptr};
    if (outcome.meta->negative()) return {outcome.meta->status, outcome.meta, nullptr};
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
    if (trim(query.value).empty()) return source_->render(source_->resolve(query, log), query.edge, log);
    const std::string id = identity_key(query);
    MetaPtr meta = metas_.get(id);
    if (!meta || !fresh(*meta, clock_())) {
        MetaOutcome outcome = meta_flights_.run(id, [&] { return refresh(id, query, meta, log); });
        if (!outcome.meta) return status_only(outcome.failure);
        meta = outcome.meta;
        if (!meta->negative() && outcome.rendition && outcome.requested_edge == query.edge &&
            (query.if_none_match.empty() || query.if_none_match != meta->etag))
            return answer(*meta, query, outcome.rendition);
    }
    if (meta->negative()) return status_only(meta->status);
    if (!query.if_none_match.empty() && query.if_none_match == meta->etag) {
        // Answered from the record alone: no image data is touched.
        PhotoResult result = status_only(PhotoStatus::NotModified);
        result.etag = meta->etag;
        return result;
    }
    const std::string key = rendition_key(meta->dn, meta->etag, query.edge);
    if (RenditionPtr r = find_rendition(key)) return answer(*meta, query, r);

    RenderOutcome outcome = render_flights_.run(key, [&] { return render_fresh(id, query, meta, log); });
    if (outcome.status != PhotoStatus::Ok) return status_only(outcome.status);
    if (!query.if_none_match.empty() && query.if_none_match == outcome.meta->etag) {
        PhotoResult result = status_only(PhotoStatus::NotModified);
        result.etag = outcome.meta->etag;
        return result;
    }
    return answer(*outcome.meta, query, outcome.rendition);
}

void CachingPhotoProvider::invalidate(const PhotoQuery& identity, const std::string& dn) {
    const std::string id = identity_key(identity);
    metas_.erase(id);
    if (shared_) shared_->remove(shared_key('m', id));
    if (dn.empty()) return;
    metas_.erase_if([&](const std::string&, const PersonMeta& meta) { return iequals(meta.dn, dn); });
    const std::string prefix = dn + '\n';
    renditions_.erase_if([&](const std::string& key, const Rendition&) { return istarts_with(key, prefix); });
}

}  // namespace userphoto::cache
