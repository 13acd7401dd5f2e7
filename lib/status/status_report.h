// What the operator's page shows, as plain numbers and text (the glue fills it from the shared
// counters, the caches, the watcher and the avatar index), and its three renderings: an HTML page
// for people, JSON, and the Prometheus text exposition format 0.0.4. The HTML escapes everything
// it prints, and marks each number with data-key="<JSON path>" so that a test can compare them
// (data-child-key for gauges that another answer may show differently: the answering child's own
// figures, and the sums over every child, which each child refreshes once a second).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "status/request_counters.h"
#include "util/host_counters.h"

namespace userphoto::status {

struct CacheReport {
    bool enabled = false;
    uint64_t local_hits = 0;
    uint64_t shared_hits = 0;
    uint64_t directory_reads = 0;  // misses: full reads of an entry with its photo
    uint64_t marker_probes = 0;    // cheap revalidations after the TTL
    uint64_t renders = 0;
    uint64_t stale_served = 0;
    uint64_t refused_records = 0;  // shared records that failed their seal or validation
    uint64_t evictions = 0;        // local entries pushed out by the memory budget
    // The answering child's local tier (each child has its own).
    uint64_t local_entries = 0;
    uint64_t local_bytes = 0;
    uint64_t local_capacity_bytes = 0;
    // Every live child's local tiers (of every virtual host) added up.
    uint64_t all_children_local_entries = 0;
    uint64_t all_children_local_bytes = 0;
    std::string shared_store;  // as configured: "shmcb:...", "memcache:...", "none"
};

struct DirectoryReport {
    std::string uris;       // the URL's hosts, in the order they are tried
    std::string bind;       // the bind identity (DN or principal), never a password
    uint64_t pool_open = 0;  // the answering child's connections (leased + idle)
    uint64_t pool_idle = 0;
    uint64_t pool_max = 0;
    // Each host of the URL in the order they are tried, counted over every child.
    std::vector<HostSnapshot> hosts;
};

struct WatcherReport {
    bool enabled = false;
    std::string method;      // "syncrepl", "poll uSNChanged", ..., empty before the first connect
    uint64_t changes = 0;
    uint64_t connections = 0;
    uint64_t failures = 0;
    double lag_seconds = -1;  // since the watcher last ran; -1: it has not run yet
};

struct IndexReport {
    bool enabled = false;
    bool ready = false;
    bool stale = false;
    uint64_t people = 0;
    uint64_t bytes_used = 0;
    uint64_t region_bytes = 0;
    double age_seconds = -1;  // since the last complete build; -1: none yet
};

// Drawn default pictures (initials, silhouettes, identicons): one cache per child.
struct DrawnPicturesReport {
    uint64_t budget_bytes = 0;  // per child (UserPhotoDrawnPictureMemory)
    uint64_t hits = 0;          // every child's lookups
    uint64_t misses = 0;
    uint64_t entries = 0;  // the answering child's
    uint64_t bytes = 0;
    uint64_t all_children_entries = 0;
    uint64_t all_children_bytes = 0;
};

struct StatusReport {
    std::string server_name;
    uint64_t child_pid = 0;     // the process that answered (the local figures are its own)
    double uptime_seconds = 0;  // since the counters were made (they survive graceful restarts)
    uint64_t children = 0;      // live children whose gauges the all_children figures add up
    std::array<ProtocolSnapshot, kProtocolCount> protocols{};
    CacheReport cache;
    DrawnPicturesReport drawn;
    DirectoryReport directory;
    WatcherReport watcher;
    IndexReport index;
    std::vector<std::pair<std::string, std::string>> configuration;  // secrets already masked
};

// Seconds the page waits before loading itself again.
inline constexpr int kRefreshSeconds = 10;

std::string render_html(const StatusReport& report);
std::string render_json(const StatusReport& report);
std::string render_prometheus(const StatusReport& report);

// The ratio of local and shared hits to all cache lookups (0 when there were none).
double local_hit_ratio(const CacheReport& cache);
double shared_hit_ratio(const CacheReport& cache);

}  // namespace userphoto::status
