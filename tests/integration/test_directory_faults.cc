// Directory faults against a private slapd + httpd pair (the shared ones stay untouched):
//   - slapd stopped under load: every request fails fast in its protocol's own error format and
//     the service recovers by itself once slapd is back, without restarting Apache;
//   - slapd that accepts connections but never answers (SIGSTOP): a request costs at most about
//     UserPhotoLDAPTimeout;
//   - a dead first host in UserPhotoLDAPURL: the second host serves.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "integration/fixture.h"

namespace {

using itest::Environment;
using itest::HttpCall;
using itest::HttpReply;
using Clock = std::chrono::steady_clock;

constexpr int kTimeoutMs = 2000;         // UserPhotoLDAPTimeout of the fault httpd
constexpr int kConnectTimeoutMs = 1000;  // UserPhotoLDAPConnectTimeout
constexpr int kMarginMs = 1500;          // scheduling, TLS-free loopback, JPEG rendering

// The private world: its slapd, its httpd, and a virtual host whose URL lists a dead host first.
struct FaultWorld {
    int ldap_port = 0;
    int dead_port = 0;
    int http_port = 0;
    int failover_port = 0;
    std::string httpd_dir;
};

const FaultWorld& world(Environment& env) {
    static std::unique_ptr<FaultWorld> w;
    if (w) return *w;
    auto made = std::make_unique<FaultWorld>();
    made->ldap_port = env.start_extra_slapd("faults-slapd");
    made->dead_port = itest::free_port();  // nothing listens there
    made->failover_port = itest::free_port();
    const std::string base = "/ou=people,dc=example,dc=test?mail?sub?(objectClass=inetOrgPerson)";
    // Caching off: every request here must reach the directory. What the cache serves during an
    // outage is CacheIntegrationTest's subject.
    std::string conf =
        "UserPhotoCacheTTL 0\n"
        "UserPhotoLDAPTimeout " + std::to_string(kTimeoutMs) + "ms\n"
        "UserPhotoLDAPConnectTimeout " + std::to_string(kConnectTimeoutMs) + "ms\n"
        "<Location \"/faults/Exchange.asmx\">\n  SetHandler userphoto-ews\n  UserPhotoEWSAllowAnonymous on\n</Location>\n"
        "Listen 127.0.0.1:" + std::to_string(made->failover_port) + "\n"
        "<VirtualHost 127.0.0.1:" + std::to_string(made->failover_port) + ">\n"
        "  UserPhotoLDAPURL \"ldap://127.0.0.1:" + std::to_string(made->dead_port) + " 127.0.0.1:" +
        std::to_string(made->ldap_port) + base + "\"\n"
        "</VirtualHost>\n";
    made->http_port = env.start_extra_httpd("faults-httpd", made->ldap_port, conf);
    made->httpd_dir = env.work_dir() + "/faults-httpd";
    w = std::move(made);
    return *w;
}

const std::string kSoapPath = "/faults/Exchange.asmx";

std::string rest_path(const std::string& uid) {
    return "/faults/Exchange.asmx/s/GetUserPhoto?email=" + uid + "%40example.test&size=HR96x96";
}

std::string soap_body(const std::string& uid) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
           "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"\n"
           "    xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">\n"
           "  <soap:Body><m:GetUserPhoto><m:Email>" + uid + "@example.test</m:Email>\n"
           "    <m:SizeRequested>HR96x96</m:SizeRequested></m:GetUserPhoto></soap:Body>\n"
           "</soap:Envelope>\n";
}

struct Timed {
    HttpReply reply;
    int ms = 0;
    bool soap = false;
};

Timed timed_call(const Environment& env, int port, bool soap, const std::string& uid) {
    HttpCall call;
    if (soap) {
        call.method = "POST";
        call.path = kSoapPath;
        call.body = soap_body(uid);
        call.headers.push_back("Content-Type: text/xml; charset=utf-8");
    } else {
        call.path = rest_path(uid);
    }
    auto start = Clock::now();
    Timed t;
    t.reply = env.call_port(port, call);
    t.ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
    t.soap = soap;
    return t;
}

// `threads` clients, each alternating SOAP and REST for `seconds`; every reply with its latency.
std::vector<Timed> load(const Environment& env, int port, int threads, double seconds) {
    std::vector<Timed> all;
    std::mutex lock;
    std::vector<std::thread> clients;
    auto until = Clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    for (int i = 0; i < threads; ++i)
        clients.emplace_back([&, i] {
            for (int n = 0; Clock::now() < until; ++n) {
                Timed t = timed_call(env, port, (n + i) % 2 == 0, (n % 2) ? "alice" : "bob");
                std::lock_guard<std::mutex> guard(lock);
                all.push_back(std::move(t));
            }
        });
    for (auto& c : clients) c.join();
    return all;
}

bool is_outage_answer(const Timed& t) {
    if (t.soap)
        return t.reply.status == 500 && t.reply.body.find("ErrorInternalServerError") != std::string::npos;
    return t.reply.status == 503;
}

