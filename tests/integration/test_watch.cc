// The directory watcher against a real slapd with the syncprov overlay, through EWS REST on
// private httpd instances whose cache TTL is an hour:
//   - content sync (UserPhotoDirectoryWatch auto, which picks it): a photo changed with
//     ldapmodify is served new within 2 s, by every child;
//   - polling (poll, 1 s interval): within the interval + 1 s;
//   - off: still the old photo (the cache is in play, so the two above prove the watcher);
//   - slapd restarted: both watchers recover and a later change is still seen;
//   - content sync also reports deleted entries: the person is gone within 2 s;
//   - one watcher per server, however many children the MPM runs.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "integration/fixture.h"

using itest::quote;

namespace {

using itest::Environment;
using itest::HttpCall;
using itest::HttpReply;
using Clock = std::chrono::steady_clock;

constexpr int kSyncTargetMs = 2000;
constexpr int kPollIntervalMs = 1000;
constexpr int kPollTargetMs = kPollIntervalMs + 1000;

struct WatchWorld {
    int ldap_port = 0;
    int sync_port = 0;
    int poll_port = 0;
    int off_port = 0;
};

std::string instance_conf(const std::string& watch) {
    return "UserPhotoCacheTTL 3600\n" + watch +
           "<Location \"/watch/Exchange.asmx\">\n  SetHandler userphoto-ews\n  UserPhotoEWSAllowAnonymous on\n</Location>\n";
}

const WatchWorld& world(Environment& env) {
    static std::unique_ptr<WatchWorld> w;
    static std::string failure;  // a failed start is reported by every test, not retried half-way
    if (w) return *w;
    if (!failure.empty()) throw std::runtime_error(failure);
    auto made = std::make_unique<WatchWorld>();
    try {
        made->ldap_port = env.start_extra_slapd("watch-slapd");
        // auto, the default: it must pick content sync, which this slapd offers (syncprov).
        made->sync_port = env.start_extra_httpd("watch-sync", made->ldap_port, instance_conf("UserPhotoDirectoryWatch auto\n"));
        made->poll_port = env.start_extra_httpd(
            "watch-poll", made->ldap_port,
            instance_conf("UserPhotoDirectoryWatch poll\nUserPhotoDirectoryWatchInterval " +
                          std::to_string(kPollIntervalMs) + "ms\n"));
        made->off_port = env.start_extra_httpd("watch-off", made->ldap_port, instance_conf("UserPhotoDirectoryWatch off\n"));
    } catch (const std::exception& e) {
        failure = std::string("starting the watch world: ") + e.what();
        throw;
    }
    w = std::move(made);
    return *w;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int count(const std::string& text, const std::string& needle) {
    int n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

int ms_since(Clock::time_point start) {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

}  // namespace

class WatchIntegrationTest : public itest::IntegrationFixture {
    CPPUNIT_TEST_SUITE(WatchIntegrationTest);
    CPPUNIT_TEST(oneWatcherPerServer);
    CPPUNIT_TEST(syncreplChangeIsServedWithinTwoSeconds);
    CPPUNIT_TEST(pollChangeIsServedWithinIntervalPlusOne);
    CPPUNIT_TEST(offKeepsServingTheCachedPhoto);
    CPPUNIT_TEST(watchersRecoverFromDirectoryRestart);
    CPPUNIT_TEST(syncreplSeesADeletion);
    CPPUNIT_TEST_SUITE_END();

    std::string log_of(const std::string& name) { return read_file(env().work_dir() + "/" + name + "/error.log"); }

    // Waits (bounded) until the instance's log says `what` at least `times` times.
    void wait_for_log(const std::string& name, const std::string& what, int times, int limit_ms) {
        auto start = Clock::now();
        while (count(log_of(name), what) < times && ms_since(start) < limit_ms)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CPPUNIT_ASSERT_MESSAGE(name + " never logged: " + what, count(log_of(name), what) >= times);
    }

    HttpReply photo(int port, const std::string& uid) {
        HttpCall call;
        call.path = "/watch/Exchange.asmx/s/GetUserPhoto?email=" + uid + "%40example.test&size=HR96x96";
        return env().call_port(port, call);
    }

    std::string etag(int port, const std::string& uid) {
        HttpReply r = photo(port, uid);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(uid + " on port " + std::to_string(port), 200L, r.status);
        CPPUNIT_ASSERT(!r.header("ETag").empty());
        return r.header("ETag");
    }

    void set_photo(const std::string& uid, const std::string& file) {
        itest::run("printf '%s\\n' " +
                   quote("dn: uid=" + uid + ",ou=people,dc=example,dc=test\nchangetype: modify\n"
                                "replace: jpegPhoto\njpegPhoto:< file://" + env().work_dir() + "/photos/" + file + "\n") +
                   " | ldapmodify -x -H ldap://127.0.0.1:" + std::to_string(world(env()).ldap_port) +
                   " -D cn=admin,dc=example,dc=test -w secret");
    }

    // Milliseconds until `port` serves `uid` with an ETag other than `old` (polled every 50 ms,
    // at most `limit_ms`); -1 when it never did.
    int ms_until_new(int port, const std::string& uid, const std::string& old, Clock::time_point since, int limit_ms) {
        while (ms_since(since) < limit_ms) {
            if (etag(port, uid) != old) return ms_since(since);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return -1;
    }

    // After the change was seen once: every further request (spread over the children) is new.
    void assert_all_new(int port, const std::string& uid, const std::string& old) {
        for (int i = 0; i < 12; ++i) CPPUNIT_ASSERT_MESSAGE("a child still serves the old photo", etag(port, uid) != old);
    }

    void ready(const std::string& name) { wait_for_log(name, "following changes by", 1, 10000); }

public:
    void oneWatcherPerServer() {
        const WatchWorld& w = world(env());
        ready("watch-sync");
        ready("watch-poll");
        // Load spread over the children, then look again: still exactly one watcher each.
        for (int i = 0; i < 20; ++i) etag(w.sync_port, "carol");
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        CPPUNIT_ASSERT_EQUAL(1, count(log_of("watch-sync"), "following changes by RFC 4533 content sync"));
        CPPUNIT_ASSERT_EQUAL(1, count(log_of("watch-poll"), "following changes by polling modifyTimestamp every 1000 ms"));
        CPPUNIT_ASSERT_EQUAL(0, count(log_of("watch-off"), "following changes by"));
    }

    void syncreplChangeIsServedWithinTwoSeconds() {
        const WatchWorld& w = world(env());
        ready("watch-sync");
        std::string old = etag(w.sync_port, "heidi");
        for (int i = 0; i < 12; ++i) CPPUNIT_ASSERT_EQUAL(old, etag(w.sync_port, "heidi"));  // cached in every child
        set_photo("heidi", "portrait.jpg");
        int ms = ms_until_new(w.sync_port, "heidi", old, Clock::now(), 10000);
        CPPUNIT_ASSERT_MESSAGE("never served new", ms >= 0);
        CPPUNIT_ASSERT_MESSAGE("served new after " + std::to_string(ms) + " ms", ms <= kSyncTargetMs);
        assert_all_new(w.sync_port, "heidi", old);
    }

    void pollChangeIsServedWithinIntervalPlusOne() {
        const WatchWorld& w = world(env());
        ready("watch-poll");
        std::string old = etag(w.poll_port, "grace");
        for (int i = 0; i < 12; ++i) CPPUNIT_ASSERT_EQUAL(old, etag(w.poll_port, "grace"));
        set_photo("grace", "square648.jpg");
        int ms = ms_until_new(w.poll_port, "grace", old, Clock::now(), 10000);
        CPPUNIT_ASSERT_MESSAGE("never served new", ms >= 0);
        CPPUNIT_ASSERT_MESSAGE("served new after " + std::to_string(ms) + " ms", ms <= kPollTargetMs);
        assert_all_new(w.poll_port, "grace", old);
    }

    void offKeepsServingTheCachedPhoto() {
        const WatchWorld& w = world(env());
        ready("watch-sync");
        std::string old_off = etag(w.off_port, "ivan");
        std::string old_sync = etag(w.sync_port, "ivan");
        set_photo("ivan", "landscape.jpg");
        auto changed = Clock::now();
        CPPUNIT_ASSERT(ms_until_new(w.sync_port, "ivan", old_sync, changed, 10000) >= 0);  // the change is real
        std::this_thread::sleep_for(std::chrono::milliseconds(kPollTargetMs + 500 - std::min(ms_since(changed), kPollTargetMs)));
        CPPUNIT_ASSERT_EQUAL(old_off, etag(w.off_port, "ivan"));
    }

    void watchersRecoverFromDirectoryRestart() {
        const WatchWorld& w = world(env());
        ready("watch-sync");
        ready("watch-poll");
        std::string old_sync = etag(w.sync_port, "bob");
        std::string old_poll = etag(w.poll_port, "bob");
        int sync_backs = count(log_of("watch-sync"), "directory back");
        int poll_backs = count(log_of("watch-poll"), "directory back");
        env().stop_extra_slapd("watch-slapd");
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the watchers notice and retry
        env().restart_extra_slapd("watch-slapd");
        // Back-off is at most 30 s; after 1.5 s down it is a few seconds.
        wait_for_log("watch-sync", "directory back", sync_backs + 1, 15000);
        wait_for_log("watch-poll", "directory back", poll_backs + 1, 15000);
        set_photo("bob", "square648.jpg");
        auto changed = Clock::now();
        int sync_ms = ms_until_new(w.sync_port, "bob", old_sync, changed, 10000);
        CPPUNIT_ASSERT_MESSAGE("syncrepl: served new after " + std::to_string(sync_ms) + " ms",
                               sync_ms >= 0 && sync_ms <= kSyncTargetMs);
        int poll_ms = ms_until_new(w.poll_port, "bob", old_poll, changed, 10000);
        CPPUNIT_ASSERT_MESSAGE("poll: served new after " + std::to_string(poll_ms) + " ms",
                               poll_ms >= 0 && poll_ms <= kPollTargetMs);
    }

    void syncreplSeesADeletion() {
        const WatchWorld& w = world(env());
        ready("watch-sync");
        etag(w.sync_port, "alice");
        itest::run("ldapdelete -x -H ldap://127.0.0.1:" + std::to_string(w.ldap_port) +
                   " -D cn=admin,dc=example,dc=test -w secret uid=alice,ou=people,dc=example,dc=test");
        auto deleted = Clock::now();
        long status = 200;
        while (status == 200 && ms_since(deleted) < 10000) {
            status = photo(w.sync_port, "alice").status;
            if (status == 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        int ms = ms_since(deleted);
        CPPUNIT_ASSERT_EQUAL(404L, status);
        CPPUNIT_ASSERT_MESSAGE("gone after " + std::to_string(ms) + " ms", ms <= kSyncTargetMs);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WatchIntegrationTest);
