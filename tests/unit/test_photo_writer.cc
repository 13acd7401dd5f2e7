// PhotoWriter against the in-memory directory: its lookup is the photo service's (same person,
// fingerprint = ETag by construction), uploads and deletes in one modify seen by the next read,
// the change hook, and every failure mapped without touching the directory twice.
#include <cppunit/extensions/HelperMacros.h>

#include <memory>

#include "fake_directory.h"
#include "image/photo_image.h"
#include "service/photo_service.h"
#include "service/photo_writer.h"
#include "util/numbers.h"

using namespace userphoto;
using namespace userphoto::testing;

namespace {

const std::string kAlice = "uid=alice,dc=test";

uint32_t etag_number(const std::string& etag) { return parse_integer<uint32_t>(etag, 16).value_or(0); }

}  // namespace

class PhotoWriterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PhotoWriterTest);
    CPPUNIT_TEST(testFingerprintIsTheServiceEtag);
    CPPUNIT_TEST(testLookupAnswers);
    CPPUNIT_TEST(testUploadIsReadBack);
    CPPUNIT_TEST(testRemoveIsReadBack);
    CPPUNIT_TEST(testBadPictureNeverReachesTheDirectory);
    CPPUNIT_TEST(testWriteFailures);
    CPPUNIT_TEST_SUITE_END();

    std::shared_ptr<FakeDirectory> directory_;
    std::shared_ptr<PhotoService> service_;
    std::shared_ptr<PhotoWriter> writer_;
    std::vector<std::string> changed_;

