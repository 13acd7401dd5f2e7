#include "status/status_report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "util/http_date.h"
#include "util/strings.h"

namespace userphoto::status {
namespace {

// One number of the report: its JSON path (also the HTML's data-key), a label, and the value.
// per_child: the answering child's own figure (data-child-key), not a machine-wide one.
struct Figure {
    std::string key;
    std::string label;
    uint64_t value;
    bool per_child = false;
};

double ratio(uint64_t part, uint64_t whole) { return whole == 0 ? 0.0 : static_cast<double>(part) / whole; }

uint64_t cache_lookups(const CacheReport& c) {
    return c.local_hits + c.shared_hits + c.directory_reads + c.marker_probes;
}

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string seconds_text(double seconds) { return seconds < 0 ? "never" : fixed(seconds, 1) + " s"; }

std::string ms_text(uint64_t us) { return fixed(static_cast<double>(us) / 1000.0, 1) + " ms"; }

std::string bytes_text(uint64_t bytes) {
    if (bytes >= (uint64_t{1} << 20)) return fixed(static_cast<double>(bytes) / (1 << 20), 1) + " MiB";
    if (bytes >= 1024) return fixed(static_cast<double>(bytes) / 1024, 1) + " KiB";
    return std::to_string(bytes) + " B";
}

std::vector<Figure> cache_figures(const CacheReport& c) {
    return {{"cache.local_hits", "local hits", c.local_hits},
            {"cache.shared_hits", "shared hits", c.shared_hits},
            {"cache.directory_reads", "directory reads (misses)", c.directory_reads},
            {"cache.marker_probes", "change-marker revalidations", c.marker_probes},
            {"cache.renders", "renders", c.renders},
            {"cache.stale_served", "stale answers (directory down)", c.stale_served},
            {"cache.refused_records", "refused shared records", c.refused_records},
            {"cache.evictions", "evictions", c.evictions},
            {"cache.local_entries", "local entries (this child)", c.local_entries, true},
            {"cache.local_bytes", "local bytes (this child)", c.local_bytes, true},
            {"cache.all_children_local_entries", "local entries (every child)", c.all_children_local_entries, true},
            {"cache.all_children_local_bytes", "local bytes (every child)", c.all_children_local_bytes, true}};
}

std::vector<Figure> drawn_figures(const DrawnPicturesReport& d) {
    return {{"drawn_pictures.hits", "hits", d.hits},
            {"drawn_pictures.misses", "drawn anew", d.misses},
            {"drawn_pictures.entries", "pictures kept (this child)", d.entries, true},
            {"drawn_pictures.bytes", "bytes (this child)", d.bytes, true},
            {"drawn_pictures.all_children_entries", "pictures kept (every child)", d.all_children_entries, true},
            {"drawn_pictures.all_children_bytes", "bytes (every child)", d.all_children_bytes, true}};
}

std::string cell(const std::string& key, const std::string& text, bool per_child = false) {
    return std::string("<td ") + (per_child ? "data-child-key" : "data-key") + "=\"" + xml_escape(key) + "\">" +
           xml_escape(text) + "</td>";
}

std::string row(const std::string& label, const std::string& value_cell) {
    return "<tr><th>" + xml_escape(label) + "</th>" + value_cell + "</tr>\n";
}

std::string number_row(const Figure& f) { return row(f.label, cell(f.key, std::to_string(f.value), f.per_child)); }

std::string text_row(const std::string& label, const std::string& text) {
    return "<tr><th>" + xml_escape(label) + "</th><td>" + xml_escape(text) + "</td></tr>\n";
}

std::string date_text(int64_t unix_ms) { return http_date(static_cast<std::time_t>(unix_ms / 1000)); }

std::string host_state_text(const HostSnapshot& host) {
    if (host.state == HostState::Down) return "down since " + date_text(host.down_since_ms);
    return host_state_name(host.state);
}

// The directory hosts: state, operations, errors, latency and the last error, one row each.
std::string hosts_table(const std::vector<HostSnapshot>& hosts) {
    std::string h = "<table><thead><tr><th>host</th><th>state</th><th>operations</th><th>errors</th><th>p50</th>"
                    "<th>p90</th><th>p99</th><th>last error</th></tr></thead><tbody>\n";
    for (size_t i = 0; i < hosts.size(); ++i) {
        const HostSnapshot& host = hosts[i];
        const std::string base = "directory.hosts." + std::to_string(i);
        h += "<tr><th>" + xml_escape(host.uri) + "</th><td>" + xml_escape(host_state_text(host)) + "</td>";
        h += cell(base + ".operations", std::to_string(host.operations));
        h += cell(base + ".errors", std::to_string(host.errors));
        for (double q : {0.5, 0.9, 0.99}) h += "<td>" + ms_text(estimate_percentile_us(host.latency_buckets, q)) + "</td>";
        h += "<td>" + (host.last_error_ms == 0 ? std::string("none")
                                               : xml_escape(host.last_error) + " (" + xml_escape(date_text(host.last_error_ms)) + ")") +
             "</td></tr>\n";
    }
    return h + "</tbody></table>\n";
}

// A Prometheus label value: backslash, double quote and line feed escaped.
std::string label_value(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

}  // namespace

double local_hit_ratio(const CacheReport& cache) { return ratio(cache.local_hits, cache_lookups(cache)); }
double shared_hit_ratio(const CacheReport& cache) { return ratio(cache.shared_hits, cache_lookups(cache)); }

std::string render_html(const StatusReport& r) {
    std::string h;
    h += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n";
    h += "<meta http-equiv=\"refresh\" content=\"" + std::to_string(kRefreshSeconds) + "\">\n";
    h += "<title>mod_userphoto status: " + xml_escape(r.server_name) + "</title>\n";
    h += "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1.5em}"
         "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}td{text-align:right}"
         "thead th{background:#eee}</style>\n</head><body>\n";
    h += "<h1>mod_userphoto on " + xml_escape(r.server_name) + "</h1>\n";
    h += "<p>Up " + xml_escape(seconds_text(r.uptime_seconds)) + "; counters cover every child process (<span data-child-key=\"children\">" +
         std::to_string(r.children) + "</span> running); answered by child <span data-child-key=\"child_pid\">" +
         std::to_string(r.child_pid) + "</span>. "
         "This page reloads every " + std::to_string(kRefreshSeconds) +
         " s. Also as <a href=\"?json\">JSON</a> and <a href=\"?metrics\">Prometheus metrics</a>.</p>\n";

    h += "<h2>Requests per protocol</h2>\n<table><thead><tr><th>protocol</th><th>requests</th><th>4xx</th>"
         "<th>5xx</th><th>p50</th><th>p90</th><th>p99</th><th>mean</th></tr></thead><tbody>\n";
    for (size_t i = 0; i < kProtocolCount; ++i) {
        const ProtocolSnapshot& p = r.protocols[i];
        const std::string base = "protocols." + std::string(protocol_name(protocol_at(i)));
        h += "<tr><th>" + xml_escape(std::string(protocol_name(protocol_at(i)))) + "</th>";
        h += cell(base + ".requests", std::to_string(p.requests));
        h += cell(base + ".client_errors", std::to_string(p.client_errors));
        h += cell(base + ".server_errors", std::to_string(p.server_errors));
        for (double q : {0.5, 0.9, 0.99}) h += "<td>" + ms_text(estimate_percentile_us(p.latency_buckets, q)) + "</td>";
        h += "<td>" + ms_text(p.requests ? p.latency_sum_us / p.requests : 0) + "</td></tr>\n";
    }
    h += "</tbody></table>\n";

    h += "<h2>Photo cache</h2>\n<table>\n";
    if (!r.cache.enabled) {
        h += text_row("cache", "off");
    } else {
        h += text_row("local hit ratio", fixed(100 * local_hit_ratio(r.cache), 1) + " %");
        h += text_row("shared hit ratio", fixed(100 * shared_hit_ratio(r.cache), 1) + " %");
        for (const Figure& f : cache_figures(r.cache)) h += number_row(f);
        h += text_row("local budget (per child)", bytes_text(r.cache.local_capacity_bytes));
        h += text_row("shared tier", r.cache.shared_store);
    }
    h += "</table>\n";

    h += "<h2>Drawn pictures</h2>\n<table>\n";
    h += text_row("hit ratio", fixed(100 * ratio(r.drawn.hits, r.drawn.hits + r.drawn.misses), 1) + " %");
    for (const Figure& f : drawn_figures(r.drawn)) h += number_row(f);
    h += text_row("budget (per child)", r.drawn.budget_bytes ? bytes_text(r.drawn.budget_bytes) : "0 (none kept)");
    h += "</table>\n";

    h += "<h2>Directory</h2>\n<table>\n";
    h += text_row("hosts", r.directory.uris);
    h += text_row("bind as", r.directory.bind.empty() ? "(anonymous)" : r.directory.bind);
    h += number_row({"directory.pool_open", "connections open (this child)", r.directory.pool_open, true});
    h += number_row({"directory.pool_idle", "connections idle (this child)", r.directory.pool_idle, true});
    h += number_row({"directory.pool_max", "connections at most (per child)", r.directory.pool_max});
    h += "</table>\n";
    if (!r.directory.hosts.empty()) h += hosts_table(r.directory.hosts);

    h += "<h2>Directory watcher</h2>\n<table>\n";
    if (!r.watcher.enabled) {
        h += text_row("watcher", "off");
    } else {
        h += text_row("method", r.watcher.method.empty() ? "(not connected yet)" : r.watcher.method);
        h += text_row("last ran", r.watcher.lag_seconds < 0 ? "never" : seconds_text(r.watcher.lag_seconds) + " ago");
        h += number_row({"watcher.changes", "changes reported", r.watcher.changes});
        h += number_row({"watcher.connections", "connections", r.watcher.connections});
        h += number_row({"watcher.failures", "failures", r.watcher.failures});
    }
    h += "</table>\n";

    h += "<h2>Avatar index</h2>\n<table>\n";
    if (!r.index.enabled) {
        h += text_row("index", "not used");
    } else {
        h += text_row("state", !r.index.ready ? "building" : r.index.stale ? "stale (rebuild due)" : "ready");
        h += number_row({"avatar_index.people", "people", r.index.people});
        h += number_row({"avatar_index.bytes_used", "bytes used", r.index.bytes_used});
        h += number_row({"avatar_index.region_bytes", "region bytes", r.index.region_bytes});
        h += text_row("last build", r.index.age_seconds < 0 ? "never" : seconds_text(r.index.age_seconds) + " ago");
    }
    h += "</table>\n";

    h += "<h2>Configuration</h2>\n<table>\n";
    for (const auto& [name, value] : r.configuration) h += text_row(name, value);
    h += "</table>\n</body></html>\n";
    return h;
}

std::string render_json(const StatusReport& r) {
    nlohmann::json j;
    j["server"] = r.server_name;
    j["child_pid"] = r.child_pid;
    j["uptime_seconds"] = r.uptime_seconds;
    j["children"] = r.children;
    for (size_t i = 0; i < kProtocolCount; ++i) {
        const ProtocolSnapshot& p = r.protocols[i];
        nlohmann::json& o = j["protocols"][std::string(protocol_name(protocol_at(i)))];
        o["requests"] = p.requests;
        o["client_errors"] = p.client_errors;
        o["server_errors"] = p.server_errors;
        o["latency_seconds"] = {{"sum", static_cast<double>(p.latency_sum_us) / 1e6},
                                {"p50", estimate_percentile_us(p.latency_buckets, 0.5) / 1e6},
                                {"p90", estimate_percentile_us(p.latency_buckets, 0.9) / 1e6},
                                {"p99", estimate_percentile_us(p.latency_buckets, 0.99) / 1e6}};
        o["latency_buckets"] = p.latency_buckets;
    }
    nlohmann::json& c = j["cache"];
    c["enabled"] = r.cache.enabled;
    for (const Figure& f : cache_figures(r.cache)) c[f.key.substr(6)] = f.value;
    c["local_capacity_bytes"] = r.cache.local_capacity_bytes;
    c["local_hit_ratio"] = local_hit_ratio(r.cache);
    c["shared_hit_ratio"] = shared_hit_ratio(r.cache);
    c["shared_store"] = r.cache.shared_store;
    nlohmann::json& d = j["drawn_pictures"];
    for (const Figure& f : drawn_figures(r.drawn)) d[f.key.substr(15)] = f.value;
    d["budget_bytes"] = r.drawn.budget_bytes;
    j["directory"] = {{"uris", r.directory.uris},          {"bind", r.directory.bind},
                      {"pool_open", r.directory.pool_open}, {"pool_idle", r.directory.pool_idle},
                      {"pool_max", r.directory.pool_max}};
    nlohmann::json hosts = nlohmann::json::array();
    for (const HostSnapshot& host : r.directory.hosts) {
        hosts.push_back({{"uri", host.uri},
                         {"state", host_state_name(host.state)},
                         {"down_since_ms", host.down_since_ms},
                         {"last_ok_ms", host.last_ok_ms},
                         {"operations", host.operations},
                         {"errors", host.errors},
                         {"latency_seconds",
                          {{"sum", static_cast<double>(host.latency_sum_us) / 1e6},
                           {"p50", estimate_percentile_us(host.latency_buckets, 0.5) / 1e6},
                           {"p90", estimate_percentile_us(host.latency_buckets, 0.9) / 1e6},
                           {"p99", estimate_percentile_us(host.latency_buckets, 0.99) / 1e6}}},
                         {"latency_buckets", host.latency_buckets},
                         {"last_error", host.last_error},
                         {"last_error_ms", host.last_error_ms}});
    }
    j["directory"]["hosts"] = hosts;
    j["watcher"] = {{"enabled", r.watcher.enabled},         {"method", r.watcher.method},
                    {"changes", r.watcher.changes},         {"connections", r.watcher.connections},
                    {"failures", r.watcher.failures},       {"lag_seconds", r.watcher.lag_seconds}};
    j["avatar_index"] = {{"enabled", r.index.enabled},       {"ready", r.index.ready},
                         {"stale", r.index.stale},           {"people", r.index.people},
                         {"bytes_used", r.index.bytes_used}, {"region_bytes", r.index.region_bytes},
                         {"age_seconds", r.index.age_seconds}};
    nlohmann::json config = nlohmann::json::object();
    for (const auto& [name, value] : r.configuration) config[name] = value;
    j["configuration"] = config;
    // Replace invalid UTF-8 (a configured value may hold any byte) rather than throw.
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_prometheus(const StatusReport& r) {
    std::string m;
    auto family = [&m](const std::string& name, const char* type, const std::string& help) {
        m += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    };
    auto sample = [&m](const std::string& name, const std::string& labels, const std::string& value) {
        m += name + (labels.empty() ? "" : "{" + labels + "}") + " " + value + "\n";
    };
    auto gauge = [&](const std::string& name, const std::string& help, uint64_t value) {
        family(name, "gauge", help);
        sample(name, "", std::to_string(value));
    };
    auto per_protocol = [&](const std::string& name, const std::string& help, uint64_t ProtocolSnapshot::*field) {
        family(name, "counter", help);
        for (size_t i = 0; i < kProtocolCount; ++i)
            sample(name, "protocol=\"" + std::string(protocol_name(protocol_at(i))) + "\"",
                   std::to_string(r.protocols[i].*field));
    };
    family("userphoto_uptime_seconds", "gauge", "Seconds since the counters were made.");
    sample("userphoto_uptime_seconds", "", fixed(r.uptime_seconds, 3));
    per_protocol("userphoto_requests_total", "Requests answered, per protocol.", &ProtocolSnapshot::requests);
    per_protocol("userphoto_client_errors_total", "Requests answered with a 4xx status.", &ProtocolSnapshot::client_errors);
    per_protocol("userphoto_server_errors_total", "Requests answered with a 5xx status.", &ProtocolSnapshot::server_errors);

    auto histogram = [&](const std::string& name, const std::string& labels,
                         const std::array<uint64_t, kLatencyBuckets>& buckets, uint64_t sum_us) {
        uint64_t cumulative = 0;
        for (size_t b = 0; b < kLatencyBuckets; ++b) {
            cumulative += buckets[b];
            const std::string le = b < kLatencyBoundsUs.size() ? fixed(kLatencyBoundsUs[b] / 1e6, 4) : "+Inf";
            sample(name + "_bucket", labels + ",le=\"" + le + "\"", std::to_string(cumulative));
        }
        sample(name + "_sum", labels, fixed(sum_us / 1e6, 6));
        sample(name + "_count", labels, std::to_string(cumulative));
    };
    const std::string hist = "userphoto_request_duration_seconds";
    family(hist, "histogram", "Time from the request's arrival to the handler's answer.");
    for (size_t i = 0; i < kProtocolCount; ++i)
        histogram(hist, "protocol=\"" + std::string(protocol_name(protocol_at(i))) + "\"",
                  r.protocols[i].latency_buckets, r.protocols[i].latency_sum_us);

    if (r.cache.enabled) {
        family("userphoto_cache_hits_total", "counter", "Photo cache hits, per tier.");
        sample("userphoto_cache_hits_total", "tier=\"local\"", std::to_string(r.cache.local_hits));
        sample("userphoto_cache_hits_total", "tier=\"shared\"", std::to_string(r.cache.shared_hits));
        const std::pair<const char*, std::pair<uint64_t, const char*>> counters[] = {
            {"userphoto_cache_directory_reads_total", {r.cache.directory_reads, "Cache misses read from the directory."}},
            {"userphoto_cache_marker_probes_total", {r.cache.marker_probes, "Revalidations by change marker."}},
            {"userphoto_cache_renders_total", {r.cache.renders, "Photos scaled for the cache."}},
            {"userphoto_cache_stale_served_total", {r.cache.stale_served, "Stale answers while the directory was down."}},
            {"userphoto_cache_refused_records_total", {r.cache.refused_records, "Shared records that failed validation."}},
            {"userphoto_cache_evictions_total", {r.cache.evictions, "Local entries evicted by the memory budget."}}};
        for (const auto& [name, value] : counters) {
            family(name, "counter", value.second);
            sample(name, "", std::to_string(value.first));
        }
        gauge("userphoto_cache_local_entries", "Entries in the local tiers of every child.", r.cache.all_children_local_entries);
        gauge("userphoto_cache_local_bytes", "Bytes in the local tiers of every child.", r.cache.all_children_local_bytes);
        gauge("userphoto_cache_local_capacity_bytes", "Local tier budget per child.", r.cache.local_capacity_bytes);
    }
    gauge("userphoto_children", "Child processes whose gauges are added up.", r.children);
    family("userphoto_drawn_picture_lookups_total", "counter", "Lookups of drawn default pictures, by outcome.");
    sample("userphoto_drawn_picture_lookups_total", "result=\"hit\"", std::to_string(r.drawn.hits));
    sample("userphoto_drawn_picture_lookups_total", "result=\"drawn\"", std::to_string(r.drawn.misses));
    gauge("userphoto_drawn_picture_entries", "Drawn pictures kept by every child.", r.drawn.all_children_entries);
    gauge("userphoto_drawn_picture_bytes", "Bytes of drawn pictures kept by every child.", r.drawn.all_children_bytes);
    gauge("userphoto_drawn_picture_capacity_bytes", "Drawn-picture budget per child.", r.drawn.budget_bytes);
    family("userphoto_directory_connections", "gauge", "The answering child's LDAP connections.");
    sample("userphoto_directory_connections", "state=\"open\"", std::to_string(r.directory.pool_open));
    sample("userphoto_directory_connections", "state=\"idle\"", std::to_string(r.directory.pool_idle));
    if (!r.directory.hosts.empty()) {
        auto per_host = [&](const std::string& name, const char* type, const std::string& help, auto value) {
            family(name, type, help);
            for (const HostSnapshot& host : r.directory.hosts)
                sample(name, "host=\"" + label_value(host.uri) + "\"", value(host));
        };
        per_host("userphoto_directory_up", "gauge", "1 when the host answered last, 0 when down or never contacted.",
                 [](const HostSnapshot& h) { return std::string(h.state == HostState::Up ? "1" : "0"); });
        per_host("userphoto_directory_operations_total", "counter", "LDAP operations on the host.",
                 [](const HostSnapshot& h) { return std::to_string(h.operations); });
        per_host("userphoto_directory_errors_total", "counter", "Failed LDAP operations and connection attempts.",
                 [](const HostSnapshot& h) { return std::to_string(h.errors); });
        per_host("userphoto_directory_last_error_timestamp_seconds", "gauge",
                 "Unix time of the host's last error (0: none).",
                 [](const HostSnapshot& h) { return fixed(h.last_error_ms / 1e3, 3); });
        const std::string ops = "userphoto_directory_operation_seconds";
        family(ops, "histogram", "Time of one LDAP operation on the host (not counting the connect).");
        for (const HostSnapshot& host : r.directory.hosts)
            histogram(ops, "host=\"" + label_value(host.uri) + "\"", host.latency_buckets, host.latency_sum_us);
    }
    if (r.watcher.enabled) {
        family("userphoto_watcher_changes_total", "counter", "Changed entries the directory watcher reported.");
        sample("userphoto_watcher_changes_total", "", std::to_string(r.watcher.changes));
        family("userphoto_watcher_failures_total", "counter", "Failed or lost watcher connections.");
        sample("userphoto_watcher_failures_total", "", std::to_string(r.watcher.failures));
        if (r.watcher.lag_seconds >= 0) {
            family("userphoto_watcher_lag_seconds", "gauge", "Seconds since the directory watcher last ran.");
            sample("userphoto_watcher_lag_seconds", "", fixed(r.watcher.lag_seconds, 3));
        }
    }
    if (r.index.enabled) {
        gauge("userphoto_avatar_index_people", "People in the avatar hash index.", r.index.people);
        gauge("userphoto_avatar_index_used_bytes", "Bytes of the avatar index region in use.", r.index.bytes_used);
        gauge("userphoto_avatar_index_region_bytes", "Size of the avatar index region.", r.index.region_bytes);
    }
    return m;
}

}  // namespace userphoto::status
