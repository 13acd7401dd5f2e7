// PhotoService against the in-memory directory: the person lookup's answers (found, nobody,
// ambiguous, unavailable, invalid), the rendition and its ETag, 304s, the change-marker probe.
#include <cppunit/extensions/HelperMacros.h>

#include <memory>

#include "fake_directory.h"
#include "image/photo_image.h"
#include "service/photo_service.h"

using namespace userphoto;
using namespace userphoto::testing;

namespace {

}  // namespace

class PhotoServiceTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PhotoServiceTest);
    CPPUNIT_TEST(testFoundIsRenderedAtTheAskedEdge);
    CPPUNIT_TEST(testEtagCoversEveryStoredValue);
    CPPUNIT_TEST(testNobody);
    CPPUNIT_TEST(testAmbiguousIsNobodyAndLogged);
    CPPUNIT_TEST(testUnavailable);
    CPPUNIT_TEST(testEmptyIdentityAsksNoDirectory);
    CPPUNIT_TEST(testUnusablePhotoIsNoPhoto);
    CPPUNIT_TEST(testNotModified);
    CPPUNIT_TEST(testWindowsLoginForms);
    CPPUNIT_TEST(testChangeMarkerProbe);
    CPPUNIT_TEST(testAsStoredFitsIsTheStoredPhoto);
    CPPUNIT_TEST(testAsStoredLargerIsASquareOfTheCap);
    CPPUNIT_TEST(testAsStoredTakesAttributeOrder);
    CPPUNIT_TEST(testAsStoredInAnotherFormat);
    CPPUNIT_TEST(testLinkedEntryStandsIn);
    CPPUNIT_TEST(testByNumberAttribute);
    CPPUNIT_TEST_SUITE_END();

    static PhotoQuery as_stored(const std::string& mail, int edge = 648) {
        PhotoQuery q = by_mail(mail, edge);
        q.shape = PhotoShape::AsStored;
        return q;
    }

    std::shared_ptr<FakeDirectory> directory_;
    std::shared_ptr<PhotoService> service_;