public:
    void setUp() override {
        directory_ = std::make_shared<FakeDirectory>();
        directory_->put(make_entry(kAlice, {{"mail", {"alice@example.test"}},
                                            {"employeeNumber", {"E-17"}},
                                            {"thumbnailPhoto", {test_jpeg(96, 96)}},
                                            {"jpegPhoto", {test_jpeg(400, 300), "corrupt"}}}));
        PhotoWriterSettings settings;
        service_ = std::make_shared<PhotoService>(settings.service, directory_);
        changed_.clear();
        writer_ = std::make_shared<PhotoWriter>(settings, directory_,
                                                [this](const std::string& dn) { changed_.push_back(dn); });
    }

    void testFingerprintIsTheServiceEtag() {
        PersonPhotoInfo info = writer_->lookup(by_mail("alice@example.test"), Logger());
        CPPUNIT_ASSERT(info.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(kAlice, info.dn);
        CPPUNIT_ASSERT_EQUAL(std::string("E-17"), info.profile_id);
        CPPUNIT_ASSERT_EQUAL(300, info.largest_edge);  // the corrupt value is skipped, yet fingerprinted
        const std::string etag = service_->get_photo(by_mail("alice@example.test"), Logger()).etag;
        CPPUNIT_ASSERT(info.fingerprint != 0);
        CPPUNIT_ASSERT_EQUAL(etag_number(etag), info.fingerprint);
    }

    void testLookupAnswers() {
        CPPUNIT_ASSERT(writer_->lookup(by_mail("nobody@example.test"), Logger()).status == PhotoStatus::NoSuchPerson);
        CPPUNIT_ASSERT(writer_->lookup(by_mail(""), Logger()).status == PhotoStatus::InvalidIdentity);
        directory_->put(make_entry("uid=bob,dc=test", {{"mail", {"bob@example.test"}}}));
        PersonPhotoInfo bob = writer_->lookup(by_mail("bob@example.test"), Logger());
        CPPUNIT_ASSERT(bob.status == PhotoStatus::NoPhoto);
        CPPUNIT_ASSERT_EQUAL(0u, bob.fingerprint);
        directory_->put(make_entry("uid=bob2,dc=test", {{"mail", {"bob@example.test"}}}));
        CapturedLines log;
        CPPUNIT_ASSERT(writer_->lookup(by_mail("bob@example.test"), log.logger()).status == PhotoStatus::NoSuchPerson);
        CPPUNIT_ASSERT_EQUAL(1, log.count(LogLevel::Error, "refusing to guess"));
        directory_->available = false;
        CPPUNIT_ASSERT(writer_->lookup(by_mail("alice@example.test"), Logger()).status == PhotoStatus::Unavailable);
    }

    void testUploadIsReadBack() {
        const std::string before = service_->get_photo(by_mail("alice@example.test"), Logger()).etag;
        WriteResult written = writer_->upload(kAlice, test_jpeg(900, 700, 40), std::nullopt, Logger());
        CPPUNIT_ASSERT_EQUAL(std::string(), written.message);
        CPPUNIT_ASSERT(written.status == WriteStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(1, directory_->modifies.load());  // both renditions in one modify
        CPPUNIT_ASSERT(changed_ == std::vector<std::string>{kAlice});

        directory::Entry stored = directory_->entry(kAlice);
        image::ProbeResult large = image::probe_jpeg(stored.first("jpegPhoto"), image::Limits());
        image::ProbeResult thumb = image::probe_jpeg(stored.first("thumbnailPhoto"), image::Limits());
        CPPUNIT_ASSERT_EQUAL(648, large.width);
        CPPUNIT_ASSERT_EQUAL(648, large.height);
        CPPUNIT_ASSERT_EQUAL(96, thumb.width);
        CPPUNIT_ASSERT_EQUAL(1, static_cast<int>(stored.get("jpegPhoto")->size()));  // the corrupt value is gone

        PhotoResult read = service_->get_photo(by_mail("alice@example.test"), Logger());
        CPPUNIT_ASSERT(read.status == PhotoStatus::Ok);
        CPPUNIT_ASSERT(read.etag != before);
        PersonPhotoInfo info = writer_->lookup(by_mail("alice@example.test"), Logger());
        CPPUNIT_ASSERT_EQUAL(etag_number(read.etag), info.fingerprint);
        CPPUNIT_ASSERT_EQUAL(648, info.largest_edge);
    }

    void testRemoveIsReadBack() {
        CPPUNIT_ASSERT(writer_->remove(kAlice, Logger()).status == WriteStatus::Ok);
        CPPUNIT_ASSERT(changed_ == std::vector<std::string>{kAlice});
        CPPUNIT_ASSERT(service_->get_photo(by_mail("alice@example.test"), Logger()).status == PhotoStatus::NoPhoto);
        CPPUNIT_ASSERT(writer_->lookup(by_mail("alice@example.test"), Logger()).status == PhotoStatus::NoPhoto);
    }

    void testBadPictureNeverReachesTheDirectory() {
        CPPUNIT_ASSERT(writer_->upload(kAlice, "not a picture", std::nullopt, Logger()).status == WriteStatus::NotAnImage);
        PhotoCrop outside{500, 0, 200};
        CPPUNIT_ASSERT(writer_->upload(kAlice, test_jpeg(400, 300), outside, Logger()).status == WriteStatus::BadCrop);
        CPPUNIT_ASSERT_EQUAL(0, directory_->modifies.load());
        CPPUNIT_ASSERT(changed_.empty());
    }

    void testWriteFailures() {
        CapturedLines log;
        directory_->modify_answer = directory::Status::InvalidInput;
        CPPUNIT_ASSERT(writer_->remove(kAlice, log.logger()).status == WriteStatus::Refused);
        directory_->modify_answer = directory::Status::Unavailable;
        CPPUNIT_ASSERT(writer_->remove(kAlice, log.logger()).status == WriteStatus::Unavailable);
        directory_->modify_answer = directory::Status::Found;
        CPPUNIT_ASSERT(writer_->remove("uid=gone,dc=test", log.logger()).status == WriteStatus::NoSuchPerson);
        CPPUNIT_ASSERT(changed_.empty());  // nothing changed: no cache is told
        CPPUNIT_ASSERT_EQUAL(3, log.count(LogLevel::Error, "photo write failed"));
        CPPUNIT_ASSERT(directory_->entry(kAlice).get("jpegPhoto") != nullptr);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PhotoWriterTest);
