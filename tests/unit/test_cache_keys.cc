// Cache keys of Salesforce ids: 15-character ids are case-sensitive (the 18-character form spells
// the case out in its suffix), so two people whose ids differ only by case must never share a
// cache entry. Driven through the Salesforce codec, with the real cache and a directory that
// matches ids exactly.
#include <cppunit/extensions/HelperMacros.h>

#include <map>

#include "cache/caching_photo_provider.h"
#include "protocol/chatter/chatter_handler.h"
#include "protocol/chatter/salesforce_id.h"

using namespace userphoto;

namespace {

struct Entry {
    std::string dn, etag;
};

// Ids matched exactly, as a case-exact attribute (or Salesforce itself) does.
class ExactIds : public PersonSource {
public:
    std::map<std::string, Entry> by_id;
    int resolves = 0;

    ResolvedPerson resolve(const PhotoQuery& q, const Logger&) override {
        ++resolves;
        ResolvedPerson p;
        auto it = by_id.find(q.value);
        if (it == by_id.end()) return p;
        p.status = PhotoStatus::Ok;
        p.dn = it->second.dn;
        p.etag = it->second.etag;
        return p;
    }
    PhotoResult render(const ResolvedPerson& p, int edge, ImageFormat, PhotoShape, const Logger&) override {
        PhotoResult r;
        r.status = p.status;
        r.etag = p.etag;
        r.edge = edge;
        r.jpeg = "\xFF\xD8\xFF photo of " + p.dn + "\xFF\xD9";
        return r;
    }
    MarkerProbe probe_marker(const PhotoQuery&, const Logger&) override { return MarkerProbe{}; }
    std::string identity_attribute(const PhotoQuery& q) const override { return q.attribute; }
};

class NoEditor : public PhotoEditor {
public:
    PersonPhotoInfo lookup(const PhotoQuery&, const Logger&) override { return PersonPhotoInfo{}; }
    WriteResult upload(const std::string&, std::string_view, const std::optional<PhotoCrop>&, const Logger&) override {
        return WriteResult{};
    }
    WriteResult remove(const std::string&, const Logger&) override { return WriteResult{}; }
    std::string default_photo(int) override { return "default"; }
};

}  // namespace

class CacheKeyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CacheKeyTest);
    CPPUNIT_TEST(idsDifferingOnlyByCaseNeverShareAnEntry);
    CPPUNIT_TEST(emailsStillFoldCase);
    CPPUNIT_TEST_SUITE_END();

    std::shared_ptr<ExactIds> source_ = std::make_shared<ExactIds>();
    NoEditor editor_;
    LinkSigner signer_{"unit-test-secret-0123456789"};

    std::string picture(cache::CachingPhotoProvider& cache, const std::string& id15) {
        HttpRequest r;
        r.method = "GET";
        r.path = "/sd/userphoto-files/" + chatter::to_id18(id15) + "/default/medium.jpg";
        r.remote_user = "someone@x";
        r.base_url = "https://h";
        r.now = 1'700'000'000;
        chatter::StringBodySource body("", 1);
        chatter::ChatterOptions options;
        HttpResponse response = chatter::handle_chatter(r, body, cache, editor_, signer_, options, Logger());
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        return response.body;
    }

public:
    void idsDifferingOnlyByCaseNeverShareAnEntry() {
        source_->by_id["005000000000aBc"] = {"uid=alice", "AAAA0001"};
        source_->by_id["005000000000AbC"] = {"uid=bob", "BBBB0002"};
        CPPUNIT_ASSERT(chatter::to_id18("005000000000aBc") != chatter::to_id18("005000000000AbC"));
        cache::CachingPhotoProvider cache(cache::CacheSettings{}, source_);
        CPPUNIT_ASSERT(picture(cache, "005000000000aBc").find("uid=alice") != std::string::npos);
        CPPUNIT_ASSERT(picture(cache, "005000000000AbC").find("uid=bob") != std::string::npos);
        CPPUNIT_ASSERT(picture(cache, "005000000000aBc").find("uid=alice") != std::string::npos);
    }

    void emailsStillFoldCase() {
        source_->by_id["alice@example.test"] = {"uid=alice", "AAAA0001"};
        cache::CachingPhotoProvider cache(cache::CacheSettings{}, source_);
        PhotoQuery q;
        q.kind = IdentityKind::Attribute;
        q.attribute = "mail";
        q.value = "alice@example.test";
        CPPUNIT_ASSERT(cache.get_photo(q, Logger()).status == PhotoStatus::Ok);
        q.value = "Alice@Example.TEST";
        CPPUNIT_ASSERT(cache.get_photo(q, Logger()).status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(1, source_->resolves);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CacheKeyTest);