public:
    void setUp() override {
        directory_ = std::make_shared<FakeDirectory>();
        directory_->put(make_entry("uid=alice,dc=test", {{"mail", {"alice@example.test"}},
                                                         {"uid", {"alice"}},
                                                         {"jpegPhoto", {test_jpeg(300, 200)}},
                                                         {"entryCSN", {"20261201000000Z#1"}}}));
        service_ = std::make_shared<PhotoService>(PhotoServiceSettings(), directory_);
    }

    void testFoundIsRenderedAtTheAskedEdge() {
        PhotoResult result = service_->get_photo(by_mail("alice@example.test", 120), Logger());
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), std::string(describe(result.status)));
        CPPUNIT_ASSERT_EQUAL(8, static_cast<int>(result.etag.size()));
        CPPUNIT_ASSERT_EQUAL(120, result.edge);
        image::ProbeResult probe = image::probe_jpeg(result.jpeg, image::Limits());
        CPPUNIT_ASSERT(probe.error == image::ImageError::None);
        CPPUNIT_ASSERT_EQUAL(120, probe.width);
        CPPUNIT_ASSERT_EQUAL(120, probe.height);
        // Every size of one photo has one ETag.
        CPPUNIT_ASSERT_EQUAL(result.etag, service_->get_photo(by_mail("ALICE@example.test", 48), Logger()).etag);
    }

    void testEtagCoversEveryStoredValue() {
        const std::string before = service_->get_photo(by_mail("alice@example.test"), Logger()).etag;
        directory::Entry alice = directory_->entry("uid=alice,dc=test");
        alice.attributes["thumbnailPhoto"] = {test_jpeg(96, 96)};
        directory_->put(alice);
        const std::string after = service_->get_photo(by_mail("alice@example.test"), Logger()).etag;
        CPPUNIT_ASSERT(!after.empty());
        CPPUNIT_ASSERT(before != after);
    }

    void testNobody() {
        PhotoResult result = service_->get_photo(by_mail("nobody@example.test"), Logger());
        CPPUNIT_ASSERT(result.status == PhotoStatus::NoSuchPerson);
        CPPUNIT_ASSERT(result.etag.empty() && result.jpeg.empty());
    }

    void testAmbiguousIsNobodyAndLogged() {
        directory_->put(make_entry("uid=alice2,dc=test", {{"mail", {"alice@example.test"}},
                                                          {"jpegPhoto", {test_jpeg(100, 100)}}}));
        CapturedLines log;
        PhotoResult result = service_->get_photo(by_mail("alice@example.test"), log.logger());
        CPPUNIT_ASSERT(result.status == PhotoStatus::NoSuchPerson);
        CPPUNIT_ASSERT(result.jpeg.empty());
        CPPUNIT_ASSERT_EQUAL(1, log.count(LogLevel::Error, "mail=alice@example.test; refusing to guess"));
    }

    void testUnavailable() {
        directory_->available = false;
        CapturedLines log;
        CPPUNIT_ASSERT(service_->get_photo(by_mail("alice@example.test"), log.logger()).status == PhotoStatus::Unavailable);
        CPPUNIT_ASSERT_EQUAL(1, log.count(LogLevel::Error, "directory unavailable: fake directory switched off"));
    }

    void testEmptyIdentityAsksNoDirectory() {
        CPPUNIT_ASSERT(service_->get_photo(by_mail(""), Logger()).status == PhotoStatus::InvalidIdentity);
        PhotoQuery me;
        me.kind = IdentityKind::RemoteUser;
        CPPUNIT_ASSERT(service_->get_photo(me, Logger()).status == PhotoStatus::NoSuchPerson);
        CPPUNIT_ASSERT_EQUAL(0, directory_->finds.load());
    }

    void testUnusablePhotoIsNoPhoto() {
        directory_->put(make_entry("uid=bob,dc=test", {{"mail", {"bob@example.test"}}, {"jpegPhoto", {"not a jpeg"}}}));
        CapturedLines log;
        PhotoResult result = service_->get_photo(by_mail("bob@example.test"), log.logger());
        CPPUNIT_ASSERT(result.status == PhotoStatus::NoPhoto);
        CPPUNIT_ASSERT(result.etag.empty());
        CPPUNIT_ASSERT_EQUAL(1, log.count(LogLevel::Warn, "uid=bob,dc=test: jpegPhoto is not a usable photo"));
    }

    void testNotModified() {
        const std::string etag = service_->get_photo(by_mail("alice@example.test"), Logger()).etag;
        PhotoQuery again = by_mail("alice@example.test");
        again.if_none_match = EtagCondition::of(etag);
        PhotoResult result = service_->get_photo(again, Logger());
        CPPUNIT_ASSERT(result.status == PhotoStatus::NotModified);
        CPPUNIT_ASSERT_EQUAL(etag, result.etag);
        CPPUNIT_ASSERT(result.jpeg.empty());
    }

    void testWindowsLoginForms() {
        directory_->put(make_entry("cn=Carol,dc=test", {{"sAMAccountName", {"carol"}},
                                                        {"thumbnailPhoto", {test_jpeg(96, 96)}}}));
        PhotoQuery me;
        me.kind = IdentityKind::RemoteUser;
        me.value = "EXAMPLE\\carol";
        CPPUNIT_ASSERT(service_->get_photo(me, Logger()).status == PhotoStatus::Ok);
        me.value = "EXAMPLE\\nobody";
        CPPUNIT_ASSERT(service_->get_photo(me, Logger()).status == PhotoStatus::NoSuchPerson);
    }

    void testChangeMarkerProbe() {
        const int finds = directory_->finds;
        MarkerProbe probe = service_->probe_marker(by_mail("alice@example.test"), Logger());
        CPPUNIT_ASSERT(probe.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(std::string("uid=alice,dc=test"), probe.dn);
        CPPUNIT_ASSERT_EQUAL(std::string("20261201000000Z#1"), probe.change_marker);
        CPPUNIT_ASSERT_EQUAL(finds + 1, directory_->finds.load());
        CPPUNIT_ASSERT(service_->probe_marker(by_mail("nobody@example.test"), Logger()).status ==
                       PhotoStatus::NoSuchPerson);
    }

    // What onOffice records carry: the stored bytes themselves, any shape, same ETag as every size.
    void testAsStoredFitsIsTheStoredPhoto() {
        PhotoResult result = service_->get_photo(as_stored("alice@example.test"), Logger());
        CPPUNIT_ASSERT(result.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(result.jpeg == test_jpeg(300, 200));
        CPPUNIT_ASSERT_EQUAL(300, result.edge);
        CPPUNIT_ASSERT_EQUAL(service_->get_photo(by_mail("alice@example.test"), Logger()).etag, result.etag);
        // Over the cap: a square of the cap, not the stored photo.
        result = service_->get_photo(as_stored("alice@example.test", 180), Logger());
        image::ProbeResult probe = image::probe_jpeg(result.jpeg, image::Limits());
        CPPUNIT_ASSERT_EQUAL(180, probe.width);
        CPPUNIT_ASSERT_EQUAL(180, probe.height);
    }

    void testAsStoredLargerIsASquareOfTheCap() {
        directory_->put(make_entry("uid=big,dc=test", {{"mail", {"big@example.test"}}, {"jpegPhoto", {test_jpeg(900, 800)}}}));
        PhotoResult result = service_->get_photo(as_stored("big@example.test"), Logger());
        CPPUNIT_ASSERT(result.status == PhotoStatus::Ok);
        image::ProbeResult probe = image::probe_jpeg(result.jpeg, image::Limits());
        CPPUNIT_ASSERT_EQUAL(648, probe.width);
        CPPUNIT_ASSERT_EQUAL(648, probe.height);
        CPPUNIT_ASSERT_EQUAL(648, result.edge);
    }

    // The first usable photo in attribute order, where a square of the edge would take the larger.
    void testAsStoredTakesAttributeOrder() {
        directory_->put(make_entry("uid=two,dc=test", {{"mail", {"two@example.test"}},
                                                       {"thumbnailPhoto", {test_jpeg(96, 96, 40)}},
                                                       {"jpegPhoto", {test_jpeg(600, 600, 200)}}}));
        CPPUNIT_ASSERT(service_->get_photo(as_stored("two@example.test"), Logger()).jpeg == test_jpeg(96, 96, 40));
        PhotoResult square = service_->get_photo(by_mail("two@example.test", 240), Logger());
        CPPUNIT_ASSERT_EQUAL(240, image::probe_jpeg(square.jpeg, image::Limits()).width);
    }

    void testAsStoredInAnotherFormat() {
        PhotoQuery query = as_stored("alice@example.test");
        query.format = ImageFormat::Webp;
        PhotoResult result = service_->get_photo(query, Logger());
        CPPUNIT_ASSERT(result.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(has_signature(ImageFormat::Webp, result.jpeg));
        CPPUNIT_ASSERT_EQUAL(300, result.edge);  // the stored picture's own shape, not a square
    }

    // The linked entry's photo stands for a person without one, only when the query asks and a
    // linked-entry attribute is configured; the record then has no marker to be confirmed by.
    void testLinkedEntryStandsIn() {
        PhotoServiceSettings settings;
        settings.linked_entry_attribute = "seeAlso";
        auto service = std::make_shared<PhotoService>(settings, directory_);
        directory_->put(make_entry("uid=lena,dc=test", {{"mail", {"lena@example.test"}},
                                                        {"seeAlso", {"uid=alice,dc=test"}},
                                                        {"entryCSN", {"20261201000000Z#2"}}}));
        PhotoQuery query = as_stored("lena@example.test");
        CPPUNIT_ASSERT(service->get_photo(query, Logger()).status == PhotoStatus::NoPhoto);  // not asked
        CPPUNIT_ASSERT_EQUAL(0, directory_->reads.load());

        query.follow_linked_entry = true;
        PhotoResult lena = service->get_photo(query, Logger());
        CPPUNIT_ASSERT(lena.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(lena.jpeg == test_jpeg(300, 200));
        CPPUNIT_ASSERT_EQUAL(service->get_photo(by_mail("alice@example.test"), Logger()).etag, lena.etag);
        CPPUNIT_ASSERT_EQUAL(1, directory_->reads.load());
        ResolvedPerson resolved = service->resolve(query, Logger());
        CPPUNIT_ASSERT_EQUAL(std::string("uid=lena,dc=test"), resolved.dn);  // still lena's record
        CPPUNIT_ASSERT_EQUAL(std::string(""), resolved.change_marker);

        // A person with a photo of their own keeps it and costs no read.
        const int reads = directory_->reads;
        PhotoQuery alice = as_stored("alice@example.test");
        alice.follow_linked_entry = true;
        CPPUNIT_ASSERT(!service->resolve(alice, Logger()).change_marker.empty());
        CPPUNIT_ASSERT_EQUAL(reads, directory_->reads.load());

        // Without the attribute configured, or a link to nobody: no photo.
        CPPUNIT_ASSERT(service_->get_photo(query, Logger()).status == PhotoStatus::NoPhoto);
        directory_->put(make_entry("uid=lena,dc=test", {{"mail", {"lena@example.test"}},
                                                        {"seeAlso", {"uid=gone,dc=test"}}}));
        CPPUNIT_ASSERT(service->get_photo(query, Logger()).status == PhotoStatus::NoPhoto);
    }

    // onOffice identifies people by a number attribute: found as stored, no photo, nobody, and two
    // entries with one number refused, not guessed.
    void testByNumberAttribute() {
        directory_->put(make_entry("uid=four,dc=test", {{"uidNumber", {"4"}}, {"thumbnailPhoto", {test_jpeg(96, 96, 80)}}}));
        directory_->put(make_entry("uid=three,dc=test", {{"uidNumber", {"3"}}}));
        auto by_number = [](const std::string& number) {
            PhotoQuery q;
            q.kind = IdentityKind::Attribute;
            q.attribute = "uidNumber";
            q.value = number;
            q.edge = 648;
            q.shape = PhotoShape::AsStored;
            return q;
        };
        PhotoResult four = service_->get_photo(by_number("4"), Logger());
        CPPUNIT_ASSERT(four.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(four.jpeg == test_jpeg(96, 96, 80));
        CPPUNIT_ASSERT(service_->get_photo(by_number("3"), Logger()).status == PhotoStatus::NoPhoto);
        CPPUNIT_ASSERT(service_->get_photo(by_number("99"), Logger()).status == PhotoStatus::NoSuchPerson);
        directory_->put(make_entry("uid=twin,dc=test", {{"uidNumber", {"4"}}}));
        CapturedLines log;
        PhotoResult twin = service_->get_photo(by_number("4"), log.logger());
        CPPUNIT_ASSERT(twin.status == PhotoStatus::NoSuchPerson);
        CPPUNIT_ASSERT(twin.jpeg.empty());
        CPPUNIT_ASSERT_EQUAL(1, log.count(LogLevel::Error, "uidNumber=4; refusing to guess"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PhotoServiceTest);
