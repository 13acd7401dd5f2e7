// Photo selection across several stored photos, and the fingerprint shared by every size.
#include <cppunit/extensions/HelperMacros.h>

#include "service/photo_selection.h"

using namespace userphoto;

namespace {
StoredPhoto photo(const char* attribute, int w, int h) {
    StoredPhoto p;
    p.attribute = attribute;
    p.probe.width = p.probe.display_width = w;
    p.probe.height = p.probe.display_height = h;
    return p;
}
}  // namespace

class PhotoSelectionTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PhotoSelectionTest);
    CPPUNIT_TEST(smallest_sufficient_photo_wins);
    CPPUNIT_TEST(largest_when_none_is_large_enough);
    CPPUNIT_TEST(etag_covers_every_value);
    CPPUNIT_TEST_SUITE_END();

public:
    void smallest_sufficient_photo_wins() {
        std::vector<StoredPhoto> photos{photo("thumbnailPhoto", 96, 96), photo("jpegPhoto", 648, 648)};
        CPPUNIT_ASSERT_EQUAL(std::string("thumbnailPhoto"), rank_for_edge(photos, 96)[0]->attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("thumbnailPhoto"), rank_for_edge(photos, 48)[0]->attribute);
        // A 96 px thumbnail must not be upscaled to 120 when a 648 px photo exists.
        CPPUNIT_ASSERT_EQUAL(std::string("jpegPhoto"), rank_for_edge(photos, 120)[0]->attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("jpegPhoto"), rank_for_edge(photos, 648)[0]->attribute);
        CPPUNIT_ASSERT_EQUAL(size_t(2), rank_for_edge(photos, 648).size());
    }

    void largest_when_none_is_large_enough() {
        std::vector<StoredPhoto> photos{photo("a", 64, 64), photo("b", 300, 200), photo("c", 120, 500)};
        auto ranked = rank_for_edge(photos, 648);
        CPPUNIT_ASSERT_EQUAL(std::string("b"), ranked[0]->attribute);  // square edge 200
        CPPUNIT_ASSERT_EQUAL(std::string("c"), ranked[1]->attribute);  // square edge 120
        CPPUNIT_ASSERT_EQUAL(std::string("a"), ranked[2]->attribute);
    }

    void etag_covers_every_value() {
        std::string base = photo_etag({"AAAA", "BBBB"});
        CPPUNIT_ASSERT_EQUAL(size_t(8), base.size());
        CPPUNIT_ASSERT_EQUAL(base, photo_etag({"AAAA", "BBBB"}));
        CPPUNIT_ASSERT(base != photo_etag({"AAAA", "BBBC"}));
        CPPUNIT_ASSERT(base != photo_etag({"AAAAB", "BBB"}));
        CPPUNIT_ASSERT(base != photo_etag({"AAAA"}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PhotoSelectionTest);
