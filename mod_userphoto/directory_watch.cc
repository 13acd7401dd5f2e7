#include "directory_watch.h"

#include <chrono>
#include <exception>
#include <set>
#include <string>

#include "config/change_watcher.h"
#include "log_bridge.h"
#include "mod_watchdog.h"
#include "runtime.h"
#include "status_glue.h"

namespace userphoto::glue {
namespace {

constexpr const char* kWatchdogName = "_userphoto_directory_watch_";

struct WatchJob {
    server_rec* server = nullptr;
    directory::Settings directory;
    directory::WatchSettings watch;
    ChangeWatcher* watcher = nullptr;  // only in the child that runs the singleton
    WatcherFigures published;                         // what this watcher told the status page last

    ~WatchJob() { delete watcher; }
};

apr_status_t watch_callback(int state, void* data, apr_pool_t*) {
    auto* job = static_cast<WatchJob*>(data);
    try {
        switch (state) {
            case AP_WATCHDOG_STATE_STARTING:
                job->published = {};
                job->watcher = new ChangeWatcher(job->directory, job->watch,
                                                 change_listener(),  // caches, change clock, shared tier
                                                 server_logger(job->server));
                break;
            case AP_WATCHDOG_STATE_RUNNING:
                // No waiting here: the watchdog calls again after its 100 ms slice.
                if (job->watcher) {
                    job->watcher->step(std::chrono::milliseconds(0));
                    const WatchCounts c = job->watcher->counts();
                    publish_watcher_step(job->watcher->method(), {c.changes, c.connections, c.failures}, job->published);
                }
                break;
            case AP_WATCHDOG_STATE_STOPPING:
                delete job->watcher;
                job->watcher = nullptr;
                break;
        }
    } catch (const std::exception& e) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, job->server, "mod_userphoto: directory watch: %s", e.what());
    } catch (...) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, job->server, "mod_userphoto: directory watch failed");
    }
    return APR_SUCCESS;  // anything else would stop the watchdog calling us
}

std::string directory_identity(const directory::Settings& d) {
    return d.url.uri_list() + "\n" + d.url.base_dn + "\n" + d.url.filter + "\n" +
           std::to_string(static_cast<int>(d.url.scope)) + "\n" + d.bind_dn;
}

}  // namespace

void start_directory_watchers(apr_pool_t* pconf, server_rec* main_server) {
    // libldap's global state, made here in the single-threaded parent and inherited by every
    // child: mod_watchdog may start the watch thread before this module's child_init runs.
    initialize_directory_client();
    std::set<std::string> watched;
    ap_watchdog_t* watchdog = nullptr;
    for (server_rec* s = main_server; s; s = s->next) {
        auto settings = resolve(server_state(s)->config, nullptr);
        if (!settings || settings->watch.mode == directory::WatchMode::Off || !settings->cache_enabled) continue;
        if (!watched.insert(directory_identity(settings->directory)).second) continue;
        if (!watchdog) {
            auto get_instance = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
            auto register_callback = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
            if (!get_instance || !register_callback) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                             "mod_userphoto: mod_watchdog is not loaded, so directory changes are seen only after "
                             "UserPhotoCacheTTL (set UserPhotoDirectoryWatch off to silence this)");
                return;
            }
            // Not a parent watchdog (forked MPMs have none, and the parent runs as root), but a
            // singleton one: one child at a time runs it.
            apr_status_t rc = get_instance(&watchdog, kWatchdogName, 0, 1, pconf);
            if (rc != APR_SUCCESS) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, rc, s, "mod_userphoto: no watchdog for the directory watch");
                return;
            }
        }
        WatchJob* job = pool_new<WatchJob>(pconf);
        job->server = s;
        job->directory = settings->directory;
        job->watch = settings->watch;
        auto register_callback = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
        apr_status_t rc = register_callback(watchdog, AP_WD_TM_SLICE, job, watch_callback);
        if (rc != APR_SUCCESS)
            ap_log_error(APLOG_MARK, APLOG_WARNING, rc, s, "mod_userphoto: cannot register the directory watch");
    }
}

}  // namespace userphoto::glue
