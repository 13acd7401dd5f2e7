// CachingPhotoProvider against a scripted PersonSource and an injected clock: TTLs, cheap
// revalidation, negative records, stale answers, single flight, the shared tier and invalidation.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "cache/caching_photo_provider.h"

using namespace userphoto;
using namespace userphoto::cache;

namespace {

struct FakePerson {
    std::string dn;
    std::string etag;    // empty: no photo
    std::string marker;
};

// A directory in memory: counts every kind of call, can be switched off, can be slow.
class FakeSource : public PersonSource {
public:
    std::map<std::string, FakePerson> people;  // by lower-case mail
    std::atomic<bool> available{true};
    std::atomic<int> resolves{0}, probes{0}, renders{0};
    std::chrono::milliseconds delay{0};

    ResolvedPerson resolve(const PhotoQuery& q, const Logger&) override {
        resolves++;
        std::this_thread::sleep_for(delay);
        ResolvedPerson p;
        if (!available) { p.status = PhotoStatus::Unavailable; return p; }
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = people.find(q.value);
        if (it == people.end()) { p.status = PhotoStatus::NoSuchPerson; return p; }
        p.dn = it->second.dn;
        p.change_marker = it->second.marker;
        p.etag = it->second.etag;
        p.status = p.etag.empty() ? PhotoStatus::NoPhoto : PhotoStatus::Ok;
        return p;
    }
    PhotoResult render(const ResolvedPerson& p, int edge, const Logger&) override {
        renders++;
        PhotoResult r;
        r.status = p.status;
        r.etag = p.etag;
        r.edge = edge;
        r.jpeg = "jpeg:" + p.dn + ":" + p.etag + ":" + std::to_string(edge);
        return r;
    }
    MarkerProbe probe_marker(const PhotoQuery& q, const Logger&) override {
        probes++;
        MarkerProbe m;
        if (!available) { m.status = directory::Status::Unavailable; return m; }
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = people.find(q.value);
        if (it == people.end()) { m.status = directory::Status::NotFound; return m; }
        m.status = directory::Status::Found;
        m.dn = it->second.dn;
        m.change_marker = it->second.marker;
        return m;
    }
    std::string identity_attribute(const PhotoQuery&) const override { return "mail"; }
    void set(const std::string& mail, FakePerson person) {
        std::lock_guard<std::mutex> lock(mutex_);
        people[mail] = std::move(person);
    }

private:
    std::mutex mutex_;
};

// A shared tier in memory that honours expiry against the same fake clock.
class FakeShared : public SharedCache {
public:
    explicit FakeShared(std::atomic<int64_t>& now) : now_(now) {}
    std::optional<std::string> get(const std::string& key) override {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = store_.find(key);
        if (it == store_.end() || it->second.second <= now_) return std::nullopt;
        return it->second.first;
    }
    void put(const std::string& key, const std::string& value, int64_t expires) override {
        std::lock_guard<std::mutex> lock(mutex_);
        store_[key] = {value, expires};
    }
    void remove(const std::string& key) override {
        std::lock_guard<std::mutex> lock(mutex_);
        store_.erase(key);
    }
    size_t size() {
        std::lock_guard<std::mutex> lock(mutex_);
        return store_.size();
    }

private:
    std::atomic<int64_t>& now_;
    std::mutex mutex_;
    std::map<std::string, std::pair<std::string, int64_t>> store_;
};

PhotoQuery query(const std::string& mail, int edge = 96, const std::string& inm = {}) {
    PhotoQuery q;
    q.value = mail;
    q.edge = edge;
    q.if_none_match = inm;
    return q;
}

}  // namespace

class CachingProviderTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CachingProviderTest);
    CPPUNIT_TEST(aHitWithinTheTtlAsksNothing);
    CPPUNIT_TEST(identityIsCaseInsensitive);
    CPPUNIT_TEST(attributeValuesAreKeyedExactly);
    CPPUNIT_TEST(ifNoneMatchIsAnsweredFromTheRecord);
    CPPUNIT_TEST(anotherSizeRendersOnceAndKeepsTheRecord);
    CPPUNIT_TEST(afterTheTtlAnUnmovedMarkerKeepsRenditions);
    CPPUNIT_TEST(aMovedMarkerFetchesTheNewPhoto);
    CPPUNIT_TEST(negativeRecordsUseTheirOwnTtl);
    CPPUNIT_TEST(staleIsServedWhileTheDirectoryIsDown);
    CPPUNIT_TEST(whatWasNeverCachedFailsWhileDown);
    CPPUNIT_TEST(concurrentMissesResolveOnce);
    CPPUNIT_TEST(aSecondProcessUsesTheSharedTier);
    CPPUNIT_TEST(aChangeSeenByOneIsSeenByTheOther);
    CPPUNIT_TEST(invalidateForgetsThePerson);
    CPPUNIT_TEST(aWriteElsewhereOnTheServerForcesRevalidation);
    CPPUNIT_TEST_SUITE_END();

    std::atomic<int64_t> now_{1'000'000};
    std::shared_ptr<FakeSource> source_;
    CacheSettings settings_;

    std::unique_ptr<CachingPhotoProvider> make(std::shared_ptr<SharedCache> shared = nullptr,
                                               std::shared_ptr<FakeSource> source = nullptr) {
        return std::make_unique<CachingPhotoProvider>(settings_, source ? source : source_, shared,
                                                      [this] { return now_.load(); });
    }

