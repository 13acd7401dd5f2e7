// The operator's view: request and cache counters in shared memory (one block for every child,
// kept across graceful restarts), the userphoto-status handler (HTML, ?json, ?metrics) and a
// section in mod_status's server-status page.
#pragma once
#include <cstdint>
#include <string>

#include "glue.h"

namespace userphoto {
class HostTable;
}
namespace userphoto::cache {
struct CacheCounters;
}

namespace userphoto::glue {

// post_config: maps the counters (made once per httpd process tree, reused after a restart) and
// registers with mod_status when it is loaded.
apr_status_t create_status_counters(server_rec* s);
// register_hooks: the section in server-status (called only when mod_status is loaded).
void register_status_hook();

// Counts one answered request of a userphoto-* protocol handler (not the status page itself).
// `handler` is r->handler; `http_status` what the request was answered with.
void record_request(const char* handler, int http_status, int64_t latency_us);

// post_config, after create_status_counters: gives every server's directory hosts a place in the
// shared block (in the parent, so that the children find them without racing).
void name_directory_hosts(server_rec* main_server);
// Where each child's directories count their hosts (null without shared memory).
HostTable* shared_directory_hosts();

// child_init, after the runtimes exist: sizes the drawn-picture cache (UserPhotoDrawnPictureMemory),
// has it count into the shared block, takes this child's slot for its gauges (local cache tiers,
// drawn pictures) and refreshes them every second until the child ends.
void start_child_status(apr_pool_t* pchild, server_rec* main_server);

// Where the photo caches of every child count (null before post_config or without shared memory:
// each cache then keeps its own counters).
cache::CacheCounters* shared_cache_counters();

// The directory watcher's figures, published by the one child that runs it after each step. The
// counters are the watcher's own totals (they restart at 0 with a new watcher), `previous` is
// what this watcher published last time: only the difference is added.
struct WatcherFigures {
    uint64_t changes = 0;
    uint64_t connections = 0;
    uint64_t failures = 0;
};
void publish_watcher_step(const std::string& method, const WatcherFigures& now, WatcherFigures& previous);

// The handler of SetHandler userphoto-status.
int serve_status(request_rec* r);

}  // namespace userphoto::glue
