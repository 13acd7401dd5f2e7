// The directory hosts' counters: state changes (never contacted, up, down since the first
// failure), the last error's text (bounded, never torn while threads write it), counting from many
// threads, and the fixed-size table of hosts that the status page keeps in shared memory.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "util/host_counters.h"

using namespace userphoto;

class HostCountersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HostCountersTest);
    CPPUNIT_TEST(state_follows_answers_and_failures);
    CPPUNIT_TEST(operations_fill_the_histogram);
    CPPUNIT_TEST(last_error_is_cut_to_its_bound);
    CPPUNIT_TEST(threads_never_see_a_torn_error);
    CPPUNIT_TEST(table_names_each_host_once_and_is_bounded);
    CPPUNIT_TEST_SUITE_END();

public:
    void state_follows_answers_and_failures() {
        HostCounters host;
        CPPUNIT_ASSERT(host.snapshot().state == HostState::NeverContacted);
        host.answered();
        CPPUNIT_ASSERT(host.snapshot().state == HostState::Up);
        CPPUNIT_ASSERT(host.snapshot().last_ok_ms > 0);

        // An answer that is an error (e.g. a refused bind) leaves the host up.
        host.failed("Invalid credentials", false);
        HostSnapshot s = host.snapshot();
        CPPUNIT_ASSERT(s.state == HostState::Up);
        CPPUNIT_ASSERT_EQUAL(std::string("Invalid credentials"), s.last_error);
        CPPUNIT_ASSERT(s.last_error_ms > 0);

        host.failed("Can't contact LDAP server", true);
        s = host.snapshot();
        CPPUNIT_ASSERT(s.state == HostState::Down);
        CPPUNIT_ASSERT(s.down_since_ms > 0);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), s.errors);  // the failed connection attempt
        CPPUNIT_ASSERT_EQUAL(std::string("Can't contact LDAP server"), s.last_error);
        const int64_t since = s.down_since_ms;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        host.failed("Timed out", true);
        s = host.snapshot();
        CPPUNIT_ASSERT_EQUAL(since, s.down_since_ms);  // down since the first failure
        CPPUNIT_ASSERT_EQUAL(std::string("Timed out"), s.last_error);
        CPPUNIT_ASSERT(s.last_error_ms > since);

        host.answered();
        s = host.snapshot();
        CPPUNIT_ASSERT(s.state == HostState::Up);
        CPPUNIT_ASSERT_EQUAL(int64_t(0), s.down_since_ms);
        CPPUNIT_ASSERT_EQUAL(std::string("Timed out"), s.last_error);  // the last error stays shown
    }

    void operations_fill_the_histogram() {
        HostCounters host;
        host.operation(800, false);         // <= 1 ms
        host.operation(1'000, false);       // bounds are inclusive
        host.operation(30'000, true);       // <= 50 ms, an error
        host.operation(60'000'000, false);  // +Inf
        const HostSnapshot s = host.snapshot();
        CPPUNIT_ASSERT_EQUAL(uint64_t(4), s.operations);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), s.errors);
        CPPUNIT_ASSERT_EQUAL(uint64_t(800 + 1'000 + 30'000 + 60'000'000), s.latency_sum_us);
        CPPUNIT_ASSERT_EQUAL(uint64_t(2), s.latency_buckets[0]);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), s.latency_buckets[latency_bucket(30'000)]);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), s.latency_buckets[kLatencyBuckets - 1]);
        CPPUNIT_ASSERT(estimate_percentile_us(s.latency_buckets, 0.5) <= 1'000);
    }

    void last_error_is_cut_to_its_bound() {
        HostCounters host;
        host.failed(std::string(1000, 'x'), false);
        CPPUNIT_ASSERT_EQUAL(std::string(kHostErrorBytes - 1, 'x'), host.snapshot().last_error);
        host.failed("short", false);  // no tail of the longer one left behind
        CPPUNIT_ASSERT_EQUAL(std::string("short"), host.snapshot().last_error);
    }

    void threads_never_see_a_torn_error() {
        HostCounters host;
        std::vector<std::string> messages;
        for (int t = 0; t < 4; ++t) messages.push_back(std::string(100 + 40 * t, static_cast<char>('a' + t)));
        std::atomic<bool> stop{false};
        std::atomic<int> torn{0}, read{0};
        std::thread reader([&] {
            const std::set<std::string> valid(messages.begin(), messages.end());
            // Until the writers are done and at least one error was read (the reader may not get
            // a core before the writers end on a loaded machine; after them an error is always there).
            while (!stop.load() || read.load() == 0) {
                const HostSnapshot s = host.snapshot();
                if (s.last_error.empty()) continue;
                ++read;
                if (!valid.count(s.last_error)) ++torn;
            }
        });
        std::vector<std::thread> writers;
        for (int t = 0; t < 4; ++t)
            writers.emplace_back([&, t] {
                for (int i = 0; i < 20'000; ++i) {
                    host.operation(static_cast<uint64_t>(i), i % 2 == 0);
                    if (i % 10 == 0) host.failed(messages[t], false);
                }
            });
        for (auto& w : writers) w.join();
        stop = true;
        reader.join();
        const HostSnapshot s = host.snapshot();
        CPPUNIT_ASSERT_EQUAL(uint64_t(4 * 20'000), s.operations);
        CPPUNIT_ASSERT_EQUAL(uint64_t(4 * 10'000), s.errors);
        CPPUNIT_ASSERT_EQUAL(0, torn.load());
        CPPUNIT_ASSERT(read.load() > 0);
        CPPUNIT_ASSERT(std::set<std::string>(messages.begin(), messages.end()).count(s.last_error) == 1);
    }

    void table_names_each_host_once_and_is_bounded() {
        auto table = std::make_unique<HostTable>();
        HostCounters* a = table->add("ldap://a.example.org:389");
        CPPUNIT_ASSERT(a != nullptr);
        CPPUNIT_ASSERT_EQUAL(a, table->add("ldap://a.example.org:389"));
        CPPUNIT_ASSERT_EQUAL(a, table->find("ldap://a.example.org:389"));
        CPPUNIT_ASSERT(table->find("ldap://b.example.org:389") == nullptr);
        CPPUNIT_ASSERT(table->add(std::string(kHostUriBytes, 'h')) == nullptr);  // too long to name
        a->operation(2'000, false);
        bool tracked = false;
        HostSnapshot s = table->snapshot("ldap://a.example.org:389", &tracked);
        CPPUNIT_ASSERT(tracked);
        CPPUNIT_ASSERT_EQUAL(std::string("ldap://a.example.org:389"), s.uri);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), s.operations);
        s = table->snapshot("ldap://b.example.org:389", &tracked);
        CPPUNIT_ASSERT(!tracked);
        CPPUNIT_ASSERT_EQUAL(uint64_t(0), s.operations);
        for (size_t i = 1; i < kMaxTrackedHosts; ++i)
            CPPUNIT_ASSERT(table->add("ldap://h" + std::to_string(i) + ":389") != nullptr);
        CPPUNIT_ASSERT(table->add("ldap://one-too-many:389") == nullptr);
        CPPUNIT_ASSERT_EQUAL(a, table->find("ldap://a.example.org:389"));
        // Every named host, in the order named (server-status lists them all).
        const std::vector<HostSnapshot> all = table->snapshots();
        CPPUNIT_ASSERT_EQUAL(kMaxTrackedHosts, all.size());
        CPPUNIT_ASSERT_EQUAL(std::string("ldap://a.example.org:389"), all[0].uri);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), all[0].operations);
        CPPUNIT_ASSERT_EQUAL(std::string("ldap://h15:389"), all.back().uri);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostCountersTest);
