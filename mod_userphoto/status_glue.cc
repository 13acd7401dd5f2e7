#include "status_glue.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <new>

#include <signal.h>
#include <unistd.h>

#include "apr_optional_hooks.h"
#include "apr_shm.h"
#include "apr_strings.h"
#include "avatar_glue.h"
#include "cache/caching_photo_provider.h"
#include "config/config_summary.h"
#include "http_protocol.h"
#include "mod_status.h"
#include "service/drawn_picture_cache.h"
#include "socache_glue.h"
#include "status/child_figures.h"
#include "status/request_counters.h"
#include "status/status_report.h"
#include "util/periodic_task.h"

namespace userphoto::glue {
namespace {

// The watcher methods the shared block can name (by index; 0: none yet).
constexpr const char* kWatcherMethods[] = {"", "syncrepl", "poll uSNChanged", "poll modifyTimestamp", "other"};

// One block for the whole httpd process tree, written by every thread of every child. Only
// lock-free atomics: nothing in it needs a lock, and a child that dies mid-update leaves no lock held.
struct SharedStatus {
    uint64_t layout = 0;  // sizeof: a module build with another layout makes a new block
    int64_t created_ms = 0;
    status::RequestCounters requests;
    cache::CacheCounters cache;
    std::atomic<uint64_t> watcher_changes{0};
    std::atomic<uint64_t> watcher_connections{0};
    std::atomic<uint64_t> watcher_failures{0};
    std::atomic<int64_t> watcher_last_step_ms{0};
    std::atomic<int> watcher_method{0};
    HostTable directory_hosts;  // every virtual host's directory servers, named in post_config
    DrawnPictureCounters drawn_pictures;
    status::ChildTable children;  // each child's own gauges
};
static_assert(std::atomic<uint64_t>::is_always_lock_free && std::atomic<int64_t>::is_always_lock_free,
              "the counters live in shared memory: they need lock-free atomics");

// Kept in the process pool, which outlives restarts: a graceful restart keeps counting (the old
// generation's children finish their requests into the same block). The module may be unloaded
// and loaded again on a restart, so the pointer is found again through the pool's user data.
constexpr const char* kUserDataKey = "mod_userphoto:status-counters";

SharedStatus* g_status = nullptr;  // set in the parent in post_config; children inherit it

// Each child's gauges reach the status page through its slot, refreshed this often.
constexpr std::chrono::milliseconds kChildFiguresInterval{1000};

status::ChildSlot* g_child_slot = nullptr;  // this child's; null in the parent or when the table is full
server_rec* g_main_server = nullptr;        // set in child_init

bool process_alive(int64_t pid) { return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

// This child's local photo tiers (every virtual host's) and its drawn pictures.
status::ChildFigures own_figures() {
    status::ChildFigures figures;
    for (server_rec* s = g_main_server; s; s = s->next) {
        const ServerState* state = server_state(s);
        if (!state || !state->runtime || !state->runtime->cache) continue;
        figures.local_entries += state->runtime->cache->local_entries();
        figures.local_bytes += state->runtime->cache->local_bytes();
    }
    figures.drawn_entries = drawn_picture_cache().entries();
    figures.drawn_bytes = drawn_picture_cache().bytes();
    return figures;
}

void publish_own_figures() {
    if (g_child_slot) g_child_slot->publish(own_figures());
}

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool protocol_of(const char* handler, status::Protocol* protocol) {
    static const std::pair<const char*, status::Protocol> handlers[] = {
        {"userphoto-ews", status::Protocol::Ews},         {"userphoto-onoffice", status::Protocol::OnOffice},
        {"userphoto-chatter", status::Protocol::Chatter}, {"userphoto-graph", status::Protocol::Graph},
        {"userphoto-avatar", status::Protocol::Avatar}};
    for (const auto& [name, value] : handlers) {
        if (std::strcmp(handler, name) == 0) {
            *protocol = value;
            return true;
        }
    }
    return false;
}

status::StatusReport build_report(request_rec* r) {
    status::StatusReport report;
    report.server_name = r->server->server_hostname ? r->server->server_hostname : "";
    report.child_pid = static_cast<uint64_t>(getpid());
    if (g_status) {
        report.uptime_seconds = static_cast<double>(now_ms() - g_status->created_ms) / 1000.0;
        for (size_t i = 0; i < status::kProtocolCount; ++i)
            report.protocols[i] = status::snapshot(g_status->requests.protocols[i]);
        const cache::CacheCounters& c = g_status->cache;
        report.cache.local_hits = c.local_hits.load();
        report.cache.shared_hits = c.shared_hits.load();
        report.cache.directory_reads = c.resolves.load();
        report.cache.marker_probes = c.marker_probes.load();
        report.cache.renders = c.renders.load();
        report.cache.stale_served = c.stale_served.load();
        report.cache.refused_records = c.refused_records.load();
        report.cache.evictions = c.evictions.load();
        report.watcher.changes = g_status->watcher_changes.load();
        report.watcher.connections = g_status->watcher_connections.load();
        report.watcher.failures = g_status->watcher_failures.load();
        report.watcher.method = kWatcherMethods[g_status->watcher_method.load() % std::size(kWatcherMethods)];
        if (int64_t last = g_status->watcher_last_step_ms.load())
            report.watcher.lag_seconds = static_cast<double>(now_ms() - last) / 1000.0;
        publish_own_figures();  // the answering child's share is never a second old
        const status::ChildFigures all = g_status->children.total(process_alive, &report.children);
        report.cache.all_children_local_entries = all.local_entries;
        report.cache.all_children_local_bytes = all.local_bytes;
        report.drawn.all_children_entries = all.drawn_entries;
        report.drawn.all_children_bytes = all.drawn_bytes;
    }
    DrawnPictureCache& drawn = drawn_picture_cache();
    report.drawn.budget_bytes = drawn.budget();
    report.drawn.hits = drawn.hits();  // every child's, when they count into the shared block
    report.drawn.misses = drawn.misses();
    report.drawn.entries = drawn.entries();
    report.drawn.bytes = drawn.bytes();
    const ServerState* state = server_state(r->server);
    const Runtime* runtime = state->runtime;
    auto settings = resolve(state->config, nullptr);
    if (runtime && runtime->cache) {
        report.cache.enabled = true;
        report.cache.local_entries = runtime->cache->local_entries();
        report.cache.local_bytes = runtime->cache->local_bytes();
        report.cache.local_capacity_bytes = runtime->cache->settings().memory_bytes;
        report.cache.shared_store = !shared_cache_for(r->server) ? "none"
                                    : state->config.cache_store ? *state->config.cache_store
                                                                : "shmcb (the default)";
    }
    if (settings) {
        report.directory.uris = settings->directory.url.uri_list();
        report.directory.bind = settings->directory.bind_mechanism == directory::BindMechanism::Simple
                                    ? settings->directory.bind_dn
                                    : settings->directory.bind_principal;
        report.directory.pool_max = static_cast<uint64_t>(settings->directory.pool_max);
        if (g_status)
            for (const std::string& uri : settings->directory.url.servers)
                report.directory.hosts.push_back(g_status->directory_hosts.snapshot(uri));
        report.watcher.enabled = settings->cache_enabled && settings->watch.mode != directory::WatchMode::Off;
    }
    if (runtime && runtime->pool) {
        report.directory.pool_open = static_cast<uint64_t>(runtime->pool->open_connections());
        report.directory.pool_idle = static_cast<uint64_t>(runtime->pool->idle_connections());
    }
    if (auto index = avatar_index_stats(r->server)) {
        report.index.enabled = true;
        report.index.ready = index->ready;
        report.index.stale = index->stale;
        report.index.people = index->people;
        report.index.bytes_used = index->bytes_used;
        report.index.region_bytes = index->region_bytes;
        if (index->built_at_ms > 0) report.index.age_seconds = static_cast<double>(now_ms() - index->built_at_ms) / 1000.0;
    }
    report.configuration = summarize_configuration(state->config, *dir_config(r));
    return report;
}

// True when the query string holds `word` as one of its &-separated parts ("json", "metrics").
bool query_has(const request_rec* r, const char* word) {
    if (!r->args) return false;
    const size_t n = std::strlen(word);
    for (const char* p = r->args; p;) {
        const char* end = std::strchr(p, '&');
        const size_t len = end ? static_cast<size_t>(end - p) : std::strlen(p);
        if (len == n && std::strncmp(p, word, n) == 0) return true;
        p = end ? end + 1 : nullptr;
    }
    return false;
}

// The 90th percentile of a latency histogram in milliseconds, one decimal.
std::string p90_ms(const std::array<uint64_t, kLatencyBuckets>& latency_buckets) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", status::estimate_percentile_us(latency_buckets, 0.9) / 1000.0);
    return text;
}

// mod_status's server-status page: a short section (HTML), or "Key: value" lines for ?auto.
int status_section(request_rec* r, int flags) {
    if (!g_status || !server_state(r->server)) return OK;
    status::StatusReport report = build_report(r);
    uint64_t requests = 0, client_errors = 0, server_errors = 0;
    for (const auto& p : report.protocols) {
        requests += p.requests;
        client_errors += p.client_errors;
        server_errors += p.server_errors;
    }
    const auto& c = report.cache;
    auto n = [](uint64_t value) { return std::to_string(value); };
    // Every virtual host's directory servers, whichever host shows server-status.
    const std::vector<HostSnapshot> hosts = g_status->directory_hosts.snapshots();
    uint64_t hosts_up = 0, hosts_down = 0;
    for (const HostSnapshot& host : hosts) {
        hosts_up += host.state == HostState::Up;
        hosts_down += host.state == HostState::Down;
    }
    std::string out;  // built here: apr's printf knows no %llu
    if (flags & AP_STATUS_SHORT) {
        out += "UserPhotoRequests: " + n(requests) + "\nUserPhotoClientErrors: " + n(client_errors) +
               "\nUserPhotoServerErrors: " + n(server_errors) + "\n";
        for (size_t i = 0; i < status::kProtocolCount; ++i)
            out += "UserPhotoRequests_" + std::string(status::protocol_name(status::protocol_at(i))) + ": " +
                   n(report.protocols[i].requests) + "\n";
        out += "UserPhotoCacheLocalHits: " + n(c.local_hits) + "\nUserPhotoCacheSharedHits: " + n(c.shared_hits) +
               "\nUserPhotoCacheDirectoryReads: " + n(c.directory_reads) + "\n";
        out += "UserPhotoCacheLocalEntries: " + n(c.all_children_local_entries) +
               "\nUserPhotoCacheLocalBytes: " + n(c.all_children_local_bytes) + "\nUserPhotoChildren: " +
               n(report.children) + "\n";
        out += "UserPhotoDirectoryHosts: " + n(hosts.size()) + "\nUserPhotoDirectoryHostsUp: " + n(hosts_up) +
               "\nUserPhotoDirectoryHostsDown: " + n(hosts_down) + "\n";
    } else {
        out += "<hr>\n<h2>mod_userphoto</h2>\n<dl><dt>requests: " + n(requests) + " (4xx: " + n(client_errors) +
               ", 5xx: " + n(server_errors) + ")</dt>\n";
        for (size_t i = 0; i < status::kProtocolCount; ++i) {
            out += "<dt>" + std::string(status::protocol_name(status::protocol_at(i))) + ": " +
                   n(report.protocols[i].requests) + " requests, p90 " + p90_ms(report.protocols[i].latency_buckets) +
                   " ms</dt>\n";
        }
        out += "<dt>photo cache: " + n(c.local_hits) + " local hits, " + n(c.shared_hits) + " shared hits, " +
               n(c.directory_reads) + " directory reads, " + n(c.evictions) + " evictions; " +
               n(c.all_children_local_entries) + " local entries in " + n(report.children) + " children</dt>\n";
        for (const HostSnapshot& host : hosts) {
            // The URI and the error come from the configuration and the LDAP library: escaped.
            out += std::string("<dt>directory ") + ap_escape_html(r->pool, host.uri.c_str()) + ": " +
                   host_state_name(host.state) + ", " + n(host.operations) + " operations, " + n(host.errors) +
                   " errors, p90 " + p90_ms(host.latency_buckets) + " ms";
            if (host.last_error_ms != 0)
                out += std::string(", last error: ") + ap_escape_html(r->pool, host.last_error.c_str());
            out += "</dt>\n";
        }
        out += "</dl>\n";
    }
    ap_rputs(out.c_str(), r);
    return OK;
}

extern "C" int userphoto_status_hook(request_rec* r, int flags) {
    try {
        return status_section(r, flags);
    } catch (...) {
        return OK;  // the rest of server-status still shows
    }
}

}  // namespace

apr_status_t create_status_counters(server_rec* s) {
    apr_pool_t* process_pool = s->process->pool;
    void* existing = nullptr;
    apr_pool_userdata_get(&existing, kUserDataKey, process_pool);
    if (auto* block = static_cast<SharedStatus*>(existing); block && block->layout == sizeof(SharedStatus)) {
        g_status = block;
        return APR_SUCCESS;
    }
    // Anonymous shared memory: the children inherit it through fork(); nothing on disk.
    apr_shm_t* shm = nullptr;
    apr_status_t rc = apr_shm_create(&shm, sizeof(SharedStatus), nullptr, process_pool);
    if (rc != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rc, s,
                     "mod_userphoto: no shared memory for the status counters; userphoto-status shows none");
        g_status = nullptr;
        return rc;
    }
    auto* block = new (apr_shm_baseaddr_get(shm)) SharedStatus();
    block->layout = sizeof(SharedStatus);
    block->created_ms = now_ms();
    apr_pool_userdata_set(block, kUserDataKey, apr_pool_cleanup_null, process_pool);
    g_status = block;
    return APR_SUCCESS;
}

