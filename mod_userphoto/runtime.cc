#include "runtime.h"

#include <set>

#include "avatar_glue.h"
#include "chatter_glue.h"
#include "directory_directives.h"
#include "ews_glue.h"
#include "graph_glue.h"
#include "link_secrets.h"
#include "directory/directory.h"
#include "directory_watch.h"
#include "log_bridge.h"
#include "service/person_source.h"
#include "service/photo_service.h"
#include "service/photo_writer.h"
#include "socache_glue.h"
#include "status_glue.h"
#include "write_clock.h"
#include "service/people_service.h"

namespace userphoto::glue {
namespace {

// Stands in when a server has no usable configuration: every lookup is "unavailable",
// which each protocol renders as its own internal-error answer.
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

// Hands a change to the machine's change clock, to every server's cache in this child and to the
// avatar hash indexes (shared memory: one update serves every child). Set in child_init, read-only
// afterwards.
class ChildCaches : public ChangeListener {
public:
    void attach(server_rec* main_server) { main_server_ = main_server; }
    void person_changed(const std::string& dn) override {
        note_person_changed(dn);  // every child on this machine
        std::set<ChangeListener*> indexes;  // servers sharing a directory share its index: one re-read
        for (server_rec* s = main_server_; s; s = s->next) {
            ServerState* state = server_state(s);
            if (state->runtime && state->runtime->cache) state->runtime->cache->person_changed(dn);
            if (ChangeListener* index = avatar_change_listener(s)) indexes.insert(index);
        }
        for (ChangeListener* index : indexes) index->person_changed(dn);
    }

private:
    server_rec* main_server_ = nullptr;
};

ChildCaches child_caches;

}  // namespace

ChangeListener& change_listener() { return child_caches; }

int check_configuration(apr_pool_t* pconf, apr_pool_t* ptemp, server_rec* main_server) {
    ensure_link_secrets(main_server);
    create_status_counters(main_server);  // logged; without it the status page shows no counters
    name_directory_hosts(main_server);
    create_write_clock(pconf, main_server);
    warn_anonymous_ews_locations(main_server);
    for (server_rec* s = main_server; s; s = s->next) {
        ServerState* state = server_state(s);
        std::string problem;
        if (!resolve(state->config, &problem)) {
            state->problem = problem;
            // Only warn once for the main server when no vhost uses the module at all would be nicer,
            // but a missing URL is worth seeing: the handlers answer 500 without it.
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, "mod_userphoto: %s", problem.c_str());
        } else if (!check_directory_settings(s)) {
            return HTTP_INTERNAL_SERVER_ERROR;  // logged: e.g. StartTLS with ldaps://
        }
    }
    start_directory_watchers(pconf, main_server);
    if (int rc = create_avatar_indexes(pconf, main_server); rc != OK) return rc;
    return create_shared_caches(pconf, ptemp, main_server);
}

void create_child_runtimes(apr_pool_t* pchild, server_rec* main_server) {
    attach_shared_caches(pchild, main_server);
    child_caches.attach(main_server);
    // Process-wide library set-up, single-threaded, before the worker threads start.
    directory::initialize_client_library();
    for (server_rec* s = main_server; s; s = s->next) {
        ServerState* state = server_state(s);
        auto settings = resolve(state->config, nullptr);
        if (!settings) continue;
        auto directory = std::make_shared<directory::Directory>(settings->directory, server_logger(s));
        if (HostTable* hosts = shared_directory_hosts()) directory->count_hosts_in(*hosts);  // every child's figures
        Runtime* runtime = pool_new<Runtime>(pchild);
        runtime->directory = directory;
        auto service = std::make_shared<PhotoService>(settings->service, directory);
        runtime->photos = service;
        if (settings->cache_enabled) {
            runtime->cache = std::make_shared<cache::CachingPhotoProvider>(
                settings->cache, std::make_shared<ServicePersonSource>(service), shared_cache_for(s));
            runtime->cache->set_change_clock(last_change_ms);
            runtime->cache->count_into(shared_cache_counters());  // every child's hits in one place
            runtime->photos = runtime->cache;
        }
        create_chatter_runtime(*runtime, state->config, *settings, directory);
        create_graph_runtime(*runtime, state->config, *settings, directory);
        // ---- onOffice ----
        runtime->people = std::make_shared<PeopleService>(settings->people, directory);
        runtime->link_secret = settings->link_secret;  // ensure_link_secrets() filled it at start-up
        runtime->link_lifetime_s = settings->link_lifetime_s;
        state->runtime = runtime;
    }
    start_avatar_children(pchild, main_server);
}

std::shared_ptr<PhotoEditor> make_photo_writer(const ServerConfig& config,
                                               const ResolvedSettings& settings,
                                               const std::shared_ptr<directory::Directory>& directory,
                                               const std::string& profile_id_attribute) {
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
    return std::make_shared<PhotoWriter>(writer, directory,
                                         [](const std::string& dn) { change_listener().person_changed(dn); });
}

PhotoProvider& provider_for(request_rec* r) {
    ServerState* state = server_state(r->server);
    if (state->runtime && state->runtime->photos) return *state->runtime->photos;
    return unconfigured;
}

FallbackPhotos fallback_provider_for(request_rec* r) {
    const ServerState* state = server_state(r->server);
    const int quality = state->config.jpeg_quality.value_or(PhotoServiceSettings{}.jpeg_quality);
    return FallbackPhotos(provider_for(r), dir_config(r)->fallback.value_or(FallbackPicture::None), quality);
}

}  // namespace userphoto::glue
