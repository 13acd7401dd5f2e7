// PeopleService against the in-memory directory: lists sorted and paged at a fixed number of
// searches, bounded by max_matches, photos as stored or rendered down, the linked entry, and
// versions that are the photo service's ETags by construction.
#include <cppunit/extensions/HelperMacros.h>

#include <memory>

#include "fake_directory.h"
#include "image/photo_image.h"
#include "service/people_service.h"
#include "service/photo_service.h"

using namespace userphoto;
using namespace userphoto::testing;

class PeopleServiceTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PeopleServiceTest);
    CPPUNIT_TEST(testListIsSortedAndPaged);
    CPPUNIT_TEST(testListCostsAFixedNumberOfSearches);
    CPPUNIT_TEST(testListIsBoundedByMaxMatches);
    CPPUNIT_TEST(testVersionIsThePhotoEtag);
    CPPUNIT_TEST(testPhotoByNumber);
    CPPUNIT_TEST(testLargePhotoIsRenderedDown);
    CPPUNIT_TEST(testLinkedEntry);
    CPPUNIT_TEST(testUnavailable);
    CPPUNIT_TEST_SUITE_END();

    std::shared_ptr<FakeDirectory> directory_;
    PeopleServiceSettings settings_;

    std::shared_ptr<PeopleService> service() { return std::make_shared<PeopleService>(settings_, directory_); }

