#include "config/runtime_builder.h"

#include "service/people_service.h"
#include "service/person_source.h"
#include "service/photo_service.h"
#include "service/photo_writer.h"

namespace userphoto {
namespace {

// Stands in when a server has no usable configuration: every lookup is "unavailable".
class UnconfiguredProvider : public PhotoProvider {
public:
    PhotoResult get_photo(const PhotoQuery&, const Logger& log) override {
        log.error(kNotConfigured);
        PhotoResult result;
        result.status = PhotoStatus::Unavailable;
        return result;
    }
};

UnconfiguredProvider unconfigured;  // stateless, safe to share across threads

std::shared_ptr<cache::CachingPhotoProvider> make_cache(const ResolvedSettings& settings,
                                                        std::shared_ptr<PhotoService> service,
                                                        const RuntimeHooks& hooks) {
    auto cache = std::make_shared<cache::CachingPhotoProvider>(
        settings.cache, std::make_shared<ServicePersonSource>(std::move(service)),
        hooks.shared_tier);
    if (hooks.change_clock) cache->set_change_clock(hooks.change_clock);
    cache->count_into(hooks.cache_counters);  // e.g. every child's hits in one place
    return cache;
}

}  // namespace

std::optional<ServerRuntime> build_runtime(const ServerConfig& config, const RuntimeHooks& hooks, const Logger& log) {
    auto settings = resolve(config, nullptr);
    if (!settings) return std::nullopt;
    DirectoryHandle directory = hooks.open_directory(settings->directory, log);
    ServerRuntime runtime;
    runtime.pool = directory.gauges;
    auto service = std::make_shared<PhotoService>(settings->service, directory.access);
    runtime.photos = service;
    if (settings->cache_enabled) {
        runtime.cache = make_cache(*settings, service, hooks);
        runtime.photos = runtime.cache;
    }
    runtime.editor = make_photo_writer(config, *settings, directory.access,
                                       config.chatter_id_attribute.value_or(kDefaultChatterIdAttribute),
                                       hooks.after_write);
    runtime.signer = std::make_shared<LinkSigner>(settings->link_secret);
    runtime.graph_editor = make_photo_writer(config, *settings, directory.access,
                                             config.graph_id_attribute.value_or(kDefaultGraphIdAttribute),
                                             hooks.after_write);
    // ---- onOffice ----
    runtime.people = std::make_shared<PeopleService>(settings->people, directory.access);
    runtime.link_secret = settings->link_secret;  // the glue fills a random one at start-up when unset
    runtime.link_lifetime_s = settings->link_lifetime_s;
    return runtime;
}

std::shared_ptr<PhotoEditor> make_photo_writer(const ServerConfig& config, const ResolvedSettings& settings,
                                               std::shared_ptr<directory::DirectoryAccess> directory,
                                               const std::string& profile_id_attribute, ChangeListener* after_write) {
    PhotoWriterSettings writer;
    writer.service = settings.service;
    writer.profile_id_attribute = profile_id_attribute;
    if (config.upload_attributes) {
        writer.large_attribute = config.upload_attributes->first;
        writer.thumb_attribute = config.upload_attributes->second;
    }
    writer.max_upload_pixels = config.max_upload_pixels.value_or(kDefaultMaxUploadPixels);
    // After a write: every child of this server (the shared change clock) and every front sharing
    // the cache tier (its change records) reads the entry again before trusting it.
    return std::make_shared<PhotoWriter>(writer, std::move(directory), [after_write](const std::string& dn) {
        if (after_write) after_write->person_changed(dn);
    });
}

PhotoProvider& photos_of(const ServerRuntime* runtime) {
    if (runtime && runtime->photos) return *runtime->photos;
    return unconfigured;
}

}  // namespace userphoto
