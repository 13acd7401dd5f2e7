// The operator's page on a private httpd (so that no other test's traffic moves its numbers):
//   - requests over every protocol move the JSON's per-protocol counts by exactly what was sent,
//     whichever child served them; two status requests held open at once (two children under
//     prefork) report the same totals;
//   - ?metrics (Prometheus text) agrees with ?json, and the HTML shows the JSON's numbers;
//   - no configured secret appears in any of the three;
//   - the directory watcher and the avatar index are reported;
//   - each child's local cache tier and drawn pictures are added up over every live child;
//   - mod_status's server-status page has the module's section, in HTML and ?auto, with the
//     directory hosts;
//   - each directory host is reported: the URL names a closed port first, so every new connection
//     fails over from it (down, with its last error) to slapd (up, its operations and latency).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/bearer_token.h"
#include "integration/fixture.h"
#include "integration/onoffice_client.h"

namespace {

using itest::Environment;
using itest::HttpCall;
using itest::HttpReply;
using json = nlohmann::json;

const char* const kProtocols[] = {"ews", "onoffice", "chatter", "graph", "avatar"};
const std::string kPeople = "(&(objectClass=inetOrgPerson)(mail=*))";
// The gallery in the browser test: the named people, not the hundreds of generated list-test ones.
const std::string kGalleryPeople = "(&(objectClass=inetOrgPerson)(mail=*)(!(uid=user*)))";

struct StatusWorld {
    int port = 0;
    std::string dead_host;  // the URL's first host: nothing listens there
    std::string live_host;  // slapd
};

const StatusWorld& world(Environment& env) {
    static std::unique_ptr<StatusWorld> w;
    if (w) return *w;
    auto made = std::make_unique<StatusWorld>();
    made->dead_host = "ldap://127.0.0.1:" + std::to_string(itest::free_port());
    made->live_host = "ldap://127.0.0.1:" + std::to_string(env.ldap_port());
    const std::string conf = "UserPhotoLDAPURL \"" + made->dead_host + " " + made->live_host +
                             "/ou=people,dc=example,dc=test?mail?sub?(objectClass=inetOrgPerson)\"\n" + R"(
UserPhotoDirectoryWatch auto
UserPhotoDrawnPictureMemory 3M
<Location "/avatar">
    SetHandler userphoto-avatar
</Location>
)";
    made->port = env.start_extra_httpd("status-httpd", env.ldap_port(), conf);
    w = std::move(made);
    return *w;
}