void name_directory_hosts(server_rec* main_server) {
    if (!g_status) return;
    for (server_rec* s = main_server; s; s = s->next) {
        const ServerState* state = server_state(s);
        auto settings = state ? resolve(state->config, nullptr) : std::nullopt;
        if (!settings) continue;
        for (const std::string& uri : settings->directory.url.servers) {
            if (!g_status->directory_hosts.add(uri))
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                             "mod_userphoto: userphoto-status tracks at most %d directory hosts of at most %d "
                             "bytes each; %s is counted by each child on its own and not shown",
                             static_cast<int>(kMaxTrackedHosts), static_cast<int>(kHostUriBytes - 1), uri.c_str());
        }
    }
}

HostTable* shared_directory_hosts() { return g_status ? &g_status->directory_hosts : nullptr; }

void start_child_status(apr_pool_t* pchild, server_rec* main_server) {
    g_main_server = main_server;
    const ServerState* state = server_state(main_server);
    drawn_picture_cache().set_budget(state ? state->config.drawn_picture_memory_bytes.value_or(kDrawnPictureCacheBytes)
                                           : kDrawnPictureCacheBytes);
    if (!g_status) return;
    drawn_picture_cache().count_into(&g_status->drawn_pictures);
    g_child_slot = g_status->children.claim(static_cast<int64_t>(getpid()), process_alive);
    if (!g_child_slot) {
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, main_server,
                     "mod_userphoto: more than %d children: this one's cache gauges are not in userphoto-status' "
                     "sums (its counters are)",
                     static_cast<int>(status::kMaxChildSlots));
        return;
    }
    publish_own_figures();
    pool_new<PeriodicTask>(pchild, kChildFiguresInterval, [] {
        try {
            publish_own_figures();
        } catch (...) {
        }
    });
}

