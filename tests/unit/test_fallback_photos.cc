// UserPhotoFallback: NoPhoto becomes a drawn picture (initials or silhouette) only when asked for;
// the bytes are deterministic (ETag = content hash, 304 on If-None-Match); nobody is invented;
// the initials survive the cache's shared tier (sealed, validated records).
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "cache/cache_records.h"
#include "cache/caching_photo_provider.h"
#include "cache/record_seal.h"
#include "fake_directory.h"
#include "image/photo_image.h"
#include "image/placeholder.h"
#include "service/drawn_picture_cache.h"
#include "service/fallback_photos.h"
#include "service/person_source.h"
#include "service/photo_service.h"

using namespace userphoto;
using namespace userphoto::testing;

namespace {

// A shared tier in memory without expiry (the tests' records never reach their TTL).
class MapShared : public cache::SharedCache {
public:
    std::optional<std::string> get(const std::string& key, size_t max_bytes) override {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = store_.find(key);
        if (it == store_.end() || it->second.size() > max_bytes) return std::nullopt;
        return it->second;
    }
    void put(const std::string& key, const std::string& value, int64_t) override {
        std::lock_guard<std::mutex> lock(mutex_);
        store_[key] = value;
    }
    void remove(const std::string& key) override {
        std::lock_guard<std::mutex> lock(mutex_);
        store_.erase(key);
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::string> store_;
};

// The JPEG header of a served picture.
image::ProbeResult probe(const std::string& jpeg) { return image::probe_jpeg(jpeg, image::Limits()); }

}  // namespace

class FallbackPhotosTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FallbackPhotosTest);
    CPPUNIT_TEST(testOffLeavesNoPhotoAlone);
    CPPUNIT_TEST(testNoPhotoCarriesTheInitialsOfTheName);
    CPPUNIT_TEST(testInitialsAreDrawnDeterministically);
    CPPUNIT_TEST(testColourFollowsThePerson);
    CPPUNIT_TEST(testSilhouette);
    CPPUNIT_TEST(testNotModifiedOnTheDrawnEtag);
    CPPUNIT_TEST(testUnknownPersonStaysNotFound);
    CPPUNIT_TEST(testRealPhotoIsUntouched);
    CPPUNIT_TEST(testInitialsSurviveTheSharedCache);
    CPPUNIT_TEST(testMetaRecordValidatesInitials);
    CPPUNIT_TEST(testDirectiveValues);
    CPPUNIT_TEST(testSecondDrawComesFromTheCache);
    CPPUNIT_TEST(testDrawnPictureCacheKeepsItsBound);
    CPPUNIT_TEST(testDrawnPictureBudgetIsSetAndCountsAreShared);
    CPPUNIT_TEST(testPlaceholderKeyNamesWhatThePixelsDependOn);
    CPPUNIT_TEST_SUITE_END();

    std::shared_ptr<FakeDirectory> directory_;
    std::shared_ptr<PhotoService> service_;