// An HTTP/1.1 request sent in two parts over a raw socket: the first part ties a prefork child to
// the connection until finish() sends the rest.
class HeldRequest {
public:
    HeldRequest(int port, const std::string& path) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        timeval timeout{30, 0};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        CPPUNIT_ASSERT(connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        send_all("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    }
    ~HeldRequest() { close(fd_); }
    // The rest of the request; returns the response body.
    std::string finish() {
        send_all("Connection: close\r\n\r\n");
        std::string response;
        char buffer[8192];
        for (ssize_t n; (n = read(fd_, buffer, sizeof buffer)) > 0;) response.append(buffer, static_cast<size_t>(n));
        const size_t body = response.find("\r\n\r\n");
        CPPUNIT_ASSERT_MESSAGE(response, response.rfind("HTTP/1.1 200", 0) == 0 && body != std::string::npos);
        return response.substr(body + 4);
    }

private:
    void send_all(const std::string& data) {
        CPPUNIT_ASSERT_EQUAL(static_cast<ssize_t>(data.size()), write(fd_, data.data(), data.size()));
    }
    int fd_ = -1;
};

// "name{labels}" → value of every sample line.
std::map<std::string, double> parse_metrics(const std::string& text) {
    std::map<std::string, double> values;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') continue;
        const size_t space = line.rfind(' ');
        values[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return values;
}

}  // namespace

using json = nlohmann::json;
using itest::HttpCall;
using itest::HttpReply;

class StatusIntegrationTest : public itest::IntegrationFixture {
    CPPUNIT_TEST_SUITE(StatusIntegrationTest);
    CPPUNIT_TEST(json_counts_every_protocol_across_children);
    CPPUNIT_TEST(metrics_agree_with_json);
    CPPUNIT_TEST(html_shows_the_json_numbers_and_no_secret);
    CPPUNIT_TEST(watcher_and_avatar_index_are_reported);
    CPPUNIT_TEST(server_status_has_a_userphoto_section);
    CPPUNIT_TEST(drawn_pictures_are_counted_and_kept_within_their_budget);
    CPPUNIT_TEST(only_get_is_answered);
    CPPUNIT_TEST(directory_hosts_show_state_latency_and_the_last_error);
    CPPUNIT_TEST(chromium_shows_the_gallery_and_the_status_numbers);
    CPPUNIT_TEST(counters_survive_a_graceful_restart);  // last: it restarts the private httpd
    CPPUNIT_TEST_SUITE_END();

    int restarts_logged() {
        std::ifstream in(env().work_dir() + "/status-httpd/error.log");
        int n = 0;
        for (std::string line; std::getline(in, line);) n += line.find("resuming normal operations") != std::string::npos;
        return n;
    }

    // The entries with an address under `filter` (as the directory's admin: no size limit).
    uint64_t people_with_mail(const std::string& filter = kPeople) {
        const std::string found = itest::run("ldapsearch -LLL -x -D cn=admin,dc=example,dc=test -w secret -H ldap://127.0.0.1:" +
                                             std::to_string(env().ldap_port()) + " -b ou=people,dc=example,dc=test " +
                                             itest::quote(filter) + " dn");
        uint64_t n = 0;
        for (size_t at = found.find("dn:"); at != std::string::npos; at = found.find("\ndn:", at + 1)) ++n;
        return n;
    }

    json wait_for_avatar_index() {
        json status;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        do {
            status = status_json();
            if (status["avatar_index"]["ready"].get<bool>()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        } while (std::chrono::steady_clock::now() < deadline);
        return status;
    }

    // Headless Chromium (Debian's chromium) on `url`: the DOM after the page's scripts ran, and a
    // screenshot when `screenshot` is not empty.
    // budget_ms: virtual time the page gets (network waits do not count).
    std::string chromium(const std::string& url, const std::string& screenshot, int budget_ms) {
        const std::string profile = itest::run("mktemp -d " + itest::quote(env().work_dir() + "/chromium.XXXXXX"));
        std::string command = "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                              " --disable-background-networking --disable-component-update --disable-sync"
                              " --user-data-dir=" + itest::quote(profile.substr(0, profile.find('\n'))) +
                              " --window-size=1400,2400 --virtual-time-budget=" + std::to_string(budget_ms);
        if (!screenshot.empty()) command += " --screenshot=" + itest::quote(screenshot);
        return itest::run(command + " --dump-dom " + itest::quote(url) + " 2>/dev/null");
    }

    static const json& host_named(const json& status, const std::string& uri) {
        for (const json& host : status.at("directory").at("hosts"))
            if (host.at("uri").get<std::string>() == uri) return host;
        CPPUNIT_FAIL("no directory host " + uri + " in " + status.at("directory").dump());
        static const json none;
        return none;
    }

    HttpReply call(HttpCall c) { return env().call_port(world(env()).port, c); }
    HttpReply get(const std::string& path) {
        HttpCall c;
        c.path = path;
        return call(c);
    }
    json status_json() {
        HttpReply r = get("/userphoto-status?json");
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT(r.header("Content-Type").rfind("application/json", 0) == 0);
        return json::parse(r.body);
    }
    static uint64_t count(const json& status, const std::string& protocol, const char* field) {
        return status.at("protocols").at(protocol).at(field).get<uint64_t>();
    }

    // Requests of every protocol, some answered with errors; returns, per protocol, how many were
    // sent and how many of them the client saw answered 4xx and 5xx.
    std::map<std::string, std::array<uint64_t, 3>> send_traffic() {
        std::map<std::string, std::array<uint64_t, 3>> sent;  // requests, 4xx, 5xx
        auto tally = [&sent](const char* protocol, long status) {
            auto& counts = sent[protocol];
            counts[0]++;
            if (status >= 400 && status < 500) counts[1]++;
            if (status >= 500) counts[2]++;
            return status;
        };
        HttpCall ews;
        ews.path = "/ews/Exchange.asmx/s/GetUserPhoto?email=alice%40example.test&size=HR64x64";
        ews.user = "bob@example.test";
        ews.password = "pw-bob";
        CPPUNIT_ASSERT_EQUAL(200L, tally("ews", call(ews).status));
        CPPUNIT_ASSERT_EQUAL(200L, tally("ews", call(ews).status));
        CPPUNIT_ASSERT_EQUAL(401L, tally("ews", get("/ews-noauth/Exchange.asmx/s/GetUserPhoto?email=alice%40example.test").status));
        HttpCall soap;  // an unknown person where the location answers SOAP with 500
        soap.method = "POST";
        soap.path = "/ews500/Exchange.asmx";
        soap.headers.push_back("Content-Type: text/xml; charset=utf-8");
        soap.body = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                    "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><soap:Body><m:GetUserPhoto>"
                    "<m:Email>nobody@example.test</m:Email><m:SizeRequested>HR96x96</m:SizeRequested></m:GetUserPhoto>"
                    "</soap:Body></soap:Envelope>";
        CPPUNIT_ASSERT_EQUAL(500L, tally("ews", call(soap).status));

        HttpCall graph;
        graph.path = "/graph/v1.0/users/alice@example.test/photo/$value";
        graph.headers.push_back(itest::bearer("alice"));
        CPPUNIT_ASSERT_EQUAL(200L, tally("graph", call(graph).status));

        HttpCall chatter;
        chatter.path = "/services/data/v50.0/connect/user-profiles/me/photo";
        chatter.headers.push_back(itest::bearer("alice"));
        tally("chatter", call(chatter).status);

        itest::OnOfficeClient onoffice("itest-token", "itest-secret-0123456789");
        HttpCall api;
        api.method = "POST";
        api.path = "/api/stable/api.php";
        api.headers.push_back("Content-Type: application/x-www-form-urlencoded");
        itest::OnOfficeAction read;
        read.resourceid = "1003";
        api.body = onoffice.body({read});
        CPPUNIT_ASSERT_EQUAL(200L, tally("onoffice", call(api).status));

        tally("avatar", get("/avatar/00000000000000000000000000000000?d=404&s=32").status);
        return sent;
    }

public:
    void json_counts_every_protocol_across_children() {
        const json before = status_json();
        // Two status requests, each tying up a child (under prefork: two different children),
        // answered only after the traffic.
        HeldRequest first(world(env()).port, "/userphoto-status?json");
        HeldRequest second(world(env()).port, "/userphoto-status?json");
        auto sent = send_traffic();
        // The same traffic again from four threads at once: under prefork several children serve it.
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([this] {
                HttpCall ews;
                ews.path = "/ews/Exchange.asmx/s/GetUserPhoto?email=carol%40example.test&size=HR64x64";
                ews.user = "bob@example.test";
                ews.password = "pw-bob";
                for (int i = 0; i < 5; ++i) call(ews);
            });
        for (auto& t : threads) t.join();
        sent["ews"][0] += 20;
        const json one = json::parse(first.finish());
        const json two = json::parse(second.finish());
        const json after = status_json();
        for (const json* seen : {&one, &two, &after}) {
            for (const char* protocol : kProtocols) {
                const auto& expect = sent[protocol];
                CPPUNIT_ASSERT_EQUAL_MESSAGE(protocol, count(before, protocol, "requests") + expect[0],
                                             count(*seen, protocol, "requests"));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(protocol, count(before, protocol, "client_errors") + expect[1],
                                             count(*seen, protocol, "client_errors"));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(protocol, count(before, protocol, "server_errors") + expect[2],
                                             count(*seen, protocol, "server_errors"));
            }
        }
        if (env().mpm() == "prefork")
            CPPUNIT_ASSERT_MESSAGE("two held requests, two children",
                                   one.at("child_pid").get<uint64_t>() != two.at("child_pid").get<uint64_t>());
        // Latency: every request in a bucket, a positive sum, percentiles in order.
        const json& ews = after.at("protocols").at("ews");
        uint64_t bucketed = 0;
        for (const json& n : ews.at("latency_buckets")) bucketed += n.get<uint64_t>();
        CPPUNIT_ASSERT_EQUAL(ews.at("requests").get<uint64_t>(), bucketed);
        const json& latency = ews.at("latency_seconds");
        CPPUNIT_ASSERT(latency.at("sum").get<double>() > 0);
        CPPUNIT_ASSERT(latency.at("p50").get<double>() <= latency.at("p99").get<double>());
        // The photo cache served the repeated requests from memory.
        CPPUNIT_ASSERT(after.at("cache").at("local_hits").get<uint64_t>() > before.at("cache").at("local_hits").get<uint64_t>());
        // Each child's local tier is added up over every child (each refreshes its share every
        // second): nothing here evicts or drops entries, so the sum holds what the two held
        // children had when they answered.
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        const json later = status_json();
        auto local = [](const json& s, const char* key) { return s.at("cache").at(key).get<uint64_t>(); };
        const bool two_children = one.at("child_pid") != two.at("child_pid");
        CPPUNIT_ASSERT(later.at("children").get<uint64_t>() >= (two_children ? 2u : 1u));
        CPPUNIT_ASSERT(local(later, "all_children_local_entries") >= local(later, "local_entries"));
        CPPUNIT_ASSERT(local(later, "local_entries") > 0);
        const uint64_t held = two_children ? local(one, "local_entries") + local(two, "local_entries")
                                           : std::max(local(one, "local_entries"), local(two, "local_entries"));
        CPPUNIT_ASSERT_MESSAGE(later.at("cache").dump(), local(later, "all_children_local_entries") >= held);
        CPPUNIT_ASSERT(local(later, "all_children_local_bytes") >= local(later, "local_bytes"));
    }

    void metrics_agree_with_json() {
        send_traffic();
        // Status requests are not counted, so nothing moves between the two reads.
        const json status = status_json();
        HttpReply r = get("/userphoto-status?metrics");
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; version=0.0.4; charset=utf-8"), r.header("Content-Type"));
        const auto metrics = parse_metrics(r.body);
        for (const char* protocol : kProtocols) {
            const std::string label = std::string("{protocol=\"") + protocol + "\"}";
            const double requests = static_cast<double>(count(status, protocol, "requests"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(protocol, requests, metrics.at("userphoto_requests_total" + label));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(protocol, requests, metrics.at("userphoto_request_duration_seconds_count" + label));
            CPPUNIT_ASSERT_EQUAL(requests, metrics.at("userphoto_request_duration_seconds_bucket{protocol=\"" +
                                                      std::string(protocol) + "\",le=\"+Inf\"}"));
            CPPUNIT_ASSERT_EQUAL(static_cast<double>(count(status, protocol, "client_errors")),
                                 metrics.at("userphoto_client_errors_total" + label));
            CPPUNIT_ASSERT_EQUAL(static_cast<double>(count(status, protocol, "server_errors")),
                                 metrics.at("userphoto_server_errors_total" + label));
            CPPUNIT_ASSERT_DOUBLES_EQUAL(status["protocols"][protocol]["latency_seconds"]["sum"].get<double>(),
                                         metrics.at("userphoto_request_duration_seconds_sum" + label), 1e-5);
        }
        CPPUNIT_ASSERT(metrics.at("userphoto_requests_total{protocol=\"ews\"}") >= 4);
        CPPUNIT_ASSERT_EQUAL(static_cast<double>(status["cache"]["local_hits"].get<uint64_t>()),
                             metrics.at("userphoto_cache_hits_total{tier=\"local\"}"));
        CPPUNIT_ASSERT_EQUAL(static_cast<double>(status["cache"]["directory_reads"].get<uint64_t>()),
                             metrics.at("userphoto_cache_directory_reads_total"));
    }

    void html_shows_the_json_numbers_and_no_secret() {
        send_traffic();
        HttpReply html = get("/userphoto-status");
        const json status = status_json();
        CPPUNIT_ASSERT_EQUAL(200L, html.status);
        CPPUNIT_ASSERT(html.header("Content-Type").rfind("text/html", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), html.header("Cache-Control"));
        CPPUNIT_ASSERT(html.body.find("<meta http-equiv=\"refresh\"") != std::string::npos);
        const std::regex marked("<td data-key=\"([a-z_.]+)\">([0-9]+)</td>");
        int compared = 0;
        for (auto it = std::sregex_iterator(html.body.begin(), html.body.end(), marked); it != std::sregex_iterator(); ++it) {
            std::string pointer = "/" + (*it)[1].str();
            for (char& c : pointer) if (c == '.') c = '/';
            CPPUNIT_ASSERT_EQUAL_MESSAGE(pointer, status.at(json::json_pointer(pointer)).get<uint64_t>(),
                                         static_cast<uint64_t>(std::stoull((*it)[2].str())));
            ++compared;
        }
        CPPUNIT_ASSERT(compared >= 20);
        CPPUNIT_ASSERT(status.at("protocols").at("ews").at("requests").get<uint64_t>() >= 4);
        // The configuration is shown, its secrets are not (they are set in the test httpd.conf).
        CPPUNIT_ASSERT_EQUAL(std::string("(set, not shown)"),
                             status.at("configuration").at("UserPhotoLinkSecret").get<std::string>());
        CPPUNIT_ASSERT_EQUAL(std::string("(set, not shown)"),
                             status.at("configuration").at("UserPhotoLDAPBindPassword").get<std::string>());
        for (const std::string& body : {html.body, status.dump(), get("/userphoto-status?metrics").body}) {
            for (const char* secret : {"itest-link-secret", "itest-secret-0123456789"})
                CPPUNIT_ASSERT_MESSAGE(secret, body.find(secret) == std::string::npos);
        }
        CPPUNIT_ASSERT(html.body.find("cn=admin,dc=example,dc=test") != std::string::npos);
    }

    void watcher_and_avatar_index_are_reported() {
        json status;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        do {
            status = status_json();
            if (status["watcher"]["connections"].get<uint64_t>() >= 1 && status["avatar_index"]["ready"].get<bool>()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        } while (std::chrono::steady_clock::now() < deadline);
        CPPUNIT_ASSERT(status["watcher"]["enabled"].get<bool>());
        CPPUNIT_ASSERT(status["watcher"]["connections"].get<uint64_t>() >= 1);
        CPPUNIT_ASSERT(!status["watcher"]["method"].get<std::string>().empty());
        const double lag = status["watcher"]["lag_seconds"].get<double>();
        CPPUNIT_ASSERT(lag >= 0 && lag < 30);
        CPPUNIT_ASSERT(status["avatar_index"]["enabled"].get<bool>());
        CPPUNIT_ASSERT(status["avatar_index"]["ready"].get<bool>());
        CPPUNIT_ASSERT_EQUAL(people_with_mail(), status["avatar_index"]["people"].get<uint64_t>());
        CPPUNIT_ASSERT(status["avatar_index"]["bytes_used"].get<uint64_t>() > 0);
        const auto metrics = parse_metrics(get("/userphoto-status?metrics").body);
        CPPUNIT_ASSERT_EQUAL(static_cast<double>(status["avatar_index"]["people"].get<uint64_t>()),
                             metrics.at("userphoto_avatar_index_people"));
    }

    void server_status_has_a_userphoto_section() {
        send_traffic();
        const json status = status_json();
        uint64_t total = 0;
        for (const char* protocol : kProtocols) total += count(status, protocol, "requests");
        HttpReply html = get("/server-status");
        CPPUNIT_ASSERT_EQUAL(200L, html.status);
        CPPUNIT_ASSERT(html.body.find("<h2>mod_userphoto</h2>") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(html.body.substr(html.body.find("mod_userphoto")),
                               html.body.find("requests: " + std::to_string(total) + " ") != std::string::npos);
        HttpReply autos = get("/server-status?auto");
        CPPUNIT_ASSERT_EQUAL(200L, autos.status);
        CPPUNIT_ASSERT_MESSAGE(autos.body, autos.body.find("\nUserPhotoRequests: " + std::to_string(total) + "\n") !=
                                               std::string::npos);
        CPPUNIT_ASSERT(autos.body.find("\nUserPhotoRequests_ews: " + std::to_string(count(status, "ews", "requests")) +
                                       "\n") != std::string::npos);
        // The directory hosts: the live one answered the traffic above.
        const StatusWorld& w = world(env());
        CPPUNIT_ASSERT_MESSAGE(html.body.substr(html.body.find("mod_userphoto")),
                               html.body.find("<dt>directory " + w.live_host + ": up, ") != std::string::npos);
        CPPUNIT_ASSERT(html.body.find("<dt>directory " + w.dead_host + ": ") != std::string::npos);
        CPPUNIT_ASSERT(autos.body.find("\nUserPhotoDirectoryHosts: 2\n") != std::string::npos);
        CPPUNIT_ASSERT(autos.body.find("\nUserPhotoDirectoryHostsUp: ") != std::string::npos);
        CPPUNIT_ASSERT(autos.body.find("\nUserPhotoDirectoryHostsUp: 0\n") == std::string::npos);
        CPPUNIT_ASSERT(autos.body.find("\nUserPhotoCacheLocalEntries: ") != std::string::npos);
        CPPUNIT_ASSERT(autos.body.find("\nUserPhotoChildren: 0\n") == std::string::npos);
    }

    // Drawn defaults (here identicons of an unknown hash) are counted over every child and kept in
    // each child's cache within UserPhotoDrawnPictureMemory (3M in this httpd.conf).
    void drawn_pictures_are_counted_and_kept_within_their_budget() {
        const json before = wait_for_avatar_index();
        const json& budget = before.at("drawn_pictures").at("budget_bytes");
        CPPUNIT_ASSERT_EQUAL(uint64_t(3) << 20, budget.get<uint64_t>());
        CPPUNIT_ASSERT_EQUAL(std::string("3145728"),
                             before.at("configuration").at("UserPhotoDrawnPictureMemory (bytes)").get<std::string>());
        // A size nobody asked for before: the first answer is drawn in whichever child serves it.
        const std::string size = std::to_string(100 + std::chrono::steady_clock::now().time_since_epoch().count() % 300);
        const std::string path = "/avatar/0123456789abcdef0123456789abcdef?d=identicon&s=" + size;
        HttpReply first = get(path);
        HttpReply again = get(path);
        CPPUNIT_ASSERT_EQUAL(200L, first.status);
        CPPUNIT_ASSERT_EQUAL(200L, again.status);
        CPPUNIT_ASSERT(first.body == again.body);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // every child's share refreshed
        const json after = status_json();
        auto drawn = [](const json& s, const char* key) { return s.at("drawn_pictures").at(key).get<uint64_t>(); };
        // Two lookups, wherever they went; the first one drew.
        CPPUNIT_ASSERT_EQUAL(drawn(before, "hits") + drawn(before, "misses") + 2, drawn(after, "hits") + drawn(after, "misses"));
        CPPUNIT_ASSERT(drawn(after, "misses") >= drawn(before, "misses") + 1);
        CPPUNIT_ASSERT(drawn(after, "all_children_entries") >= 1);
        CPPUNIT_ASSERT(drawn(after, "all_children_bytes") > first.body.size());
        CPPUNIT_ASSERT(drawn(after, "bytes") <= (uint64_t(3) << 20));
        const std::map<std::string, double> metrics = parse_metrics(get("/userphoto-status?metrics").body);
        CPPUNIT_ASSERT_EQUAL(static_cast<double>(uint64_t(3) << 20), metrics.at("userphoto_drawn_picture_capacity_bytes"));
        CPPUNIT_ASSERT(metrics.at("userphoto_drawn_picture_lookups_total{result=\"drawn\"}") >= drawn(after, "misses"));
    }

    void directory_hosts_show_state_latency_and_the_last_error() {
        const StatusWorld& w = world(env());
        const json before = status_json();
        CPPUNIT_ASSERT_EQUAL(size_t(2), before.at("directory").at("hosts").size());
        CPPUNIT_ASSERT_EQUAL(w.dead_host, before["directory"]["hosts"][0]["uri"].get<std::string>());  // URL order
        const uint64_t operations_before = host_named(before, w.live_host).at("operations").get<uint64_t>();
        // Addresses nobody asked for yet: each one a directory search, whatever the cache holds.
        const std::string tag = std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
        for (int i = 0; i < 3; ++i) {
            HttpCall ews;
            ews.path = "/ews/Exchange.asmx/s/GetUserPhoto?email=nobody-" + tag + "-" + std::to_string(i) +
                       "%40example.test&size=HR64x64";
            ews.user = "bob@example.test";
            ews.password = "pw-bob";
            CPPUNIT_ASSERT_EQUAL(404L, call(ews).status);
        }
        const json status = status_json();
        const json& live = host_named(status, w.live_host);
        CPPUNIT_ASSERT_EQUAL(std::string("up"), live.at("state").get<std::string>());
        CPPUNIT_ASSERT(live.at("operations").get<uint64_t>() >= operations_before + 3);
        CPPUNIT_ASSERT(live.at("latency_seconds").at("sum").get<double>() > 0);
        CPPUNIT_ASSERT(live.at("latency_seconds").at("p99").get<double>() > 0);
        uint64_t bucketed = 0;
        for (const json& n : live.at("latency_buckets")) bucketed += n.get<uint64_t>();
        CPPUNIT_ASSERT_EQUAL(live.at("operations").get<uint64_t>(), bucketed);
        // The closed port was tried first for each new connection, failed, and was failed over.
        const json& dead = host_named(status, w.dead_host);
        CPPUNIT_ASSERT_EQUAL(std::string("down"), dead.at("state").get<std::string>());
        CPPUNIT_ASSERT(dead.at("down_since_ms").get<int64_t>() > 0);
        CPPUNIT_ASSERT(dead.at("errors").get<uint64_t>() >= 1);
        CPPUNIT_ASSERT_EQUAL(uint64_t(0), dead.at("operations").get<uint64_t>());
        const std::string error = dead.at("last_error").get<std::string>();
        CPPUNIT_ASSERT_MESSAGE(error, error.find("Can't contact LDAP server") != std::string::npos);
        CPPUNIT_ASSERT(dead.at("last_error_ms").get<int64_t>() >= dead.at("down_since_ms").get<int64_t>());

        // ?metrics and the HTML say the same.
        const auto metrics = parse_metrics(get("/userphoto-status?metrics").body);
        const std::string dead_label = "{host=\"" + w.dead_host + "\"}", live_label = "{host=\"" + w.live_host + "\"}";
        CPPUNIT_ASSERT_EQUAL(0.0, metrics.at("userphoto_directory_up" + dead_label));
        CPPUNIT_ASSERT_EQUAL(1.0, metrics.at("userphoto_directory_up" + live_label));
        CPPUNIT_ASSERT(metrics.at("userphoto_directory_operation_seconds_count" + live_label) >=
                       static_cast<double>(live.at("operations").get<uint64_t>()));
        CPPUNIT_ASSERT(metrics.at("userphoto_directory_errors_total" + dead_label) >= 1);
        const std::string html = get("/userphoto-status").body;
        CPPUNIT_ASSERT(html.find("<th>" + w.dead_host + "</th><td>down since ") != std::string::npos);
        CPPUNIT_ASSERT(html.find("<th>" + w.live_host + "</th><td>up</td>") != std::string::npos);
    }

    void only_get_is_answered() {
        HttpCall post;
        post.method = "POST";
        post.path = "/userphoto-status?json";
        post.body = "x";
        CPPUNIT_ASSERT_EQUAL(405L, call(post).status);
        HttpCall head;
        head.method = "HEAD";
        head.path = "/userphoto-status?metrics";
        HttpReply r = call(head);
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT(r.body.empty());
    }

    // The gallery (every person, every protocol, three sizes) and the status page in a real browser:
    // every image decodes, and the page shows the numbers ?json reports.
    void chromium_shows_the_gallery_and_the_status_numbers() {
        CPPUNIT_ASSERT_MESSAGE("headless Chromium is needed (tests/install-deps.sh installs it)",
                               itest::run("command -v chromium || true").find("chromium") != std::string::npos);
        CPPUNIT_ASSERT(wait_for_avatar_index()["avatar_index"]["ready"].get<bool>());
        const std::string dir = env().work_dir() + "/status-httpd";
        itest::run(itest::quote(std::string(TOP_SRCDIR) + "/tests/harness/gallery/gallery.sh") + " " + itest::quote(dir) +
                   " " + std::to_string(env().ldap_port()) + " " + itest::quote(kGalleryPeople));
        const uint64_t avatar_before = count(status_json(), "avatar", "requests");
        const std::string base = "http://127.0.0.1:" + std::to_string(world(env()).port);
        const std::string shot = dir + "/gallery.png";
        const std::string dom = chromium(base + "/gallery/index.html", shot, 30000);
        std::smatch m;
        CPPUNIT_ASSERT_MESSAGE(dom.substr(0, 2000), std::regex_search(dom, m, std::regex("<pre id=\"result\">(\\{[^<]*\\})</pre>")));
        std::string summary_text = m[1];
        for (size_t at; (at = summary_text.find("&quot;")) != std::string::npos;) summary_text.replace(at, 6, "\"");
        const json summary = json::parse(summary_text);
        const uint64_t people = people_with_mail(kGalleryPeople);
        CPPUNIT_ASSERT(people >= 10);
        CPPUNIT_ASSERT_EQUAL(people, summary.at("people").get<uint64_t>());
        CPPUNIT_ASSERT_MESSAGE(summary.dump(), summary.at("undecoded").empty());
        CPPUNIT_ASSERT_EQUAL(summary.at("images").get<uint64_t>(), summary.at("decoded").get<uint64_t>());
        // Drawn initials stand in for missing photos: every person has all three avatar sizes; every
        // other protocol shows at least alice's photo at each of its sizes.
        const json& shown = summary.at("byProtocol");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(summary.dump(), people * 3, shown.value("Libravatar", uint64_t(0)));
        for (const char* protocol : {"EWS REST", "Microsoft Graph", "Salesforce Connect"})
            CPPUNIT_ASSERT_MESSAGE(summary.dump(), shown.value(protocol, uint64_t(0)) >= 3);
        CPPUNIT_ASSERT_MESSAGE(summary.dump(), shown.value("onOffice link", uint64_t(0)) >= 1);
        const std::string png = itest::run("head -c 8 " + itest::quote(shot) + " | od -An -c");
        CPPUNIT_ASSERT_MESSAGE(png, png.find("P   N   G") != std::string::npos);

        // The status page as the browser shows it (less virtual time than its refresh interval), then
        // ?json: the same numbers.
        const std::string page = chromium(base + "/userphoto-status", "", 2000);
        const json status = status_json();
        const std::regex marked("data-key=\"([a-z_.]+)\">([0-9]+)<");
        int compared = 0;
        for (auto it = std::sregex_iterator(page.begin(), page.end(), marked); it != std::sregex_iterator(); ++it) {
            std::string pointer = "/" + (*it)[1].str();
            for (char& c : pointer) if (c == '.') c = '/';
            CPPUNIT_ASSERT_EQUAL_MESSAGE(pointer, status.at(json::json_pointer(pointer)).get<uint64_t>(),
                                         static_cast<uint64_t>(std::stoull((*it)[2].str())));
            ++compared;
        }
        CPPUNIT_ASSERT(compared >= 20);
        // The gallery's avatar requests are in it: three per address (people sharing an address
        // share the browser's cached answers).
        std::set<std::string> addresses;
        std::ifstream gallery(dir + "/htdocs/gallery/index.html");
        const std::string html((std::istreambuf_iterator<char>(gallery)), std::istreambuf_iterator<char>());
        const std::regex mail("\"mail\":\"([^\"]+)\"");
        for (auto it = std::sregex_iterator(html.begin(), html.end(), mail); it != std::sregex_iterator(); ++it)
            addresses.insert((*it)[1].str());
        CPPUNIT_ASSERT(addresses.size() >= 10);
        CPPUNIT_ASSERT(count(status, "avatar", "requests") >= avatar_before + addresses.size() * 3);
    }

    // A graceful restart keeps the block: the new generation of children counts on from the old
    // totals instead of from zero.
    void counters_survive_a_graceful_restart() {
        send_traffic();
        const json before = status_json();
        const int restarts = restarts_logged();
        // SIGUSR1 is what `apachectl graceful` sends; httpd logs the new generation at notice level.
        itest::run("kill -USR1 $(cat " + itest::quote(env().work_dir() + "/status-httpd/httpd.pid") + ")");
        for (int i = 0; i < 200 && restarts_logged() <= restarts; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CPPUNIT_ASSERT(restarts_logged() > restarts);
        // Until a child of the new generation answers (the old one finishes and leaves).
        json after = status_json();
        for (int i = 0; i < 200 && after["child_pid"] == before["child_pid"]; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            after = status_json();
        }
        CPPUNIT_ASSERT(after["child_pid"] != before["child_pid"]);
        CPPUNIT_ASSERT(after["uptime_seconds"].get<double>() >= before["uptime_seconds"].get<double>());
        auto sent = send_traffic();
        after = status_json();
        for (const char* protocol : kProtocols)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(protocol, count(before, protocol, "requests") + sent[protocol][0],
                                         count(after, protocol, "requests"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusIntegrationTest);