// kill() returns before the signal is handled: wait until the process state is 'T' (stopped).
bool wait_until_stopped(int pid) {
    for (int i = 0; i < 100; ++i) {
        std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
        std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
        auto paren = text.rfind(')');
        if (paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'T') return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

// Polls until a REST request succeeds; milliseconds it took, or -1 after `limit_ms`.
int wait_for_recovery(const Environment& env, int port, int limit_ms) {
    auto start = Clock::now();
    for (;;) {
        int elapsed = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
        if (timed_call(env, port, false, "alice").reply.status == 200) return elapsed;
        if (elapsed > limit_ms) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

}  // namespace

class DirectoryFaultTest : public itest::IntegrationFixture {
    CPPUNIT_TEST_SUITE(DirectoryFaultTest);
    CPPUNIT_TEST(stopped_directory_fails_fast_and_service_recovers);
    CPPUNIT_TEST(unresponsive_directory_costs_at_most_the_timeout);
    CPPUNIT_TEST(second_directory_host_takes_over);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<itest::LogWatch> fault_log_;
    std::vector<std::string> fault_allowed_;

    const FaultWorld& w() { return world(env()); }

    // Every reply of a healthy world is a photo.
    void assert_all_photos(const std::vector<Timed>& replies) {
        CPPUNIT_ASSERT(!replies.empty());
        for (const auto& t : replies) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(t.reply.body.substr(0, 300), 200L, t.reply.status);
            if (t.soap) {
                CPPUNIT_ASSERT(t.reply.body.find("<PictureData>") != std::string::npos);
            } else {
                CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), t.reply.header("Content-Type"));
                CPPUNIT_ASSERT(itest::jpeg_size(t.reply.body) == std::make_pair(96, 96));
            }
        }
    }

public:
    void setUp() override {
        fault_log_.reset();
        IntegrationFixture::setUp();
        w();
        fault_log_ = std::make_unique<itest::LogWatch>(w().httpd_dir + "/error.log");
        fault_allowed_.clear();
    }

    void tearDown() override {
        if (!fault_log_) return IntegrationFixture::tearDown();  // setUp failed (and reported why)
        auto bad = fault_log_->unexpected(fault_allowed_);
        IntegrationFixture::tearDown();
        if (!bad.empty()) {
            std::string text = "unexpected error-log lines of the fault httpd:";
            for (const auto& l : bad) text += "\n  " + l;
            CPPUNIT_FAIL(text);
        }
    }

    void stopped_directory_fails_fast_and_service_recovers() {
        fault_allowed_ = {"directory unavailable", "LDAP pool: cannot connect or bind", "LDAP search on"};
        assert_all_photos(load(env(), w().http_port, 2, 0.5));

        env().stop_extra_slapd("faults-slapd");
        auto during = load(env(), w().http_port, 6, 4.0);
        env().restart_extra_slapd("faults-slapd");

        CPPUNIT_ASSERT(during.size() >= 12);
        int slowest = 0;
        for (const auto& t : during) {
            CPPUNIT_ASSERT_MESSAGE("status " + std::to_string(t.reply.status) + ": " + t.reply.body.substr(0, 300),
                                   is_outage_answer(t));
            slowest = std::max(slowest, t.ms);
        }
        // Connection refused: no timeout should be involved at all.
        CPPUNIT_ASSERT_MESSAGE("slowest outage answer took " + std::to_string(slowest) + " ms", slowest < kConnectTimeoutMs);

        int recovered = wait_for_recovery(env(), w().http_port, 10000);
        CPPUNIT_ASSERT_MESSAGE("service did not recover within 10 s", recovered >= 0);
        std::printf("     slapd stopped: %zu answers, slowest %d ms; recovered %d ms after restart\n", during.size(),
                    slowest, recovered);
        // Every pooled connection must have recovered, not just one: load all workers again.
        assert_all_photos(load(env(), w().http_port, 6, 1.5));
    }

    void unresponsive_directory_costs_at_most_the_timeout() {
        fault_allowed_ = {"directory unavailable", "LDAP pool: cannot connect or bind", "LDAP search on"};
        assert_all_photos(load(env(), w().http_port, 2, 0.5));

        int pid = env().extra_slapd_pid("faults-slapd");
        CPPUNIT_ASSERT_EQUAL(0, kill(pid, SIGSTOP));
        CPPUNIT_ASSERT_MESSAGE("slapd " + std::to_string(pid) + " did not stop", wait_until_stopped(pid));
        std::vector<Timed> during;
        try {
            during = load(env(), w().http_port, 4, 3.0);
        } catch (...) {
            kill(pid, SIGCONT);
            throw;
        }
        CPPUNIT_ASSERT_EQUAL(0, kill(pid, SIGCONT));

        CPPUNIT_ASSERT(!during.empty());
        int slowest = 0;
        for (const auto& t : during) {
            CPPUNIT_ASSERT_MESSAGE("status " + std::to_string(t.reply.status) + ": " + t.reply.body.substr(0, 300),
                                   is_outage_answer(t));
            slowest = std::max(slowest, t.ms);
        }
        CPPUNIT_ASSERT_MESSAGE("slowest answer took " + std::to_string(slowest) + " ms, timeout is " +
                                   std::to_string(kTimeoutMs) + " ms",
                               slowest <= kTimeoutMs + kMarginMs);

        int recovered = wait_for_recovery(env(), w().http_port, 10000);
        CPPUNIT_ASSERT_MESSAGE("service did not recover within 10 s", recovered >= 0);
        std::printf("     slapd SIGSTOPped: %zu answers, slowest %d ms (timeout %d ms); recovered %d ms after SIGCONT\n",
                    during.size(), slowest, kTimeoutMs, recovered);
        assert_all_photos(load(env(), w().http_port, 4, 1.0));
    }

    void second_directory_host_takes_over() {
        fault_allowed_ = {};  // libldap tries the next host itself: nothing to log
        auto replies = load(env(), w().failover_port, 3, 1.0);
        assert_all_photos(replies);
        int slowest = 0;
        for (const auto& t : replies) slowest = std::max(slowest, t.ms);
        CPPUNIT_ASSERT_MESSAGE("slowest failover answer took " + std::to_string(slowest) + " ms",
                               slowest < kConnectTimeoutMs + kMarginMs);
        std::printf("     dead first host: %zu photos, slowest %d ms\n", replies.size(), slowest);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DirectoryFaultTest);