public:
    void setUp() override {
        directory_ = std::make_shared<FakeDirectory>();
        directory_->put(make_entry("uid=alice,dc=test", {{"mail", {"alice@example.test"}},
                                                         {"jpegPhoto", {test_jpeg(300, 300)}},
                                                         {"displayName", {"Alice Archer"}}}));
        directory_->put(make_entry("uid=bob,dc=test", {{"mail", {"bob@example.test"}},
                                                       {"cn", {"Bob Baker"}},
                                                       {"displayName", {"Robert Baker"}}}));
        directory_->put(make_entry("uid=carol,dc=test", {{"mail", {"carol@example.test"}}, {"cn", {"carol"}}}));
        directory_->put(make_entry("uid=dave,dc=test", {{"mail", {"dave@example.test"}}, {"cn", {"Robert Baker"}}}));
        service_ = std::make_shared<PhotoService>(PhotoServiceSettings(), directory_);
    }

    void testOffLeavesNoPhotoAlone() {
        FallbackPhotos off(*service_, FallbackPicture::None, 85);
        PhotoResult result = off.get_photo(by_mail("bob@example.test"), Logger());
        CPPUNIT_ASSERT(result.status == PhotoStatus::NoPhoto);
        CPPUNIT_ASSERT(result.jpeg.empty() && result.etag.empty());
    }

    void testNoPhotoCarriesTheInitialsOfTheName() {
        // displayName first, then cn; the DN names the person.
        PhotoResult bob = service_->get_photo(by_mail("bob@example.test"), Logger());
        CPPUNIT_ASSERT(bob.status == PhotoStatus::NoPhoto);
        CPPUNIT_ASSERT_EQUAL(std::string("RB"), bob.initials);
        CPPUNIT_ASSERT_EQUAL(std::string("uid=bob,dc=test"), bob.person);
        CPPUNIT_ASSERT_EQUAL(std::string("C"), service_->get_photo(by_mail("carol@example.test"), Logger()).initials);
    }

    void testInitialsAreDrawnDeterministically() {
        FallbackPhotos initials(*service_, FallbackPicture::Initials, 85);
        PhotoResult first = initials.get_photo(by_mail("bob@example.test", 120), Logger());
        CPPUNIT_ASSERT(first.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(120, first.edge);
        image::ProbeResult p = probe(first.jpeg);
        CPPUNIT_ASSERT(p.error == image::ImageError::None);
        CPPUNIT_ASSERT_EQUAL(120, p.width);
        CPPUNIT_ASSERT_EQUAL(120, p.height);
        CPPUNIT_ASSERT_EQUAL(8, static_cast<int>(first.etag.size()));
        PhotoResult again = initials.get_photo(by_mail("BOB@example.test", 120), Logger());
        CPPUNIT_ASSERT(first.jpeg == again.jpeg);
        CPPUNIT_ASSERT_EQUAL(first.etag, again.etag);
        // The one renderer's picture of these initials for this person, nothing else.
        image::PlaceholderSpec spec;
        spec.kind = image::PlaceholderKind::Initials;
        spec.seed = "uid=bob,dc=test";
        spec.initials = "RB";
        spec.edge = 120;
        CPPUNIT_ASSERT(image::encode_jpeg(image::draw_placeholder(spec), 85).jpeg == first.jpeg);
        // Another size is another picture with another ETag.
        PhotoResult small = initials.get_photo(by_mail("bob@example.test", 48), Logger());
        CPPUNIT_ASSERT_EQUAL(48, probe(small.jpeg).width);
        CPPUNIT_ASSERT(small.etag != first.etag);
    }

    void testColourFollowsThePerson() {
        // Same initials, different people: different colours, so different bytes.
        FallbackPhotos initials(*service_, FallbackPicture::Initials, 85);
        PhotoResult bob = initials.get_photo(by_mail("bob@example.test"), Logger());
        PhotoResult dave = initials.get_photo(by_mail("dave@example.test"), Logger());
        CPPUNIT_ASSERT(bob.status == PhotoStatus::Ok && dave.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(bob.jpeg != dave.jpeg);
    }

    void testSilhouette() {
        FallbackPhotos silhouette(*service_, FallbackPicture::Silhouette, 85);
        PhotoResult bob = silhouette.get_photo(by_mail("bob@example.test", 64), Logger());
        PhotoResult carol = silhouette.get_photo(by_mail("carol@example.test", 64), Logger());
        CPPUNIT_ASSERT(bob.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(64, probe(bob.jpeg).width);
        CPPUNIT_ASSERT(bob.jpeg == carol.jpeg);  // one silhouette for everybody
        image::PlaceholderSpec spec;
        spec.kind = image::PlaceholderKind::Silhouette;
        spec.edge = 64;
        CPPUNIT_ASSERT(image::encode_jpeg(image::draw_placeholder(spec), 85).jpeg == bob.jpeg);
    }

    void testNotModifiedOnTheDrawnEtag() {
        FallbackPhotos initials(*service_, FallbackPicture::Initials, 85);
        PhotoResult first = initials.get_photo(by_mail("bob@example.test"), Logger());
        PhotoQuery again = by_mail("bob@example.test");
        again.if_none_match = EtagCondition::of(first.etag);
        PhotoResult second = initials.get_photo(again, Logger());
        CPPUNIT_ASSERT(second.status == PhotoStatus::NotModified);
        CPPUNIT_ASSERT_EQUAL(first.etag, second.etag);
        CPPUNIT_ASSERT(second.jpeg.empty());
    }

    void testUnknownPersonStaysNotFound() {
        for (FallbackPicture picture : {FallbackPicture::Initials, FallbackPicture::Silhouette}) {
            FallbackPhotos fallback(*service_, picture, 85);
            PhotoResult result = fallback.get_photo(by_mail("nobody@example.test"), Logger());
            CPPUNIT_ASSERT(result.status == PhotoStatus::NoSuchPerson);
            CPPUNIT_ASSERT(result.jpeg.empty());
            directory_->available = false;
            CPPUNIT_ASSERT(fallback.get_photo(by_mail("bob@example.test"), Logger()).status == PhotoStatus::Unavailable);
            directory_->available = true;
        }
    }

    void testRealPhotoIsUntouched() {
        FallbackPhotos initials(*service_, FallbackPicture::Initials, 85);
        PhotoResult with = initials.get_photo(by_mail("alice@example.test"), Logger());
        PhotoResult without = service_->get_photo(by_mail("alice@example.test"), Logger());
        CPPUNIT_ASSERT(with.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(with.jpeg == without.jpeg);
        CPPUNIT_ASSERT_EQUAL(without.etag, with.etag);
    }

    void testInitialsSurviveTheSharedCache() {
        cache::CacheSettings settings;
        settings.record_key = cache::derive_record_key("unit-test-link-secret-0123456789", "view");
        auto shared = std::make_shared<MapShared>();
        auto source = std::make_shared<ServicePersonSource>(service_);
        cache::CachingPhotoProvider front(settings, source, shared);
        FallbackPhotos first(front, FallbackPicture::Initials, 85);
        PhotoResult drawn = first.get_photo(by_mail("bob@example.test"), Logger());
        CPPUNIT_ASSERT(drawn.status == PhotoStatus::Ok);
        // Another process: only the shared tier knows Bob (the directory is down).
        directory_->available = false;
        cache::CachingPhotoProvider other(settings, source, shared);
        PhotoResult cached = other.get_photo(by_mail("bob@example.test"), Logger());
        CPPUNIT_ASSERT(cached.status == PhotoStatus::NoPhoto);
        CPPUNIT_ASSERT_EQUAL(std::string("RB"), cached.initials);
        FallbackPhotos second(other, FallbackPicture::Initials, 85);
        CPPUNIT_ASSERT(second.get_photo(by_mail("bob@example.test"), Logger()).jpeg == drawn.jpeg);
        // And the local tier of the first answers the same.
        CPPUNIT_ASSERT(first.get_photo(by_mail("bob@example.test"), Logger()).jpeg == drawn.jpeg);
    }

    void testMetaRecordValidatesInitials() {
        cache::PersonMeta meta;
        meta.status = PhotoStatus::NoPhoto;
        meta.dn = "uid=bob,dc=test";
        meta.initials = "RB";
        auto back = cache::parse_meta("k", cache::serialize("k", meta));
        CPPUNIT_ASSERT(back);
        CPPUNIT_ASSERT_EQUAL(std::string("RB"), back->initials);
        for (const char* bad : {"rb", "ABCD", "R\n", "R B"}) {
            meta.initials = bad;
            CPPUNIT_ASSERT(!cache::parse_meta("k", cache::serialize("k", meta)));
        }
        meta.status = PhotoStatus::Ok;  // initials belong to NoPhoto records only
        meta.etag = "ABCDEF01";
        meta.initials = "RB";
        CPPUNIT_ASSERT(!cache::parse_meta("k", cache::serialize("k", meta)));
    }

    void testDirectiveValues() {
        FallbackPicture picture = FallbackPicture::None;
        CPPUNIT_ASSERT(parse_fallback_picture("Initials", picture) && picture == FallbackPicture::Initials);
        CPPUNIT_ASSERT(parse_fallback_picture("silhouette", picture) && picture == FallbackPicture::Silhouette);
        CPPUNIT_ASSERT(parse_fallback_picture("none", picture) && picture == FallbackPicture::None);
        CPPUNIT_ASSERT(!parse_fallback_picture("identicon", picture));
        CPPUNIT_ASSERT_EQUAL(std::string("initials"), std::string(fallback_picture_name(FallbackPicture::Initials)));
    }

    void testSecondDrawComesFromTheCache() {
        DrawnPictureCache cache(1 << 20);
        const PhotoResult no_photo = service_->get_photo(by_mail("bob@example.test"), Logger());
        const PhotoQuery query = by_mail("bob@example.test", 240);
        const PhotoResult first = draw_fallback(no_photo, FallbackPicture::Initials, query, 85, cache);
        CPPUNIT_ASSERT(first.status == PhotoStatus::Ok && first.drawn);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), cache.misses());
        CPPUNIT_ASSERT_EQUAL(uint64_t(0), cache.hits());
        CPPUNIT_ASSERT_EQUAL(size_t(1), cache.entries());
        const PhotoResult second = draw_fallback(no_photo, FallbackPicture::Initials, query, 85, cache);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), cache.hits());  // not drawn again
        CPPUNIT_ASSERT(second.status == PhotoStatus::Ok && second.drawn);
        CPPUNIT_ASSERT(second.jpeg == first.jpeg);
        CPPUNIT_ASSERT_EQUAL(first.etag, second.etag);
        CPPUNIT_ASSERT_EQUAL(240, second.edge);
        // The same bytes as drawing it anew, and 304 from the cache too.
        image::PlaceholderSpec spec;
        spec.kind = image::PlaceholderKind::Initials;
        spec.seed = "uid=bob,dc=test";
        spec.initials = "RB";
        spec.edge = 240;
        CPPUNIT_ASSERT(image::encode_jpeg(image::draw_placeholder(spec), 85).jpeg == second.jpeg);
        PhotoQuery conditional = query;
        conditional.if_none_match = EtagCondition::of(first.etag);
        const PhotoResult unchanged = draw_fallback(no_photo, FallbackPicture::Initials, conditional, 85, cache);
        CPPUNIT_ASSERT(unchanged.status == PhotoStatus::NotModified && unchanged.drawn);
        CPPUNIT_ASSERT_EQUAL(uint64_t(2), cache.hits());
        // Another size, quality or kind is another picture.
        draw_fallback(no_photo, FallbackPicture::Initials, by_mail("bob@example.test", 96), 85, cache);
        draw_fallback(no_photo, FallbackPicture::Initials, query, 70, cache);
        draw_fallback(no_photo, FallbackPicture::Silhouette, query, 85, cache);
        CPPUNIT_ASSERT_EQUAL(uint64_t(4), cache.misses());
        CPPUNIT_ASSERT_EQUAL(size_t(4), cache.entries());
        // The process's cache serves FallbackPhotos.
        const uint64_t hits = drawn_picture_cache().hits();
        FallbackPhotos initials(*service_, FallbackPicture::Initials, 85);
        initials.get_photo(by_mail("bob@example.test", 200), Logger());
        CPPUNIT_ASSERT(initials.get_photo(by_mail("bob@example.test", 200), Logger()).drawn);
        CPPUNIT_ASSERT(drawn_picture_cache().hits() >= hits + 1);
    }

    // UserPhotoDrawnPictureMemory sets the budget at child start; the status page's shared block
    // receives the lookups.
    void testDrawnPictureBudgetIsSetAndCountsAreShared() {
        DrawnPictureCache cache(kDrawnPictureCacheBytes);
        CPPUNIT_ASSERT_EQUAL(kDrawnPictureCacheBytes, cache.budget());
        auto picture = [](size_t size) { return std::make_shared<const DrawnPicture>(DrawnPicture{std::string(size, 'p'), ""}); };
        for (int i = 0; i < 100; ++i) cache.put("k" + std::to_string(i), picture(1000));
        CPPUNIT_ASSERT_EQUAL(size_t(100), cache.entries());
        cache.set_budget(20'000);  // a smaller budget: the least recently used leave at once
        CPPUNIT_ASSERT(cache.bytes() <= 20'000);
        CPPUNIT_ASSERT(cache.entries() < 20 && cache.entries() > 5);
        CPPUNIT_ASSERT(cache.find("k99") != nullptr);
        CPPUNIT_ASSERT(cache.find("k0") == nullptr);
        cache.put("big", picture(20'000 / 8 + 1));  // more than an eighth of the new budget
        CPPUNIT_ASSERT(cache.find("big") == nullptr);
        const uint64_t own_hits = cache.hits();
        DrawnPictureCounters shared;
        cache.count_into(&shared);
        CPPUNIT_ASSERT(cache.find("k99") != nullptr);
        CPPUNIT_ASSERT(cache.find("nothing") == nullptr);
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), shared.hits.load());
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), shared.misses.load());
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), cache.hits());  // it reports where it counts
        cache.count_into(nullptr);
        CPPUNIT_ASSERT_EQUAL(own_hits, cache.hits());  // its own, untouched meanwhile
        CPPUNIT_ASSERT_EQUAL(uint64_t(1), own_hits);
        cache.set_budget(0);  // 0: none kept
        CPPUNIT_ASSERT_EQUAL(size_t(0), cache.entries());
        CPPUNIT_ASSERT_EQUAL(size_t(0), cache.bytes());
        cache.put("again", picture(10));
        CPPUNIT_ASSERT_EQUAL(size_t(0), cache.entries());
    }

    void testDrawnPictureCacheKeepsItsBound() {
        const size_t budget = 64 * 1024;
        DrawnPictureCache cache(budget);
        auto picture = [](size_t size, char fill) {
            return std::make_shared<const DrawnPicture>(DrawnPicture{std::string(size, fill), "0000ABCD"});
        };
        cache.put("too big", picture(budget / 8 + 1, 'x'));
        CPPUNIT_ASSERT_EQUAL(size_t(0), cache.entries());
        for (int i = 0; i < 200; ++i) {
            cache.put("k" + std::to_string(i), picture(1000, static_cast<char>('a' + i % 26)));
            CPPUNIT_ASSERT(cache.find("k0") != nullptr);  // used all the time: never the one to go
            CPPUNIT_ASSERT(cache.bytes() <= budget);
        }
        CPPUNIT_ASSERT(cache.entries() < 200 && cache.entries() > 40);
        CPPUNIT_ASSERT(cache.find("k1") == nullptr);  // the least recently used went first
        auto last = cache.find("k199");
        CPPUNIT_ASSERT(last && last->bytes == std::string(1000, static_cast<char>('a' + 199 % 26)));
        // From many threads at once the bound still holds and every answer is whole.
        std::vector<std::thread> threads;
        std::atomic<int> wrong{0};
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 2000; ++i) {
                    const std::string key = "t" + std::to_string((t * 7 + i) % 150);
                    if (auto found = cache.find(key)) {
                        if (found->bytes.size() != 900) ++wrong;
                    } else {
                        cache.put(key, picture(900, 'z'));
                    }
                }
            });
        for (auto& thread : threads) thread.join();
        CPPUNIT_ASSERT_EQUAL(0, wrong.load());
        CPPUNIT_ASSERT(cache.bytes() <= budget);
    }

    void testPlaceholderKeyNamesWhatThePixelsDependOn() {
        image::PlaceholderSpec a;
        a.kind = image::PlaceholderKind::Silhouette;
        a.edge = 96;
        image::PlaceholderSpec b = a;
        b.seed = "uid=someone-else";
        CPPUNIT_ASSERT_EQUAL(image::placeholder_key(a), image::placeholder_key(b));  // one silhouette for all
        b.edge = 97;
        CPPUNIT_ASSERT(image::placeholder_key(a) != image::placeholder_key(b));
        a.kind = b.kind = image::PlaceholderKind::Initials;
        a.initials = b.initials = "RB";
        b.edge = 96;
        b.seed = a.seed;
        CPPUNIT_ASSERT_EQUAL(image::placeholder_key(a), image::placeholder_key(b));
        b.initials = "RC";
        CPPUNIT_ASSERT(image::placeholder_key(a) != image::placeholder_key(b));
        // Seeds that pick one colour share a key, and their pixels are equal.
        b = a;
        for (int i = 0; i < 100000; ++i) {
            b.seed = "uid=person" + std::to_string(i);
            if (image::placeholder_key(a) == image::placeholder_key(b)) break;
        }
        CPPUNIT_ASSERT_EQUAL(image::placeholder_key(a), image::placeholder_key(b));
        CPPUNIT_ASSERT(a.seed != b.seed);
        CPPUNIT_ASSERT(image::draw_placeholder(a).rgb == image::draw_placeholder(b).rgb);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(FallbackPhotosTest);
