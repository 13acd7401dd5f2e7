// CachingPhotoProvider against a scripted PersonSource and an injected clock: TTLs, cheap
// revalidation, negative records, stale answers, single flight, the shared tier, changes seen by
// every process at once, and shared records that are forged or malformed.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "cache/caching_photo_provider.h"

using namespace userphoto;
using namespace userphoto::cache;

namespace {

// What the fake renders: framed like a JPEG (SOI ... EOI), as the shared tier checks.
std::string fake_jpeg(const std::string& text) { return "\xFF\xD8\xFF" + text + "\xFF\xD9"; }

// The same in the other formats: their signatures, then the text.
std::string fake_image(ImageFormat format, const std::string& text) {
    switch (format) {
        case ImageFormat::Webp: return std::string("RIFF\0\0\0\0WEBP", 12) + text;
        case ImageFormat::Avif: return std::string("\0\0\0\x18" "ftypavif", 12) + text;
        case ImageFormat::Jpeg: break;
    }
    return fake_jpeg(text);
}

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
    std::function<void()> after_read;  // runs once the entry was read, before the answer returns

    ResolvedPerson resolve(const PhotoQuery& q, const Logger&) override {
        resolves++;
        std::this_thread::sleep_for(delay);
        ResolvedPerson p;
        if (!available) { p.status = PhotoStatus::Unavailable; return p; }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto it = people.find(q.value);
            if (it == people.end()) {
                p.status = PhotoStatus::NoSuchPerson;
            } else {
                p.dn = it->second.dn;
                p.change_marker = it->second.marker;
                p.etag = it->second.etag;
                p.status = p.etag.empty() ? PhotoStatus::NoPhoto : PhotoStatus::Ok;
            }
        }
        if (auto hook = std::exchange(after_read, nullptr)) hook();
        return p;
    }
    PhotoResult render(const ResolvedPerson& p, int edge, ImageFormat format, PhotoShape shape,
                       const Logger&) override {
        renders++;
        PhotoResult r;
        r.status = p.status;
        r.etag = p.etag;
        r.edge = edge;
        r.jpeg = fake_image(format, std::string(format_name(format)) + ":" + p.dn + ":" + p.etag + ":" +
                                        std::to_string(edge) + (shape == PhotoShape::AsStored ? ":as stored" : ""));
        return r;
    }
    MarkerProbe probe_marker(const PhotoQuery& q, const Logger&) override {
        probes++;
        MarkerProbe m;
        if (!available) { m.status = PhotoStatus::Unavailable; return m; }
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = people.find(q.value);
        if (it == people.end()) { m.status = PhotoStatus::NoSuchPerson; return m; }
        m.status = PhotoStatus::Ok;
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
    std::optional<std::string> get(const std::string& key, size_t max_bytes) override {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = store_.find(key);
        if (it == store_.end() || it->second.second <= now_ || it->second.first.size() > max_bytes) return std::nullopt;
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
    // What someone with access to the store could do: read and overwrite anything.
    std::map<std::string, std::string> dump() {
        std::lock_guard<std::mutex> lock(mutex_);
        std::map<std::string, std::string> out;
        for (auto& [k, v] : store_) out[k] = v.first;
        return out;
    }
    void overwrite(const std::string& key, const std::string& value) {
        std::lock_guard<std::mutex> lock(mutex_);
        store_[key] = {value, INT64_MAX};
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
    q.if_none_match = EtagCondition::of(inm);
    return q;
}

// The store key under which some record naming `text` is kept, with the record's kind letter
// right after "up" and the 8-character namespace: found the way an intruder would, by reading.
std::string key_holding(FakeShared& shared, char kind, const std::string& text) {
    for (auto& [key, value] : shared.dump())
        if (key.size() > 10 && key[10] == kind && value.find(text) != std::string::npos) return key;
    return std::string();
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
    CPPUNIT_TEST(personChangedForgetsThePerson);
    CPPUNIT_TEST(aWriteElsewhereOnTheServerForcesRevalidation);
    CPPUNIT_TEST(aChangeOnOneFrontIsSeenByAnotherAtOnce);
    CPPUNIT_TEST(aReadRacingAWriteIsNotTrusted);
    CPPUNIT_TEST(aReadRacingAnotherFrontsWriteIsNotTrusted);
    CPPUNIT_TEST(aForgedRecordIsAMissAndOneLogLine);
    CPPUNIT_TEST(recordsSealedWithAnotherKeyAreRefused);
    CPPUNIT_TEST(authenticButMalformedRecordsAreRefused);
    CPPUNIT_TEST(withoutARecordKeyNothingIsShared);
    CPPUNIT_TEST(eachFormatHasItsOwnRenditionAndTag);
    CPPUNIT_TEST(formatsShareTheRecordAndTheSharedTier);
    CPPUNIT_TEST(asStoredHasItsOwnRendition);
    CPPUNIT_TEST(aLinkedEntryQueryHasItsOwnRecord);
    CPPUNIT_TEST(aSeenVersionConfirmsARecordOfAnother);
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
        settings_.key_namespace = "0123ABCD";
        settings_.record_key = derive_record_key("unit-test-link-secret-0123456789", "view");
    }

    void aHitWithinTheTtlAsksNothing() {
        auto cache = make();
        PhotoResult first = cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT(first.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(fake_jpeg("jpeg:uid=alice:AAAA0001:96"), first.jpeg);
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
        // Two binary ids (AD objectGUID bytes, looked up case_exact as the Graph handler does) that
        // differ only where one has 'A' and the other 'a'.
        const std::string first("\x41\x00\x20\x7e", 4), second("\x61\x00\x20\x7e", 4);
        source_->set(first, FakePerson{"uid=first", "AAAA0011", "m1"});
        source_->set(second, FakePerson{"uid=second", "AAAA0022", "m2"});
        auto cache = make();
        PhotoQuery a = query(first);
        a.kind = IdentityKind::Attribute;
        a.attribute = "objectGUID";
        a.case_exact = true;
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
        // RFC 9110: any tag of a list, and `*` whenever there is a photo.
        PhotoQuery listed = query("alice@example.test", 96);
        listed.if_none_match.tags = {"DEADBEEF", "AAAA0001"};
        CPPUNIT_ASSERT(cache->get_photo(listed, Logger()).status == PhotoStatus::NotModified);
        PhotoQuery any = query("alice@example.test", 96);
        any.if_none_match.any = true;
        CPPUNIT_ASSERT(cache->get_photo(any, Logger()).status == PhotoStatus::NotModified);
        any.value = "erin@example.test";  // no photo: `*` matches nothing
        CPPUNIT_ASSERT(cache->get_photo(any, Logger()).status == PhotoStatus::NoPhoto);
    }

    void anotherSizeRendersOnceAndKeepsTheRecord() {
        auto cache = make();
        cache->get_photo(query("alice@example.test", 96), Logger());
        PhotoResult big = cache->get_photo(query("alice@example.test", 648), Logger());
        CPPUNIT_ASSERT_EQUAL(fake_jpeg("jpeg:uid=alice:AAAA0001:648"), big.jpeg);
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
        cache->set_change_clock([&](const std::string& dn) { return dn == "uid=alice" ? last_write.load() : 0; });
        cache->get_photo(query("alice@example.test"), Logger());
        cache->get_photo(query("erin@example.test"), Logger());
        source_->set("alice@example.test", {"uid=alice", "BBBB0002", "csn2"});
        now_ += 1'000;
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), cache->get_photo(query("alice@example.test"), Logger()).etag);
        last_write = now_.load();
        now_ += 1'000;
        PhotoResult r = cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), r.etag);
        CPPUNIT_ASSERT_EQUAL(0, source_->probes.load());  // a known change: read in full, not probed
        CPPUNIT_ASSERT_EQUAL(3, source_->resolves.load());
        // Once read after the write, the record is trusted again for its TTL; others never moved.
        now_ += 1'000;
        cache->get_photo(query("alice@example.test"), Logger());
        cache->get_photo(query("erin@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(0, source_->probes.load());
        CPPUNIT_ASSERT_EQUAL(3, source_->resolves.load());
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
        CPPUNIT_ASSERT_EQUAL(fake_jpeg("jpeg:uid=alice:BBBB0002:96"), r.jpeg);
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
        CPPUNIT_ASSERT_EQUAL(fake_jpeg("jpeg:uid=alice:AAAA0001:96"), r.jpeg);
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

    void personChangedForgetsThePerson() {
        auto shared = std::make_shared<FakeShared>(now_);
        auto cache = make(shared);
        cache->get_photo(query("alice@example.test"), Logger());
        source_->set("alice@example.test", {"uid=alice", "BBBB0002", "csn2"});
        cache->person_changed("uid=alice");
        PhotoResult r = cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), r.etag);
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
    }

    void aChangeOnOneFrontIsSeenByAnotherAtOnce() {
        // Two fronts share the store; each holds alice locally. A write on one must not leave the
        // other serving the old photo for its TTL.
        auto shared = std::make_shared<FakeShared>(now_);
        auto one = make(shared);
        auto two = make(shared);
        one->get_photo(query("alice@example.test"), Logger());
        two->get_photo(query("alice@example.test"), Logger());
        now_ += 10'000;
        source_->set("alice@example.test", {"uid=alice", "BBBB0002", "csn2"});
        one->person_changed("uid=alice");
        now_ += 1;
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), two->get_photo(query("alice@example.test"), Logger()).etag);
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), one->get_photo(query("alice@example.test"), Logger()).etag);
        // Once read after the change (and the clock allowance), trusted again for the TTL.
        now_ += 5'000;
        two->get_photo(query("alice@example.test"), Logger());
        int asked = source_->probes + source_->resolves;
        now_ += 1'000;
        two->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(asked, source_->probes + source_->resolves);
    }

    void aReadRacingAWriteIsNotTrusted() {
        // The directory is read (old photo), then the photo is written, then the read's answer
        // arrives: its record must not be trusted for a TTL.
        std::atomic<int64_t> last_write{0};
        auto cache = make();
        cache->set_change_clock([&](const std::string&) { return last_write.load(); });
        source_->after_read = [&] {
            now_ += 5;
            source_->set("alice@example.test", {"uid=alice", "BBBB0002", "csn2"});
            last_write = now_.load();
            now_ += 5;
        };
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), cache->get_photo(query("alice@example.test"), Logger()).etag);
        now_ += 1'000;
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), cache->get_photo(query("alice@example.test"), Logger()).etag);
    }

    void aReadRacingAnotherFrontsWriteIsNotTrusted() {
        auto shared = std::make_shared<FakeShared>(now_);
        auto reader = make(shared);
        auto writer = make(shared);
        source_->after_read = [&] {
            now_ += 5;
            source_->set("alice@example.test", {"uid=alice", "BBBB0002", "csn2"});
            writer->person_changed("uid=alice");
            now_ += 5;
        };
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), reader->get_photo(query("alice@example.test"), Logger()).etag);
        now_ += 10'000;
        CPPUNIT_ASSERT_EQUAL(std::string("BBBB0002"), reader->get_photo(query("alice@example.test"), Logger()).etag);
    }

    void aForgedRecordIsAMissAndOneLogLine() {
        // An intruder with access to the store points alice's record at bob's entry and photo,
        // whose rendition is in the store too.
        source_->set("bob@example.test", {"uid=bob", "BBBB0B0B", "csn1"});
        auto shared = std::make_shared<FakeShared>(now_);
        make(shared)->get_photo(query("alice@example.test"), Logger());
        make(shared)->get_photo(query("bob@example.test"), Logger());
        const std::string alice_key = key_holding(*shared, 'm', "mail=alice@example.test");
        CPPUNIT_ASSERT(!alice_key.empty());
        PersonMeta forged;
        forged.dn = "uid=bob";
        forged.etag = "BBBB0B0B";
        forged.change_marker = "csn1";
        forged.fetched_at_ms = now_;
        shared->overwrite(alice_key, serialize("mail=alice@example.test", forged));

        auto fresh_source = std::make_shared<FakeSource>();
        fresh_source->set("alice@example.test", {"uid=alice", "AAAA0001", "csn1"});
        auto victim = make(shared, fresh_source);
        std::vector<std::string> warnings;
        Logger log([&](LogLevel level, std::string_view m) {
            if (level == LogLevel::Warn) warnings.emplace_back(m);
        });
        PhotoResult r = victim->get_photo(query("alice@example.test"), log);
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), r.etag);
        CPPUNIT_ASSERT_EQUAL(fake_jpeg("jpeg:uid=alice:AAAA0001:96"), r.jpeg);
        CPPUNIT_ASSERT_EQUAL(1, fresh_source->resolves.load());  // a miss: read from the directory
        CPPUNIT_ASSERT_EQUAL(size_t(1), warnings.size());
        CPPUNIT_ASSERT(warnings[0].find("mail=alice@example.test") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), victim->counters().refused_records.load());
    }

    void recordsSealedWithAnotherKeyAreRefused() {
        auto shared = std::make_shared<FakeShared>(now_);
        CacheSettings other = settings_;
        other.record_key = derive_record_key("another-servers-secret-0123456789", "view");
        auto writer = std::make_unique<CachingPhotoProvider>(other, source_, shared, [this] { return now_.load(); });
        writer->get_photo(query("alice@example.test"), Logger());
        const auto written = shared->dump();
        auto reader = make(shared);
        reader->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
        CPPUNIT_ASSERT_EQUAL(0ULL, static_cast<unsigned long long>(reader->counters().shared_hits.load()));
        // Different keys also give different store keys: nothing was even found to refuse.
        for (auto& [key, value] : written) CPPUNIT_ASSERT(shared->dump().count(key));
        CPPUNIT_ASSERT_EQUAL(size_t(2 * written.size()), shared->size());
    }

    void authenticButMalformedRecordsAreRefused() {
        // Sealed with the right key (a front with a bug, or one that shares the secret and is
        // compromised) but not what a record may hold: still a miss.
        RecordSeal seal(settings_.record_key, settings_.key_namespace);
        auto shared = std::make_shared<FakeShared>(now_);
        const std::string id = "mail=alice@example.test";
        auto plant = [&](PersonMeta meta) {
            meta.fetched_at_ms = now_;
            const std::string key = seal.store_key('m', id);
            shared->overwrite(key, seal.seal(key, serialize(id, meta)));
        };
        const std::vector<std::pair<std::string, std::string>> bad{
            {"uid=alice", "aaaa0001"}, {"uid=alice", "AAAA00011"}, {"uid=alice", ""},
            {"", "AAAA0001"}, {"not a dn", "AAAA0001"}, {"uid=alice\nuid=bob", "AAAA0001"}};
        int expected_resolves = 0;
        for (auto& [dn, etag] : bad) {
            PersonMeta meta;
            meta.dn = dn;
            meta.etag = etag;
            plant(meta);
            auto cache = make(shared);
            CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), cache->get_photo(query("alice@example.test"), Logger()).etag);
            CPPUNIT_ASSERT_EQUAL(++expected_resolves, source_->resolves.load());
            CPPUNIT_ASSERT_EQUAL(uint64_t(1), cache->counters().refused_records.load());
        }
        // A rendition that is not a JPEG, under the right key for alice's photo.
        PersonMeta good;
        good.dn = "uid=alice";
        good.etag = "AAAA0001";
        good.change_marker = "csn1";
        plant(good);
        const std::string rkey = rendition_key("uid=alice", "AAAA0001", 96);
        Rendition junk;
        junk.jpeg = "<script>alert(1)</script>";
        junk.edge = 96;
        const std::string store_key = seal.store_key('r', rkey);
        shared->overwrite(store_key, seal.seal(store_key, serialize(rkey, junk)));
        auto cache = make(shared);
        PhotoResult r = cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(fake_jpeg("jpeg:uid=alice:AAAA0001:96"), r.jpeg);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), cache->counters().refused_records.load());
    }

    void withoutARecordKeyNothingIsShared() {
        settings_.record_key.clear();
        auto shared = std::make_shared<FakeShared>(now_);
        make(shared)->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(size_t(0), shared->size());
    }
    PhotoQuery in_format(ImageFormat format, const std::string& inm = {}) {
        PhotoQuery q = query("alice@example.test", 96, inm);
        q.format = format;
        return q;
    }

    void eachFormatHasItsOwnRenditionAndTag() {
        auto cache = make();
        std::map<ImageFormat, std::string> bytes;
        for (ImageFormat format : {ImageFormat::Jpeg, ImageFormat::Webp, ImageFormat::Avif}) {
            PhotoResult r = cache->get_photo(in_format(format), Logger());
            CPPUNIT_ASSERT(r.status == PhotoStatus::Ok);
            CPPUNIT_ASSERT(has_signature(format, r.jpeg));
            CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), r.etag);  // the photo's tag; routes add the format
            bytes[format] = r.jpeg;
        }
        CPPUNIT_ASSERT_EQUAL(3, source_->renders.load());
        // Each again: from its own bucket, nothing rendered.
        for (ImageFormat format : {ImageFormat::Avif, ImageFormat::Webp, ImageFormat::Jpeg})
            CPPUNIT_ASSERT_EQUAL(bytes[format], cache->get_photo(in_format(format), Logger()).jpeg);
        CPPUNIT_ASSERT_EQUAL(3, source_->renders.load());
        // A format's tag is Not Modified for that format only.
        const std::string webp_tag = format_etag("AAAA0001", ImageFormat::Webp);
        CPPUNIT_ASSERT(cache->get_photo(in_format(ImageFormat::Webp, webp_tag), Logger()).status ==
                       PhotoStatus::NotModified);
        CPPUNIT_ASSERT(cache->get_photo(in_format(ImageFormat::Avif, webp_tag), Logger()).status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(cache->get_photo(in_format(ImageFormat::Jpeg, webp_tag), Logger()).status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(cache->get_photo(in_format(ImageFormat::Webp, "AAAA0001"), Logger()).status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(cache->get_photo(in_format(ImageFormat::Jpeg, "AAAA0001"), Logger()).status ==
                       PhotoStatus::NotModified);
        // The keys: JPEG's as before formats existed, the others one line longer.
        CPPUNIT_ASSERT_EQUAL(std::string("uid=alice\nAAAA0001\n96"), rendition_key("uid=alice", "AAAA0001", 96));
        CPPUNIT_ASSERT_EQUAL(std::string("uid=alice\nAAAA0001\n96\navif"),
                             rendition_key("uid=alice", "AAAA0001", 96, ImageFormat::Avif));
        // A change drops every format's rendition.
        cache->person_changed("uid=alice");
        cache->get_photo(in_format(ImageFormat::Webp), Logger());
        CPPUNIT_ASSERT_EQUAL(4, source_->renders.load());
    }

    void formatsShareTheRecordAndTheSharedTier() {
        auto shared = std::make_shared<FakeShared>(now_);
        auto first = make(shared);
        const std::string webp = first->get_photo(in_format(ImageFormat::Webp), Logger()).jpeg;
        CPPUNIT_ASSERT(has_signature(ImageFormat::Webp, webp));
        CPPUNIT_ASSERT_EQUAL(1, source_->renders.load());
        // Another process: the WebP rendition from the shared tier, checked as WebP.
        auto second = make(shared);
        CPPUNIT_ASSERT_EQUAL(webp, second->get_photo(in_format(ImageFormat::Webp), Logger()).jpeg);
        CPPUNIT_ASSERT_EQUAL(1, source_->renders.load());
        // A shared WebP record whose bytes are not WebP (authentic, so sealed by a front) is refused.
        CPPUNIT_ASSERT(!parse_rendition("k", serialize("k", Rendition{fake_jpeg("x"), 96}), ImageFormat::Webp));
        CPPUNIT_ASSERT(!parse_rendition("k", serialize("k", Rendition{webp, 96}), ImageFormat::Avif));
        CPPUNIT_ASSERT(parse_rendition("k", serialize("k", Rendition{webp, 96}), ImageFormat::Webp));
        // Concurrent requests of one person in two formats each get their own format.
        auto third = make(std::make_shared<FakeShared>(now_));
        source_->delay = std::chrono::milliseconds(50);
        PhotoResult a, b;
        std::thread ta([&] { a = third->get_photo(in_format(ImageFormat::Avif), Logger()); });
        std::thread tb([&] { b = third->get_photo(in_format(ImageFormat::Jpeg), Logger()); });
        ta.join();
        tb.join();
        CPPUNIT_ASSERT(has_signature(ImageFormat::Avif, a.jpeg));
        CPPUNIT_ASSERT(has_signature(ImageFormat::Jpeg, b.jpeg));
    }

    // The photo as stored and a square of the same edge are two renditions, each cached.
    void asStoredHasItsOwnRendition() {
        auto cache = make();
        PhotoQuery stored = query("alice@example.test", 648);
        stored.shape = PhotoShape::AsStored;
        const std::string square = cache->get_photo(query("alice@example.test", 648), Logger()).jpeg;
        const std::string as_stored = cache->get_photo(stored, Logger()).jpeg;
        CPPUNIT_ASSERT_EQUAL(fake_jpeg("jpeg:uid=alice:AAAA0001:648:as stored"), as_stored);
        CPPUNIT_ASSERT(square != as_stored);
        CPPUNIT_ASSERT_EQUAL(2, source_->renders.load());
        CPPUNIT_ASSERT_EQUAL(as_stored, cache->get_photo(stored, Logger()).jpeg);
        CPPUNIT_ASSERT_EQUAL(square, cache->get_photo(query("alice@example.test", 648), Logger()).jpeg);
        CPPUNIT_ASSERT_EQUAL(2, source_->renders.load());
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());  // each rendition read the photo once
        CPPUNIT_ASSERT_EQUAL(std::string("uid=alice\nAAAA0001\n648\nas stored"),
                             rendition_key("uid=alice", "AAAA0001", 648, ImageFormat::Jpeg, PhotoShape::AsStored));
        CPPUNIT_ASSERT_EQUAL(std::string("uid=alice\nAAAA0001\n648\nwebp\nas stored"),
                             rendition_key("uid=alice", "AAAA0001", 648, ImageFormat::Webp, PhotoShape::AsStored));
    }

    // With a linked entry standing in, a person's answer differs: never one record for both.
    void aLinkedEntryQueryHasItsOwnRecord() {
        auto cache = make();
        PhotoQuery linked = query("alice@example.test");
        linked.follow_linked_entry = true;
        cache->get_photo(query("alice@example.test"), Logger());
        cache->get_photo(linked, Logger());
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
        cache->get_photo(linked, Logger());
        cache->get_photo(query("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
    }

    // A caller that has just read another version in the directory (a change the cache was not
    // told of) gets it at once; one naming the cached version is a plain hit.
    void aSeenVersionConfirmsARecordOfAnother() {
        auto cache = make();
        PhotoQuery seen = query("alice@example.test");
        seen.seen_etag = "AAAA0001";
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), cache->get_photo(seen, Logger()).etag);
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), cache->get_photo(seen, Logger()).etag);
        CPPUNIT_ASSERT_EQUAL(1, source_->resolves.load());
        CPPUNIT_ASSERT_EQUAL(0, source_->probes.load());

        source_->set("alice@example.test", {"uid=alice", "AAAA0002", "csn2"});
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0001"), cache->get_photo(query("alice@example.test"), Logger()).etag);
        seen.seen_etag = "AAAA0002";
        PhotoResult fresh = cache->get_photo(seen, Logger());
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0002"), fresh.etag);
        CPPUNIT_ASSERT_EQUAL(fake_jpeg("jpeg:uid=alice:AAAA0002:96"), fresh.jpeg);
        CPPUNIT_ASSERT_EQUAL(1, source_->probes.load());  // the marker moved: read in full
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
        // Everyone sees the new version now.
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0002"), cache->get_photo(query("alice@example.test"), Logger()).etag);

        // An old version's name costs a marker probe, never a full read, and answers the current one.
        seen.seen_etag = "AAAA0001";
        CPPUNIT_ASSERT_EQUAL(std::string("AAAA0002"), cache->get_photo(seen, Logger()).etag);
        CPPUNIT_ASSERT_EQUAL(2, source_->probes.load());
        CPPUNIT_ASSERT_EQUAL(2, source_->resolves.load());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CachingProviderTest);
