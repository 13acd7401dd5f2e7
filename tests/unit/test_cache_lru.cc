// The cache building blocks: byte-bounded LRU, single flight under threads, record serialization.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "cache/cache_records.h"
#include "cache/lru_cache.h"
#include "cache/sharded_lru_cache.h"
#include "cache/single_flight.h"

using namespace userphoto;
using namespace userphoto::cache;

namespace {

std::shared_ptr<const std::string> value(const std::string& s) { return std::make_shared<const std::string>(s); }
constexpr size_t kOverhead = LruCache<std::string>::kOverhead;

}  // namespace

class CacheLruTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CacheLruTest);
    CPPUNIT_TEST(staysWithinItsByteBound);
    CPPUNIT_TEST(evictsLeastRecentlyUsedFirst);
    CPPUNIT_TEST(replacingAKeyReleasesItsOldCost);
    CPPUNIT_TEST(refusesAValueLargerThanTheWholeCache);
    CPPUNIT_TEST(eraseIfRemovesMatchingEntries);
    CPPUNIT_TEST(survivesConcurrentUse);
    CPPUNIT_TEST_SUITE_END();

public:
    void staysWithinItsByteBound() {
        const size_t entry = 1000;
        LruCache<std::string> lru(10 * (entry + kOverhead + 3));  // ten entries with 3-byte keys
        for (int i = 0; i < 50; ++i) {
            lru.put("k" + std::to_string(i % 100), value(std::string(entry, 'x')), entry);
            CPPUNIT_ASSERT(lru.bytes_used() <= lru.capacity());
        }
        CPPUNIT_ASSERT_EQUAL(size_t(10), lru.size());
    }

    void evictsLeastRecentlyUsedFirst() {
        LruCache<std::string> lru(3 * (100 + kOverhead + 1));
        lru.put("a", value("A"), 100);
        lru.put("b", value("B"), 100);
        lru.put("c", value("C"), 100);
        CPPUNIT_ASSERT(lru.get("a"));  // a is now the most recent; b the least
        lru.put("d", value("D"), 100);
        CPPUNIT_ASSERT(!lru.get("b"));
        CPPUNIT_ASSERT_EQUAL(std::string("A"), *lru.get("a"));
        CPPUNIT_ASSERT_EQUAL(std::string("C"), *lru.get("c"));
        CPPUNIT_ASSERT_EQUAL(std::string("D"), *lru.get("d"));
        lru.put("e", value("E"), 100);  // order now a(oldest) c d: a goes
        CPPUNIT_ASSERT(!lru.get("a"));
        CPPUNIT_ASSERT(lru.get("c"));
    }

    void replacingAKeyReleasesItsOldCost() {
        LruCache<std::string> lru(1 << 20);
        lru.put("a", value("1"), 5000);
        size_t once = lru.bytes_used();
        lru.put("a", value("2"), 5000);
        CPPUNIT_ASSERT_EQUAL(once, lru.bytes_used());
        CPPUNIT_ASSERT_EQUAL(std::string("2"), *lru.get("a"));
        lru.erase("a");
        CPPUNIT_ASSERT_EQUAL(size_t(0), lru.bytes_used());
    }

    void refusesAValueLargerThanTheWholeCache() {
        LruCache<std::string> lru(1000);
        lru.put("small", value("s"), 10);
        lru.put("huge", value("h"), 5000);
        CPPUNIT_ASSERT(!lru.get("huge"));
        CPPUNIT_ASSERT(lru.get("small"));  // nothing was evicted for it
    }

    void eraseIfRemovesMatchingEntries() {
        LruCache<std::string> lru(1 << 20);
        lru.put("dn1\nA\n96", value("x"), 10);
        lru.put("dn1\nA\n48", value("y"), 10);
        lru.put("dn2\nB\n96", value("z"), 10);
        lru.erase_if([](const std::string& key, const std::string&) { return key.rfind("dn1\n", 0) == 0; });
        CPPUNIT_ASSERT_EQUAL(size_t(1), lru.size());
        CPPUNIT_ASSERT(lru.get("dn2\nB\n96"));
    }

    void survivesConcurrentUse() {
        LruCache<std::string> lru(64 * (64 + kOverhead + 4));
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 5000; ++i) {
                    std::string key = std::to_string((i * 7 + t) % 200);
                    if (auto v = lru.get(key)) wrong += *v != key;
                    else lru.put(key, value(key), 64);
                }
            });
        for (auto& th : threads) th.join();
        CPPUNIT_ASSERT_EQUAL(0, wrong.load());
        CPPUNIT_ASSERT(lru.bytes_used() <= lru.capacity());
        CPPUNIT_ASSERT(lru.size() > 0);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CacheLruTest);

class ShardedLruCacheTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ShardedLruCacheTest);
    CPPUNIT_TEST(splitsTheBudgetIntoShardsOfAtLeastTheMinimum);
    CPPUNIT_TEST(staysWithinEveryShardsShare);
    CPPUNIT_TEST(evictsLeastRecentlyUsedWithinAShardOnly);
    CPPUNIT_TEST(refusesAValueLargerThanAShard);
    CPPUNIT_TEST(eraseAndEraseIfReachEveryShard);
    CPPUNIT_TEST(survivesManyThreadsGettingAndPutting);
    CPPUNIT_TEST_SUITE_END();

    // `count` distinct keys that all land in `shard`.
    static std::vector<std::string> keys_in(const ShardedLruCache<std::string>& lru, size_t shard, size_t count) {
        std::vector<std::string> keys;
        for (int i = 0; keys.size() < count && i < 100000; ++i) {
            std::string key = "key" + std::to_string(i);
            if (lru.shard_index(key) == shard) keys.push_back(key);
        }
        CPPUNIT_ASSERT_EQUAL(count, keys.size());
        return keys;
    }

public:
    void splitsTheBudgetIntoShardsOfAtLeastTheMinimum() {
        ShardedLruCache<std::string> many(64 << 20, 1 << 20);
        CPPUNIT_ASSERT_EQUAL(ShardedLruCache<std::string>::kMaxShards, many.shard_count());
        CPPUNIT_ASSERT_EQUAL(size_t(4 << 20), many.shard_capacity());
        ShardedLruCache<std::string> three((3 << 20) + 7, 1 << 20);
        CPPUNIT_ASSERT_EQUAL(size_t(3), three.shard_count());
        CPPUNIT_ASSERT(three.capacity() <= (3u << 20) + 7);
        CPPUNIT_ASSERT_EQUAL(three.shard_count() * three.shard_capacity(), three.capacity());
        ShardedLruCache<std::string> small(100 << 10, 1 << 20);  // below one shard's minimum: one plain LRU
        CPPUNIT_ASSERT_EQUAL(size_t(1), small.shard_count());
        CPPUNIT_ASSERT_EQUAL(size_t(100 << 10), small.capacity());
    }

    void staysWithinEveryShardsShare() {
        const size_t entry = 1000, per_shard = 4;
        const size_t shard_bytes = per_shard * (entry + kOverhead + 8);  // keys "keyNNNNN" at most
        ShardedLruCache<std::string> lru(8 * shard_bytes, shard_bytes);
        CPPUNIT_ASSERT_EQUAL(size_t(8), lru.shard_count());
        for (int i = 0; i < 2000; ++i) {
            lru.put("key" + std::to_string(i), value(std::string(entry, 'x')), entry);
            CPPUNIT_ASSERT(lru.bytes_used() <= lru.capacity());
        }
        // Every shard filled to its own share: no more than its count, and not less either.
        CPPUNIT_ASSERT_EQUAL(8 * per_shard, lru.size());
        for (size_t shard = 0; shard < lru.shard_count(); ++shard) {
            size_t held = 0;
            for (int i = 1999; i >= 0; --i) {
                std::string key = "key" + std::to_string(i);
                if (lru.shard_index(key) == shard && lru.get(key)) ++held;
            }
            CPPUNIT_ASSERT_EQUAL(per_shard, held);
        }
    }

    void evictsLeastRecentlyUsedWithinAShardOnly() {
        const size_t shard_bytes = 3 * (100 + kOverhead + 8);  // three entries per shard
        ShardedLruCache<std::string> lru(4 * shard_bytes, shard_bytes);
        const std::vector<std::string> k = keys_in(lru, 1, 5);
        const std::vector<std::string> other = keys_in(lru, 2, 3);
        for (const std::string& key : other) lru.put(key, value(key), 100);
        lru.put(k[0], value("A"), 100);
        lru.put(k[1], value("B"), 100);
        lru.put(k[2], value("C"), 100);
        CPPUNIT_ASSERT(lru.get(k[0]));  // A is now the most recent in its shard; B the least
        lru.put(k[3], value("D"), 100);
        CPPUNIT_ASSERT(!lru.get(k[1]));
        CPPUNIT_ASSERT_EQUAL(std::string("A"), *lru.get(k[0]));
        CPPUNIT_ASSERT_EQUAL(std::string("C"), *lru.get(k[2]));
        CPPUNIT_ASSERT_EQUAL(std::string("D"), *lru.get(k[3]));
        lru.put(k[4], value("E"), 100);  // order now A (oldest) C D: A goes
        CPPUNIT_ASSERT(!lru.get(k[0]));
        CPPUNIT_ASSERT(lru.get(k[2]));
        // The other shard, used least recently of all, lost nothing.
        for (const std::string& key : other) CPPUNIT_ASSERT_EQUAL(key, *lru.get(key));
    }

    void refusesAValueLargerThanAShard() {
        ShardedLruCache<std::string> lru(4 << 10, 1 << 10);
        CPPUNIT_ASSERT_EQUAL(size_t(4), lru.shard_count());
        lru.put("small", value("s"), 10);
        lru.put("huge", value("h"), 2 << 10);  // within the whole budget, larger than its shard
        CPPUNIT_ASSERT(!lru.get("huge"));
        CPPUNIT_ASSERT(lru.get("small"));
    }

    void eraseAndEraseIfReachEveryShard() {
        ShardedLruCache<std::string> lru(16 << 20, 1 << 20);
        for (int i = 0; i < 200; ++i) lru.put("dn" + std::to_string(i % 2) + "\n" + std::to_string(i), value("x"), 10);
        lru.erase_if([](const std::string& key, const std::string&) { return key.rfind("dn1\n", 0) == 0; });
        CPPUNIT_ASSERT_EQUAL(size_t(100), lru.size());
        CPPUNIT_ASSERT(!lru.get("dn1\n1"));
        CPPUNIT_ASSERT(lru.get("dn0\n0"));
        lru.erase("dn0\n0");
        CPPUNIT_ASSERT(!lru.get("dn0\n0"));
        CPPUNIT_ASSERT_EQUAL(size_t(99), lru.size());
    }

    void survivesManyThreadsGettingAndPutting() {
        const size_t shard_bytes = 16 * (64 + kOverhead + 4);
        ShardedLruCache<std::string> lru(8 * shard_bytes, shard_bytes);
        std::atomic<int> wrong{0};
        std::atomic<int> hits{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 16; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 5000; ++i) {
                    std::string key = std::to_string((i * 7 + t) % 300);
                    if (auto v = lru.get(key)) {
                        wrong += *v != key;
                        hits++;
                    } else {
                        lru.put(key, value(key), 64);
                    }
                    if (i % 500 == 0) lru.erase_if([](const std::string& k, const std::string&) { return k.size() == 1; });
                }
            });
        for (auto& th : threads) th.join();
        CPPUNIT_ASSERT_EQUAL(0, wrong.load());
        CPPUNIT_ASSERT(hits.load() > 0);
        CPPUNIT_ASSERT(lru.bytes_used() <= lru.capacity());
        CPPUNIT_ASSERT(lru.size() <= 8 * 16);
        CPPUNIT_ASSERT(lru.size() > 0);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ShardedLruCacheTest);

class SingleFlightTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SingleFlightTest);
    CPPUNIT_TEST(concurrentCallersShareOneRun);
    CPPUNIT_TEST(differentKeysRunIndependently);
    CPPUNIT_TEST(aStuckLeaderDoesNotHoldFollowersForever);
    CPPUNIT_TEST(anExceptionReachesEveryWaiter);
    CPPUNIT_TEST_SUITE_END();

public:
    void concurrentCallersShareOneRun() {
        SingleFlight<int> flight(std::chrono::milliseconds(5000));
        std::atomic<int> runs{0};
        std::atomic<int> sum{0};
        std::atomic<int> arrived{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 16; ++t)
            threads.emplace_back([&] {
                arrived++;
                sum += flight.run("key", [&] {
                    runs++;
                    // Hold the flight until every caller is at the door (valgrind serialises
                    // threads, so "soon" is not enough), then long enough for them to join it.
                    while (arrived.load() < 16) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                    return 7;
                });
            });
        for (auto& th : threads) th.join();
        CPPUNIT_ASSERT_EQUAL(1, runs.load());
        CPPUNIT_ASSERT_EQUAL(16 * 7, sum.load());
        CPPUNIT_ASSERT_EQUAL(size_t(0), flight.in_flight());
    }

    void differentKeysRunIndependently() {
        SingleFlight<int> flight(std::chrono::milliseconds(5000));
        std::atomic<int> runs{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                flight.run("key" + std::to_string(t), [&] {
                    runs++;
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    return t;
                });
            });
        for (auto& th : threads) th.join();
        CPPUNIT_ASSERT_EQUAL(4, runs.load());
    }

    void aStuckLeaderDoesNotHoldFollowersForever() {
        SingleFlight<int> flight(std::chrono::milliseconds(50));
        std::thread leader([&] {
            flight.run("k", [] {
                std::this_thread::sleep_for(std::chrono::milliseconds(600));
                return 1;
            });
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        auto start = std::chrono::steady_clock::now();
        int got = flight.run("k", [] { return 2; });
        auto waited = std::chrono::steady_clock::now() - start;
        leader.join();
        CPPUNIT_ASSERT_EQUAL(2, got);
        CPPUNIT_ASSERT(waited < std::chrono::milliseconds(400));
    }

    void anExceptionReachesEveryWaiter() {
        SingleFlight<int> flight(std::chrono::milliseconds(5000));
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                try {
                    flight.run("k", []() -> int {
                        std::this_thread::sleep_for(std::chrono::milliseconds(100));
                        throw std::runtime_error("boom");
                    });
                } catch (const std::runtime_error&) {
                    failures++;
                }
            });
        for (auto& th : threads) th.join();
        CPPUNIT_ASSERT_EQUAL(4, failures.load());
        CPPUNIT_ASSERT_EQUAL(size_t(0), flight.in_flight());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SingleFlightTest);

class CacheRecordsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CacheRecordsTest);
    CPPUNIT_TEST(metaRoundTrips);
    CPPUNIT_TEST(negativeMetaRoundTrips);
    CPPUNIT_TEST(renditionRoundTripsBinaryBytes);
    CPPUNIT_TEST(aRecordForAnotherKeyIsRefused);
    CPPUNIT_TEST(truncatedOrTamperedBytesAreRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void metaRoundTrips() {
        PersonMeta meta;
        meta.dn = "uid=alice,ou=people,dc=example,dc=test";
        meta.etag = "1A2B3C4D";
        meta.change_marker = "20240101000000.000000Z#000000#000#000000|20240101000000Z";
        meta.fetched_at_ms = 1700000000123;
        auto back = parse_meta("mail=alice@example.test", serialize("mail=alice@example.test", meta));
        CPPUNIT_ASSERT(back);
        CPPUNIT_ASSERT(back->status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(meta.dn, back->dn);
        CPPUNIT_ASSERT_EQUAL(meta.etag, back->etag);
        CPPUNIT_ASSERT_EQUAL(meta.change_marker, back->change_marker);
        CPPUNIT_ASSERT_EQUAL(meta.fetched_at_ms, back->fetched_at_ms);
    }

    void negativeMetaRoundTrips() {
        PersonMeta meta;
        meta.status = PhotoStatus::NoSuchPerson;
        meta.fetched_at_ms = 42;
        auto back = parse_meta("k", serialize("k", meta));
        CPPUNIT_ASSERT(back);
        CPPUNIT_ASSERT(back->negative());
        CPPUNIT_ASSERT(back->status == PhotoStatus::NoSuchPerson);
    }

    void renditionRoundTripsBinaryBytes() {
        Rendition r;
        r.edge = 96;
        r.jpeg = std::string("\xff\xd8\xff\0\x01\xff\xd9", 7);
        auto back = parse_rendition("dn\nE\n96", serialize("dn\nE\n96", r));
        CPPUNIT_ASSERT(back);
        CPPUNIT_ASSERT_EQUAL(96, back->edge);
        CPPUNIT_ASSERT(r.jpeg == back->jpeg);
    }

    void aRecordForAnotherKeyIsRefused() {
        PersonMeta meta;
        meta.dn = "uid=a";
        CPPUNIT_ASSERT(!parse_meta("mail=b", serialize("mail=a", meta)));
        Rendition r;
        r.edge = 48;
        r.jpeg = "x";
        CPPUNIT_ASSERT(!parse_rendition("k2", serialize("k1", r)));
        CPPUNIT_ASSERT(!parse_meta("k1", serialize("k1", r)));  // wrong record type
    }

    void truncatedOrTamperedBytesAreRefused() {
        PersonMeta meta;
        meta.dn = "uid=alice";
        meta.etag = "ABCDEF01";
        std::string bytes = serialize("k", meta);
        for (size_t cut = 0; cut < bytes.size(); ++cut) CPPUNIT_ASSERT(!parse_meta("k", bytes.substr(0, cut)));
        CPPUNIT_ASSERT(!parse_meta("k", bytes + "x"));
        std::string bad_status = bytes;
        bad_status[2 + 8 + 1] = 99;  // status field follows the key field
        CPPUNIT_ASSERT(!parse_meta("k", bad_status));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CacheRecordsTest);
