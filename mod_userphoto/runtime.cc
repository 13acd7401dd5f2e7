#include "runtime.h"

#include <set>

#include "avatar_glue.h"
#include "chatter_glue.h"
#include "directory_directives.h"
#include "ews_glue.h"
#include "graph_glue.h"
#include "link_secrets.h"
#include "directory_watch.h"
#include "log_bridge.h"
#include "socache_glue.h"
#include "status_glue.h"
#include "write_clock.h"

namespace userphoto::glue {
namespace {

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
    initialize_directory_client();
    RuntimeHooks hooks;
    hooks.change_clock = last_change_ms;
    hooks.cache_counters = shared_cache_counters();  // every child's hits in one place
    // After a write: every child of this server (the shared change clock) and every front sharing
    // the cache tier (its change records) reads the entry again before trusting it.
    hooks.after_write = &child_caches;
    if (HostTable* hosts = shared_directory_hosts())  // every child's figures in one table
        hooks.open_directory = ldap_directories_counted_in(*hosts);
    for (server_rec* s = main_server; s; s = s->next) {
        ServerState* state = server_state(s);
        hooks.shared_tier = shared_cache_for(s);
        // The link secret: ensure_link_secrets() filled it at start-up.
        auto built = build_runtime(state->config, hooks, server_logger(s));
        if (built) state->runtime = pool_new<Runtime>(pchild, std::move(*built));
    }
    start_avatar_children(pchild, main_server);
    start_child_status(pchild, main_server);
}

PhotoProvider& provider_for(request_rec* r) {
    return photos_of(server_state(r->server)->runtime);
}

FallbackPhotos fallback_provider_for(request_rec* r) {
    const ServerState* state = server_state(r->server);
    const int quality = state->config.jpeg_quality.value_or(PhotoServiceSettings{}.jpeg_quality);
    return FallbackPhotos(provider_for(r), dir_config(r)->fallback.value_or(FallbackPicture::None), quality);
}

}  // namespace userphoto::glue