public:
    void setUp() override {
        directory_ = std::make_shared<FakeDirectory>();
        settings_ = PeopleServiceSettings();
        settings_.linked_entry_attribute = "seeAlso";
        // Numbers 1..6, names in the reverse order; even numbers have a photo.
        const char* names[] = {"Fay", "Eve", "Dan", "Cid", "Bob", "Ann"};
        for (int n = 1; n <= 6; ++n) {
            std::vector<std::pair<std::string, directory::Values>> attrs{
                {"uidNumber", {std::to_string(n)}}, {"cn", {names[n - 1]}}, {"mail", {"p" + std::to_string(n) + "@x"}}};
            if (n % 2 == 0) attrs.push_back({"thumbnailPhoto", {test_jpeg(96, 96, 20 * n)}});
            directory_->put(make_entry("uid=p" + std::to_string(n) + ",dc=test", attrs));
        }
        directory_->put(make_entry("cn=no number,dc=test", {{"cn", {"Zed"}}}));
    }

    void testListIsSortedAndPaged() {
        PeopleQuery query;
        query.sort_attribute = "cn";
        query.offset = 1;
        query.limit = 3;
        PeoplePage page = service()->list(query, Logger());
        CPPUNIT_ASSERT(page.status == PeopleStatus::Ok);
        CPPUNIT_ASSERT_EQUAL(size_t(6), page.total);  // the entry without a number is no person
        CPPUNIT_ASSERT_EQUAL(size_t(3), page.people.size());
        // Ann(6) Bob(5) Cid(4) Dan(3) ...: from the second on.
        CPPUNIT_ASSERT_EQUAL(int64_t(5), page.people[0].number);
        CPPUNIT_ASSERT_EQUAL(int64_t(4), page.people[1].number);
        CPPUNIT_ASSERT_EQUAL(int64_t(3), page.people[2].number);
        CPPUNIT_ASSERT(!page.people[0].has_photo && page.people[1].has_photo && !page.people[2].has_photo);
        CPPUNIT_ASSERT_EQUAL(test_jpeg(96, 96, 80), page.people[1].jpeg);  // fits: served as stored

        query.sort_attribute.clear();
        query.descending = true;
        query.offset = 0;
        query.limit = 2;
        page = service()->list(query, Logger());
        CPPUNIT_ASSERT_EQUAL(int64_t(6), page.people[0].number);
        CPPUNIT_ASSERT_EQUAL(int64_t(5), page.people[1].number);
    }

    void testListCostsAFixedNumberOfSearches() {
        PeopleQuery query;
        query.limit = 6;
        PeoplePage page = service()->list(query, Logger());
        CPPUNIT_ASSERT_EQUAL(size_t(6), page.people.size());
        // One search for the numbers, one for the page's photos: not one per person.
        CPPUNIT_ASSERT_EQUAL(2, page.directory_requests);
        CPPUNIT_ASSERT_EQUAL(2, directory_->searches.load());
        CPPUNIT_ASSERT_EQUAL(0, directory_->finds.load());

        // Small pages: the number search takes several round trips, all counted.
        settings_.page_size = 2;
        directory_->round_trips = 0;
        page = service()->list(query, Logger());
        CPPUNIT_ASSERT_EQUAL(directory_->round_trips.load(), page.directory_requests);
        CPPUNIT_ASSERT(page.directory_requests > 2);
    }

    void testListIsBoundedByMaxMatches() {
        settings_.max_matches = 5;
        PeoplePage page = service()->list(PeopleQuery(), Logger());
        CPPUNIT_ASSERT(page.status == PeopleStatus::TooMany);
        CPPUNIT_ASSERT(page.people.empty());
        CPPUNIT_ASSERT(page.message.find("more than 5") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(5, directory_->largest_search_request);  // never asked for more
        settings_.max_matches = 6;
        CPPUNIT_ASSERT(service()->list(PeopleQuery(), Logger()).status == PeopleStatus::Ok);
    }

    void testVersionIsThePhotoEtag() {
        PhotoServiceSettings photo_settings;
        photo_settings.photo_attributes = settings_.photo_attributes;
        PhotoService photos(photo_settings, directory_);
        PhotoQuery by_mail;
        by_mail.value = "p4@x";
        const std::string etag = photos.get_photo(by_mail, Logger()).etag;
        CPPUNIT_ASSERT(!etag.empty());
        PeopleQuery query;
        query.photo_bytes = false;  // links: versions only
        query.limit = 6;
        PeoplePage page = service()->list(query, Logger());
        CPPUNIT_ASSERT_EQUAL(int64_t(4), page.people[3].number);
        CPPUNIT_ASSERT_EQUAL(etag, page.people[3].version);
        CPPUNIT_ASSERT(page.people[3].jpeg.empty());
        CPPUNIT_ASSERT_EQUAL(etag, service()->photo_by_number(4, Logger()).photo.version);
    }

    void testPhotoByNumber() {
        PhotoByNumber four = service()->photo_by_number(4, Logger());
        CPPUNIT_ASSERT(four.status == PeopleStatus::Ok && four.found);
        CPPUNIT_ASSERT_EQUAL(test_jpeg(96, 96, 80), four.photo.jpeg);
        PhotoByNumber three = service()->photo_by_number(3, Logger());
        CPPUNIT_ASSERT(three.status == PeopleStatus::Ok && !three.found);
        CPPUNIT_ASSERT(!service()->photo_by_number(99, Logger()).found);
        directory_->put(make_entry("uid=twin,dc=test", {{"uidNumber", {"4"}}}));
        CapturedLines log;
        PhotoByNumber twin = service()->photo_by_number(4, log.logger());
        CPPUNIT_ASSERT(twin.status == PeopleStatus::Ok && !twin.found);
        CPPUNIT_ASSERT_EQUAL(1, log.count(LogLevel::Error, "uidNumber=4; refusing to guess"));
    }

    void testLargePhotoIsRenderedDown() {
        directory_->put(make_entry("uid=big,dc=test", {{"uidNumber", {"50"}}, {"jpegPhoto", {test_jpeg(900, 800)}}}));
        PhotoByNumber big = service()->photo_by_number(50, Logger());
        CPPUNIT_ASSERT(big.found);
        image::ProbeResult probe = image::probe_jpeg(big.photo.jpeg, image::Limits());
        CPPUNIT_ASSERT_EQUAL(kMaxListEdge, probe.width);
        CPPUNIT_ASSERT_EQUAL(kMaxListEdge, probe.height);
    }

    void testLinkedEntry() {
        directory_->put(make_entry("uid=p3,dc=test", {{"uidNumber", {"3"}}, {"seeAlso", {"uid=p4,dc=test"}}}));
        PhotoByNumber three = service()->photo_by_number(3, Logger());
        CPPUNIT_ASSERT(three.found);
        CPPUNIT_ASSERT_EQUAL(test_jpeg(96, 96, 80), three.photo.jpeg);
        CPPUNIT_ASSERT_EQUAL(service()->photo_by_number(4, Logger()).photo.version, three.photo.version);
        CPPUNIT_ASSERT_EQUAL(1, directory_->reads.load());
        settings_.linked_entry_attribute.clear();
        CPPUNIT_ASSERT(!service()->photo_by_number(3, Logger()).found);
    }

    void testUnavailable() {
        directory_->available = false;
        PeoplePage page = service()->list(PeopleQuery(), Logger());
        CPPUNIT_ASSERT(page.status == PeopleStatus::Unavailable);
        CPPUNIT_ASSERT_EQUAL(std::string("fake directory switched off"), page.message);
        PhotoByNumber one = service()->photo_by_number(2, Logger());
        CPPUNIT_ASSERT(one.status == PeopleStatus::Unavailable);
        CPPUNIT_ASSERT(!one.found);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PeopleServiceTest);
