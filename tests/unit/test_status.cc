// The status page's core: request counters (also from many threads), percentile estimates from
// the fixed buckets, the three renderings (escaping, Prometheus format, JSON agreeing with HTML),
// and the configuration summary that never shows a secret.
#include <cppunit/extensions/HelperMacros.h>

#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "config/config_summary.h"
#include "status/child_figures.h"
#include "status/request_counters.h"
#include "status/status_report.h"

using namespace userphoto;
using namespace userphoto::status;

class StatusTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatusTest);
    CPPUNIT_TEST(record_counts_status_classes_and_buckets);
    CPPUNIT_TEST(counting_from_many_threads_loses_nothing);
    CPPUNIT_TEST(percentiles_interpolate_within_buckets);
    CPPUNIT_TEST(prometheus_text_is_well_formed);
    CPPUNIT_TEST(html_escapes_and_shows_the_json_numbers);
    CPPUNIT_TEST(configuration_masks_every_secret);
    CPPUNIT_TEST(child_table_adds_up_live_children_and_reuses_slots_of_dead_ones);
    CPPUNIT_TEST(drawn_pictures_and_every_childs_gauges_are_rendered);
    CPPUNIT_TEST_SUITE_END();

    static StatusReport sample_report() {
        RequestCounters counters;
        counters.record(Protocol::Ews, 200, 3'000);
        counters.record(Protocol::Ews, 404, 40'000);
        counters.record(Protocol::Graph, 503, 20'000'000);
        StatusReport report;
        report.server_name = "photos.example.org";
        for (size_t i = 0; i < kProtocolCount; ++i) report.protocols[i] = snapshot(counters.protocols[i]);
        report.cache.enabled = true;
        report.cache.local_hits = 7;
        report.cache.shared_hits = 2;
        report.cache.directory_reads = 1;
        report.cache.evictions = 4;
        report.cache.shared_store = "shmcb";
        report.watcher.enabled = true;
        report.watcher.changes = 3;
        report.watcher.lag_seconds = 0.25;
        report.index.enabled = true;
        report.index.people = 12;
        report.children = 3;
        report.cache.local_entries = 5;
        report.cache.all_children_local_entries = 11;
        report.cache.all_children_local_bytes = 90'000;
        report.drawn = {4u << 20, 30, 10, 2, 5'000, 6, 14'000};
        report.configuration = {{"UserPhotoLDAPURL", "ldap://h/<script>alert(1)</script>"}};
        HostCounters up, down;
        up.operation(3'000, false);
        up.operation(40'000, false);
        up.answered();
        down.failed("Can't contact LDAP server <errno 111>", true);
        report.directory.hosts = {up.snapshot(), down.snapshot()};
        report.directory.hosts[0].uri = "ldap://a.example.org:389";
        report.directory.hosts[1].uri = "ldap://b.example.org:389";
        return report;
    }

public:
    void record_counts_status_classes_and_buckets() {
        RequestCounters counters;
        counters.record(Protocol::Avatar, 200, 500);        // bucket 0 (<= 1 ms)
        counters.record(Protocol::Avatar, 404, 1'000);      // bucket 0: bounds are inclusive
        counters.record(Protocol::Avatar, 500, 1'001);      // bucket 1
        counters.record(Protocol::Avatar, 302, 99'000'000);  // +Inf
        ProtocolSnapshot s = snapshot(counters.of(Protocol::Avatar));
        CPPUNIT_ASSERT_EQUAL(uint64_t(4), s.requests);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), s.client_errors);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), s.server_errors);
        CPPUNIT_ASSERT_EQUAL(uint64_t(500 + 1'000 + 1'001 + 99'000'000), s.latency_sum_us);
        CPPUNIT_ASSERT_EQUAL(uint64_t(2), s.latency_buckets[0]);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), s.latency_buckets[1]);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), s.latency_buckets[kLatencyBuckets - 1]);
        CPPUNIT_ASSERT_EQUAL(uint64_t(0), snapshot(counters.of(Protocol::Ews)).requests);
    }

    void counting_from_many_threads_loses_nothing() {
        RequestCounters counters;
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&counters, t] {
                for (int i = 0; i < 10'000; ++i) counters.record(Protocol::Chatter, i % 10 == 0 ? 500 : 200, t * 1000 + i);
            });
        for (auto& thread : threads) thread.join();
        ProtocolSnapshot s = snapshot(counters.of(Protocol::Chatter));
        CPPUNIT_ASSERT_EQUAL(uint64_t(80'000), s.requests);
        CPPUNIT_ASSERT_EQUAL(uint64_t(8'000), s.server_errors);
        uint64_t in_buckets = 0;
        for (uint64_t n : s.latency_buckets) in_buckets += n;
        CPPUNIT_ASSERT_EQUAL(uint64_t(80'000), in_buckets);
    }

    void percentiles_interpolate_within_buckets() {
        std::array<uint64_t, kLatencyBuckets> buckets{};
        CPPUNIT_ASSERT_EQUAL(uint64_t(0), estimate_percentile_us(buckets, 0.5));
        buckets[1] = 100;  // all between 1 ms and 2.5 ms
        CPPUNIT_ASSERT_EQUAL(uint64_t(1'750), estimate_percentile_us(buckets, 0.5));
        CPPUNIT_ASSERT_EQUAL(uint64_t(2'500), estimate_percentile_us(buckets, 1.0));
        buckets[kLatencyBuckets - 1] = 100;  // half of them slower than the last bound
        CPPUNIT_ASSERT_EQUAL(kLatencyBoundsUs.back(), estimate_percentile_us(buckets, 0.99));
        CPPUNIT_ASSERT(estimate_percentile_us(buckets, 0.25) < 2'500);
    }

    void prometheus_text_is_well_formed() {
        const std::string text = render_prometheus(sample_report());
        std::istringstream lines(text);
        std::string line;
        std::map<std::string, std::string> types;
        const std::regex sample_line(R"(^(userphoto_[a-z_]+)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? (\S+)$)");
        std::map<std::string, double> values;
        while (std::getline(lines, line)) {
            if (line.rfind("# HELP ", 0) == 0) continue;
            std::smatch m;
            if (line.rfind("# TYPE ", 0) == 0) {
                std::istringstream parts(line.substr(7));
                std::string name, type;
                parts >> name >> type;
                CPPUNIT_ASSERT_MESSAGE(line, name.rfind("userphoto_", 0) == 0);
                if (type == "counter") CPPUNIT_ASSERT_MESSAGE(name, name.size() > 6 && name.substr(name.size() - 6) == "_total");
                types[name] = type;
                continue;
            }
            CPPUNIT_ASSERT_MESSAGE(line, std::regex_match(line, m, sample_line));
            std::string family = m[1];
            for (const char* suffix : {"_bucket", "_sum", "_count"})
                if (!types.count(family) && family.size() > std::strlen(suffix) &&
                    family.compare(family.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
                    family = family.substr(0, family.size() - std::strlen(suffix));
            CPPUNIT_ASSERT_MESSAGE("sample before its TYPE: " + line, types.count(family) == 1);
            values[m[1].str() + m[2].str()] = std::stod(m[4]);
        }
        CPPUNIT_ASSERT_EQUAL(2.0, values["userphoto_requests_total{protocol=\"ews\"}"]);
        CPPUNIT_ASSERT_EQUAL(1.0, values["userphoto_client_errors_total{protocol=\"ews\"}"]);
        CPPUNIT_ASSERT_EQUAL(1.0, values["userphoto_server_errors_total{protocol=\"graph\"}"]);
        // Cumulative buckets: 3 ms is in le=0.005, 40 ms in le=0.05; +Inf equals _count.
        CPPUNIT_ASSERT_EQUAL(0.0, values["userphoto_request_duration_seconds_bucket{protocol=\"ews\",le=\"0.0025\"}"]);
        CPPUNIT_ASSERT_EQUAL(1.0, values["userphoto_request_duration_seconds_bucket{protocol=\"ews\",le=\"0.0050\"}"]);
        CPPUNIT_ASSERT_EQUAL(2.0, values["userphoto_request_duration_seconds_bucket{protocol=\"ews\",le=\"0.0500\"}"]);
        CPPUNIT_ASSERT_EQUAL(2.0, values["userphoto_request_duration_seconds_bucket{protocol=\"ews\",le=\"+Inf\"}"]);
        CPPUNIT_ASSERT_EQUAL(2.0, values["userphoto_request_duration_seconds_count{protocol=\"ews\"}"]);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.043, values["userphoto_request_duration_seconds_sum{protocol=\"ews\"}"], 1e-9);
        CPPUNIT_ASSERT_EQUAL(7.0, values["userphoto_cache_hits_total{tier=\"local\"}"]);
        CPPUNIT_ASSERT_EQUAL(4.0, values["userphoto_cache_evictions_total"]);
        CPPUNIT_ASSERT_EQUAL(3.0, values["userphoto_watcher_changes_total"]);
        CPPUNIT_ASSERT_EQUAL(12.0, values["userphoto_avatar_index_people"]);
        CPPUNIT_ASSERT_EQUAL(std::string("histogram"), types["userphoto_request_duration_seconds"]);
        // Directory hosts: up or not, operations and errors, the operation histogram per host.
        const std::string a = "host=\"ldap://a.example.org:389\"", b = "host=\"ldap://b.example.org:389\"";
        CPPUNIT_ASSERT_EQUAL(1.0, values["userphoto_directory_up{" + a + "}"]);
        CPPUNIT_ASSERT_EQUAL(0.0, values["userphoto_directory_up{" + b + "}"]);
        CPPUNIT_ASSERT_EQUAL(2.0, values["userphoto_directory_operations_total{" + a + "}"]);
        CPPUNIT_ASSERT_EQUAL(1.0, values["userphoto_directory_errors_total{" + b + "}"]);
        CPPUNIT_ASSERT(values["userphoto_directory_last_error_timestamp_seconds{" + b + "}"] > 1.7e9);
        CPPUNIT_ASSERT_EQUAL(std::string("histogram"), types["userphoto_directory_operation_seconds"]);
        CPPUNIT_ASSERT_EQUAL(1.0, values["userphoto_directory_operation_seconds_bucket{" + a + ",le=\"0.0050\"}"]);
        CPPUNIT_ASSERT_EQUAL(2.0, values["userphoto_directory_operation_seconds_count{" + a + "}"]);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.043, values["userphoto_directory_operation_seconds_sum{" + a + "}"], 1e-9);
    }

    void html_escapes_and_shows_the_json_numbers() {
        const StatusReport report = sample_report();
        const std::string html = render_html(report);
        CPPUNIT_ASSERT(html.find("<script>") == std::string::npos);
        CPPUNIT_ASSERT(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
        CPPUNIT_ASSERT(html.find("http-equiv=\"refresh\"") != std::string::npos);
        // Every number the page marks with data-key is the JSON's number at that path.
        const nlohmann::json json = nlohmann::json::parse(render_json(report));
        const std::regex marked("<td data-key=\"([a-z_.]+)\">([0-9]+)</td>");
        int compared = 0;
        for (auto it = std::sregex_iterator(html.begin(), html.end(), marked); it != std::sregex_iterator(); ++it) {
            std::string path = "/" + (*it)[1].str();
            for (char& c : path) if (c == '.') c = '/';
            CPPUNIT_ASSERT_MESSAGE(path, json.contains(nlohmann::json::json_pointer(path)));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::stoull((*it)[2].str()),
                                         json.at(nlohmann::json::json_pointer(path)).get<unsigned long long>());
            ++compared;
        }
        CPPUNIT_ASSERT(compared >= 15 + 10);  // 5 protocols × 3, the cache's figures, ...
        // The hosts' rows: state, numbers as in the JSON, the last error escaped.
        const std::regex host_cell("<td data-key=\"directory\\.hosts\\.([0-9])\\.([a-z_]+)\">([0-9]+)</td>");
        int host_cells = 0;
        for (auto it = std::sregex_iterator(html.begin(), html.end(), host_cell); it != std::sregex_iterator(); ++it) {
            const auto& host = json["directory"]["hosts"][std::stoul((*it)[1].str())];
            CPPUNIT_ASSERT_EQUAL(std::stoull((*it)[3].str()), host[(*it)[2].str()].get<unsigned long long>());
            ++host_cells;
        }
        CPPUNIT_ASSERT_EQUAL(4, host_cells);  // operations and errors of two hosts
        CPPUNIT_ASSERT(html.find("<th>ldap://a.example.org:389</th><td>up</td>") != std::string::npos);
        CPPUNIT_ASSERT(html.find("<td>down since ") != std::string::npos);
        CPPUNIT_ASSERT(html.find("Can&apos;t contact LDAP server &lt;errno 111&gt;") != std::string::npos ||
                       html.find("Can't contact LDAP server &lt;errno 111&gt;") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("down"), json["directory"]["hosts"][1]["state"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(std::string("Can't contact LDAP server <errno 111>"),
                             json["directory"]["hosts"][1]["last_error"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(2ULL, json["directory"]["hosts"][0]["operations"].get<unsigned long long>());
        CPPUNIT_ASSERT_EQUAL(2ULL, json["protocols"]["ews"]["requests"].get<unsigned long long>());
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.7, json["cache"]["local_hit_ratio"].get<double>(), 1e-9);
    }

    void child_table_adds_up_live_children_and_reuses_slots_of_dead_ones() {
        auto table = std::make_unique<ChildTable>();
        std::set<int64_t> running = {100, 200};
        const ChildTable::IsAlive alive = [&running](int64_t pid) { return running.count(pid) > 0; };
        ChildSlot* first = table->claim(100, alive);
        ChildSlot* second = table->claim(200, alive);
        CPPUNIT_ASSERT(first && second && first != second);
        CPPUNIT_ASSERT_EQUAL(first, table->claim(100, alive));  // a child asking again keeps its slot
        first->publish({10, 1'000, 2, 200});
        second->publish({5, 500, 1, 100});
        uint64_t children = 0;
        ChildFigures sum = table->total(alive, &children);
        CPPUNIT_ASSERT_EQUAL(uint64_t(2), children);
        CPPUNIT_ASSERT_EQUAL(uint64_t(15), sum.local_entries);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1'500), sum.local_bytes);
        CPPUNIT_ASSERT_EQUAL(uint64_t(3), sum.drawn_entries);
        CPPUNIT_ASSERT_EQUAL(uint64_t(300), sum.drawn_bytes);
        // A child that ended no longer counts; a new child takes its slot and starts from zero.
        running.erase(100);
        sum = table->total(alive, &children);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), children);
        CPPUNIT_ASSERT_EQUAL(uint64_t(5), sum.local_entries);
        running.insert(300);
        ChildSlot* third = table->claim(300, alive);
        CPPUNIT_ASSERT_EQUAL(first, third);
        CPPUNIT_ASSERT_EQUAL(uint64_t(0), third->read().local_entries);
        // Full of live children: no slot, and the others' figures are untouched.
        for (int64_t pid = 1'000; pid < 1'000 + static_cast<int64_t>(kMaxChildSlots); ++pid) {
            running.insert(pid);
            table->claim(pid, alive);
        }
        CPPUNIT_ASSERT(table->claim(99'999, alive) == nullptr);
        sum = table->total(alive, &children);
        CPPUNIT_ASSERT_EQUAL(static_cast<uint64_t>(kMaxChildSlots), children);
        CPPUNIT_ASSERT_EQUAL(uint64_t(5), sum.local_entries);
    }

    void drawn_pictures_and_every_childs_gauges_are_rendered() {
        const StatusReport report = sample_report();
        const nlohmann::json json = nlohmann::json::parse(render_json(report));
        CPPUNIT_ASSERT_EQUAL(3ULL, json.at("children").get<unsigned long long>());
        CPPUNIT_ASSERT_EQUAL(11ULL, json.at("cache").at("all_children_local_entries").get<unsigned long long>());
        CPPUNIT_ASSERT_EQUAL(5ULL, json.at("cache").at("local_entries").get<unsigned long long>());
        const nlohmann::json& drawn = json.at("drawn_pictures");
        CPPUNIT_ASSERT_EQUAL(30ULL, drawn.at("hits").get<unsigned long long>());
        CPPUNIT_ASSERT_EQUAL(10ULL, drawn.at("misses").get<unsigned long long>());
        CPPUNIT_ASSERT_EQUAL(2ULL, drawn.at("entries").get<unsigned long long>());
        CPPUNIT_ASSERT_EQUAL(14'000ULL, drawn.at("all_children_bytes").get<unsigned long long>());
        CPPUNIT_ASSERT_EQUAL(static_cast<unsigned long long>(4u << 20), drawn.at("budget_bytes").get<unsigned long long>());
        const std::string html = render_html(report);
        CPPUNIT_ASSERT(html.find("<h2>Drawn pictures</h2>") != std::string::npos);
        CPPUNIT_ASSERT(html.find("<tr><th>hit ratio</th><td>75.0 %</td></tr>") != std::string::npos);
        CPPUNIT_ASSERT(html.find("<tr><th>budget (per child)</th><td>4.0 MiB</td></tr>") != std::string::npos);
        CPPUNIT_ASSERT(html.find("<td data-child-key=\"cache.all_children_local_entries\">11</td>") != std::string::npos);
        CPPUNIT_ASSERT(html.find("<span data-child-key=\"children\">3</span> running") != std::string::npos);
        // Prometheus: the sums over every child (the same whichever child answers the scrape).
        const std::string metrics = render_prometheus(report);
        for (const char* line : {"userphoto_children 3\n", "userphoto_cache_local_entries 11\n",
                                 "userphoto_cache_local_bytes 90000\n",
                                 "userphoto_drawn_picture_lookups_total{result=\"hit\"} 30\n",
                                 "userphoto_drawn_picture_lookups_total{result=\"drawn\"} 10\n",
                                 "userphoto_drawn_picture_entries 6\n", "userphoto_drawn_picture_bytes 14000\n",
                                 "userphoto_drawn_picture_capacity_bytes 4194304\n"})
            CPPUNIT_ASSERT_MESSAGE(line, metrics.find(line) != std::string::npos);
    }

    void configuration_masks_every_secret() {
        ServerConfig server;
        server.bind_dn = "cn=reader,dc=example,dc=org";
        server.bind_password = "s3cret-bind";
        server.link_secret = "s3cret-link";
        server.cache_ttl_s = 60;
        DirConfig dir;
        dir.onoffice_users = std::vector<OnOfficeApiUserConfig>{{"token-1", "s3cret-api", true}};
        const auto lines = summarize_configuration(server, dir);
        std::map<std::string, std::string> by_name(lines.begin(), lines.end());
        for (const auto& [name, value] : lines) CPPUNIT_ASSERT_MESSAGE(name, value.find("s3cret") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string(kMaskedSecret), by_name["UserPhotoLDAPBindPassword"]);
        CPPUNIT_ASSERT_EQUAL(std::string(kMaskedSecret), by_name["UserPhotoLinkSecret"]);
        CPPUNIT_ASSERT(by_name["UserPhotoOnOfficeAPIUser"].find("token-1") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("cn=reader,dc=example,dc=org"), by_name["UserPhotoLDAPBindDN"]);
        CPPUNIT_ASSERT_EQUAL(std::string("60"), by_name["UserPhotoCacheTTL (s)"]);
        CPPUNIT_ASSERT_EQUAL(std::string("(default)"), by_name["UserPhotoJPEGQuality"]);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusTest);