public:
    void setUp() override {
        now_ = 1'000'000;
        source_ = std::make_shared<FakeSource>();
        source_->set("alice@example.test", {"uid=alice", "AAAA0001", "csn1"});
        source_->set("erin@example.test", {"uid=erin", "", "csn9"});
        settings_ = CacheSettings();
        settings_.ttl_ms = 300'000;
        settings_.negative_ttl_ms = 60'000;
        settings_.stale_retry_ms = 10'000;
        settings_.memory_bytes = 1 << 20;
    }

    void aHitWithinTheTtlAsksNothing() {
        auto cache = make();
        PhotoResult first = cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT(first.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg:uid=alice:AAAA0001:96"), first.jpeg);
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), first.etag);
        CPPUNIT_ASSERT_EQUAL(1, source_->resolves.load());
        CPPUNIT_ASSERT_EQUAL(1, source_->renders.load());
        now_ += 299'000;
        for (int i = 0; i < 10; ++i) {
            PhotoResult again = cache->get_photo(query("alice@example.test"), Logger());
            CPPUNIT_ASSERT_EQUAL(first.jpeg, again.jpeg);
        }
        CPPUNIT_ASSERT_EQUAL(1, source_->resolves.load());
        CPPUNIT_ASSERT_EQUAL(0, source_->probes.load());
        CPPUNIT_ASSERT_EQUAL(1, source_->renders.load());
    }

    void identityIsCaseInsensitive() {
        auto cache = make();
        cache->get_photo(query("alice@example.test"), Logger());
        PhotoResult upper = cache->get_photo(query("Alice@Example.TEST"), Logger());
        CPPUNIT_ASSERT(upper.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(1, source_->resolves.load());
    }

    void attributeValuesAreKeyedExactly() {
        // Two binary ids (AD objectGUID bytes) that differ only where one has 'A' and the other 'a'.
        const std::string first("\x41\x00\x20\x7e", 4), second("\x61\x00\x20\x7e", 4);
        source_->set(first, FakePerson{"uid=first", "AAAA0011", "m1"});
        source_->set(second, FakePerson{"uid=second", "AAAA0022", "m2"});
        auto cache = make();
        PhotoQuery a = query(first);
        a.kind = IdentityKind::Attribute;
        a.attribute = "objectGUID";
        PhotoQuery b = a;
        b.value = second;
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0011"), cache->get_photo(a, Logger()).etag);
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0022"), cache->get_photo(b, Logger()).etag);
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
    }

    void ifNoneMatchIsAnsweredFromTheRecord() {
        auto cache = make();
        cache->get_photo(query("alice@example.test", 96), Logger());
        // A size never rendered: NotModified still needs no image work and no directory.
        PhotoResult r = cache->get_photo(query("alice@example.test", 240, "AAAA0001"), Logger());
        CPPUNIT_ASSERT(r.status == PhotoStatus::NotModified);
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), r.etag);
        CPPUNIT_ASSERT(r.jpeg.empty());
        CPPUNIT_ASSERT_EQUAL(1, source_->resolves.load());
        CPPUNIT_ASSERT_EQUAL(1, source_->renders.load());
        PhotoResult other = cache->get_photo(query("alice@example.test", 96, "DEADBEEF"), Logger());
        CPPUNIT_ASSERT(other.status == PhotoStatus::Ok);
    }

    void anotherSizeRendersOnceAndKeepsTheRecord() {
        auto cache = make();
        cache->get_photo(query("alice@example.test", 96), Logger());
        PhotoResult big = cache->get_photo(query("alice@example.test", 648), Logger());
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg:uid=alice:AAAA0001:648"), big.jpeg);
        cache->get_photo(query("alice@example.test", 648), Logger());
        CPPUNIT_ASSERT_EQUAL(2, source_->renders.load());
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());  // the bytes were needed once more
    }

    void afterTheTtlAnUnmovedMarkerKeepsRenditions() {
        auto cache = make();
        cache->get_photo(query("alice@example.test"), Logger());
        now_ += 301'000;
        PhotoResult r = cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT(r.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(1, source_->probes.load());
        CPPUNIT_ASSERT_EQUAL(1, source_->resolves.load());
        CPPUNIT_ASSERT_EQUAL(1, source_->renders.load());
        // Confirmed: trusted for another TTL.
        now_ += 200'000;
        cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(1, source_->probes.load());
    }

    void aWriteElsewhereOnTheServerForcesRevalidation() {
        // Another process wrote a photo: this one has no invalidate() call, only the shared clock.
        std::atomic<int64_t> last_write{0};
        auto cache = make();
        cache->set_last_write_clock([&] { return last_write.load(); });
        cache->get_photo(query("alice@example.test"), Logger());
        source_->set("alice@example.test", {"uid=alice", "BBBB0002", "csn2"});
        now_ += 1'000;
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), cache->get_photo(query("alice@example.test"), Logger()).etag);
        last_write = now_.load();
        now_ += 1'000;
        PhotoResult r = cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), r.etag);
        CPPUNIT_ASSERT_EQUAL(1, source_->probes.load());
        // Once confirmed after the write, the record is trusted again for its TTL.
        now_ += 1'000;
        cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(1, source_->probes.load());
    }

    void aMovedMarkerFetchesTheNewPhoto() {
        auto cache = make();
        cache->get_photo(query("alice@example.test"), Logger());
        source_->set("alice@example.test", {"uid=alice", "BBBB0002", "csn2"});
        now_ += 100'000;
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), cache->get_photo(query("alice@example.test"), Logger()).etag);
        now_ += 201'000;
        PhotoResult r = cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), r.etag);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg:uid=alice:BBBB0002:96"), r.jpeg);
        CPPUNIT_ASSERT_EQUAL(1, source_->probes.load());
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
    }

    void negativeRecordsUseTheirOwnTtl() {
        auto cache = make();
        CPPUNIT_ASSERT(cache->get_photo(query("erin@example.test"), Logger()).status == PhotoStatus::NoPhoto);
        CPPUNIT_ASSERT(cache->get_photo(query("nobody@example.test"), Logger()).status == PhotoStatus::NoSuchPerson);
        now_ += 59'000;
        cache->get_photo(query("erin@example.test"), Logger());
        cache->get_photo(query("nobody@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
        source_->set("nobody@example.test", {"uid=nobody", "CCCC0003", "csn1"});
        now_ += 2'000;
        PhotoResult r = cache->get_photo(query("nobody@example.test"), Logger());
        CPPUNIT_ASSERT(r.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(std::string("CCCC0003"), r.etag);
        CPPUNIT_ASSERT_EQUAL(3, source_->resolves.load());
    }

    void staleIsServedWhileTheDirectoryIsDown() {
        auto cache = make();
        std::vector<std::string> warnings;
        Logger log([&](LogLevel level, std::string_view m) {
            if (level == LogLevel::Warn) warnings.emplace_back(m);
        });
        cache->get_photo(query("alice@example.test"), log);
        cache->get_photo(query("erin@example.test"), log);
        source_->available = false;
        now_ += 400'000;
        PhotoResult r = cache->get_photo(query("alice@example.test"), log);
        CPPUNIT_ASSERT(r.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg:uid=alice:AAAA0001:96"), r.jpeg);
        CPPUNIT_ASSERT(cache->get_photo(query("erin@example.test"), log).status == PhotoStatus::NoPhoto);
        CPPUNIT_ASSERT_EQUAL(size_t(2), warnings.size());
        CPPUNIT_ASSERT(warnings[0].find("serving the cached answer") != std::string::npos);
        // Within the retry interval the directory is not asked again.
        int asked = source_->probes + source_->resolves;
        now_ += 5'000;
        cache->get_photo(query("alice@example.test"), log);
        CPPUNIT_ASSERT_EQUAL(asked, source_->probes + source_->resolves);
        now_ += 6'000;
        cache->get_photo(query("alice@example.test"), log);
        CPPUNIT_ASSERT(source_->probes + source_->resolves > asked);
    }

    void whatWasNeverCachedFailsWhileDown() {
        auto cache = make();
        cache->get_photo(query("alice@example.test", 96), Logger());
        source_->available = false;
        CPPUNIT_ASSERT(cache->get_photo(query("bob@example.test"), Logger()).status == PhotoStatus::Unavailable);
        CPPUNIT_ASSERT(cache->get_photo(query("alice@example.test", 648), Logger()).status == PhotoStatus::Unavailable);
        CPPUNIT_ASSERT(cache->get_photo(query("alice@example.test", 96), Logger()).status == PhotoStatus::Ok);
        // Failures are not remembered: back up, served.
        source_->available = true;
        source_->set("bob@example.test", {"uid=bob", "DDDD0004", "csn1"});
        CPPUNIT_ASSERT(cache->get_photo(query("bob@example.test"), Logger()).status == PhotoStatus::Ok);
    }

    void concurrentMissesResolveOnce() {
        auto cache = make();
        source_->delay = std::chrono::milliseconds(200);
        std::atomic<int> ok{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 12; ++t)
            threads.emplace_back([&] { ok += cache->get_photo(query("alice@example.test"), Logger()).status == PhotoStatus::Ok; });
        for (auto& th : threads) th.join();
        CPPUNIT_ASSERT_EQUAL(12, ok.load());
        CPPUNIT_ASSERT_EQUAL(1, source_->resolves.load());
        CPPUNIT_ASSERT_EQUAL(1, source_->renders.load());
    }

    void aSecondProcessUsesTheSharedTier() {
        auto shared = std::make_shared<FakeShared>(now_);
        auto one = make(shared);
        auto other_source = std::make_shared<FakeSource>();
        other_source->people = {};  // the other process' directory calls are counted separately
        other_source->set("alice@example.test", {"uid=alice", "AAAA0001", "csn1"});
        auto two = make(shared, other_source);
        PhotoResult a = one->get_photo(query("alice@example.test"), Logger());
        PhotoResult b = two->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(a.jpeg, b.jpeg);
        CPPUNIT_ASSERT_EQUAL(0, other_source->resolves.load());
        CPPUNIT_ASSERT_EQUAL(0, other_source->renders.load());
        CPPUNIT_ASSERT(two->counters().shared_hits.load() >= 2);
    }

    void aChangeSeenByOneIsSeenByTheOther() {
        auto shared = std::make_shared<FakeShared>(now_);
        auto one = make(shared);
        auto two = make(shared);
        one->get_photo(query("alice@example.test"), Logger());
        two->get_photo(query("alice@example.test"), Logger());
        source_->set("alice@example.test", {"uid=alice", "BBBB0002", "csn2"});
        now_ += 301'000;
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), one->get_photo(query("alice@example.test"), Logger()).etag);
        int asked = source_->probes + source_->resolves;
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), two->get_photo(query("alice@example.test"), Logger()).etag);
        CPPUNIT_ASSERT_EQUAL(asked, source_->probes + source_->resolves);  // took it from the shared tier
    }

    void invalidateForgetsThePerson() {
        auto shared = std::make_shared<FakeShared>(now_);
        auto cache = make(shared);
        cache->get_photo(query("alice@example.test"), Logger());
        source_->set("alice@example.test", {"uid=alice", "BBBB0002", "csn2"});
        cache->invalidate(query("alice@example.test"), "uid=alice");
        PhotoResult r = cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), r.etag);
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CachingProviderTest);
