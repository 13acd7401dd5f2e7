// PeopleService against the in-memory directory: lists sorted and paged at a fixed number of
// searches, bounded by max_matches, the linked entry's photo standing in, and versions that are the
// photo service's ETags by construction. (The photos themselves: PhotoServiceTest's AsStored tests.)
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
        query.limit = 6;
        PeoplePage page = service()->list(query, Logger());
        CPPUNIT_ASSERT_EQUAL(int64_t(4), page.people[3].number);
        CPPUNIT_ASSERT_EQUAL(etag, page.people[3].version);
        // The query an onOffice record's photo is fetched with: the same ETag, so seen_etag holds.
        PhotoQuery by_number;
        by_number.kind = IdentityKind::Attribute;
        by_number.attribute = "uidNumber";
        by_number.value = "4";
        by_number.edge = kMaxListEdge;
        by_number.shape = PhotoShape::AsStored;
        by_number.follow_linked_entry = true;
        CPPUNIT_ASSERT_EQUAL(etag, photos.get_photo(by_number, Logger()).etag);
    }

    // Number 3 has no photo but links to number 4: the list reports 4's photo and version for 3,
    // at one base read. The photo itself: PhotoServiceTest::testLinkedEntryStandsIn.
    void testLinkedEntry() {
        directory_->put(make_entry("uid=p3,dc=test", {{"uidNumber", {"3"}}, {"seeAlso", {"uid=p4,dc=test"}}}));
        PeopleQuery query;
        query.limit = 6;
        PeoplePage page = service()->list(query, Logger());
        const PersonPhoto& three = page.people[2];
        CPPUNIT_ASSERT_EQUAL(int64_t(3), three.number);
        CPPUNIT_ASSERT(three.has_photo);
        CPPUNIT_ASSERT_EQUAL(page.people[3].version, three.version);
        CPPUNIT_ASSERT_EQUAL(1, directory_->reads.load());
        CPPUNIT_ASSERT_EQUAL(3, page.directory_requests);
        settings_.linked_entry_attribute.clear();
        page = service()->list(query, Logger());
        CPPUNIT_ASSERT(!page.people[2].has_photo);
        CPPUNIT_ASSERT(page.people[2].version.empty());
    }

    void testUnavailable() {
        directory_->available = false;
        PeoplePage page = service()->list(PeopleQuery(), Logger());
        CPPUNIT_ASSERT(page.status == PeopleStatus::Unavailable);
        CPPUNIT_ASSERT_EQUAL(std::string("fake directory switched off"), page.message);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PeopleServiceTest);