void register_status_hook() {
    APR_OPTIONAL_HOOK(ap, status_hook, userphoto_status_hook, nullptr, nullptr, APR_HOOK_MIDDLE);
}

void record_request(const char* handler, int http_status, int64_t latency_us) {
    status::Protocol protocol;
    if (!g_status || !handler || !protocol_of(handler, &protocol)) return;
    g_status->requests.record(protocol, http_status, latency_us > 0 ? static_cast<uint64_t>(latency_us) : 0);
}

cache::CacheCounters* shared_cache_counters() { return g_status ? &g_status->cache : nullptr; }

void publish_watcher_step(const std::string& method, const WatcherFigures& now, WatcherFigures& previous) {
    if (!g_status) return;
    // A new watcher starts from 0: count all of it.
    auto delta = [](uint64_t current, uint64_t before) { return current >= before ? current - before : current; };
    g_status->watcher_changes += delta(now.changes, previous.changes);
    g_status->watcher_connections += delta(now.connections, previous.connections);
    g_status->watcher_failures += delta(now.failures, previous.failures);
    previous = now;
    int code = 0;
    if (!method.empty()) {
        code = static_cast<int>(std::size(kWatcherMethods)) - 1;  // "other"
        for (int i = 1; i < code; ++i)
            if (method == kWatcherMethods[i]) code = i;
    }
    g_status->watcher_method = code;
    g_status->watcher_last_step_ms = now_ms();
}

int serve_status(request_rec* r) {
    r->allowed |= (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) return HTTP_METHOD_NOT_ALLOWED;
    status::StatusReport report = build_report(r);
    std::string body;
    if (query_has(r, "json")) {
        ap_set_content_type(r, "application/json");
        body = status::render_json(report);
    } else if (query_has(r, "metrics")) {
        ap_set_content_type(r, "text/plain; version=0.0.4; charset=utf-8");
        body = status::render_prometheus(report);
    } else {
        ap_set_content_type(r, "text/html; charset=utf-8");
        body = status::render_html(report);
    }
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    ap_set_content_length(r, static_cast<apr_off_t>(body.size()));
    if (!r->header_only) ap_rwrite(body.data(), static_cast<int>(body.size()), r);
    return OK;
}

}  // namespace userphoto::glue
