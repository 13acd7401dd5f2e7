// Graph routes and object ids: every route form, the 400 cases, and GUIDs in both directory
// encodings (entryUUID text, AD objectGUID bytes in Microsoft's order).
#include <cppunit/extensions/HelperMacros.h>

#include "protocol/graph/guid.h"
#include "protocol/graph/routes.h"

using namespace userphoto::graph;

class GraphRoutesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(GraphRoutesTest);
    CPPUNIT_TEST(me_and_users_with_prefix_and_versions);
    CPPUNIT_TEST(photo_forms);
    CPPUNIT_TEST(segment_names_in_any_case);
    CPPUNIT_TEST(bad_paths_are_refused_with_a_reason);
    CPPUNIT_TEST(sizes);
    CPPUNIT_TEST(guid_parsing);
    CPPUNIT_TEST(guid_directory_values_and_display);
    CPPUNIT_TEST_SUITE_END();

    static Route ok(const std::string& path) {
        ParsedRoute parsed = parse_route(path);
        CPPUNIT_ASSERT_MESSAGE(path + ": " + parsed.error, parsed.route.has_value());
        return *parsed.route;
    }
    static std::string refused(const std::string& path) {
        ParsedRoute parsed = parse_route(path);
        CPPUNIT_ASSERT_MESSAGE(path, !parsed.route);
        CPPUNIT_ASSERT(!parsed.error.empty());
        return parsed.error;
    }

public:
    void me_and_users_with_prefix_and_versions() {
        Route r = ok("/graph/v1.0/me/photo");
        CPPUNIT_ASSERT_EQUAL(std::string("/graph"), r.prefix);
        CPPUNIT_ASSERT_EQUAL(std::string("v1.0"), r.version);
        CPPUNIT_ASSERT(r.me);
        CPPUNIT_ASSERT(r.resource == Resource::Photo);
        CPPUNIT_ASSERT_EQUAL(0, r.size);
        CPPUNIT_ASSERT(!r.value);
        r = ok("/beta/users/Adele@Example.test/photo/$value");
        CPPUNIT_ASSERT_EQUAL(std::string(""), r.prefix);
        CPPUNIT_ASSERT_EQUAL(std::string("beta"), r.version);
        CPPUNIT_ASSERT(!r.me);
        CPPUNIT_ASSERT_EQUAL(std::string("Adele@Example.test"), r.user);
        CPPUNIT_ASSERT(r.value);
        r = ok("/a/b/v1.0/users/0f3c6d1e-1111-4222-8333-444455556666/photos/");
        CPPUNIT_ASSERT_EQUAL(std::string("/a/b"), r.prefix);
        CPPUNIT_ASSERT(r.resource == Resource::Photos);
        // OData's key syntax, as Graph documents it for names beginning with '$'.
        r = ok("/g/v1.0/users('$adele@example.test')/photo/$value");
        CPPUNIT_ASSERT_EQUAL(std::string("$adele@example.test"), r.user);
        CPPUNIT_ASSERT(r.value);
        CPPUNIT_ASSERT_EQUAL(std::string("o'hara@example.test"), ok("/g/v1.0/Users('o''hara@example.test')/photos").user);
        CPPUNIT_ASSERT_EQUAL(std::string("0f3c6d1e-1111-4222-8333-444455556666"),
                             ok("/g/v1.0/users(0f3c6d1e-1111-4222-8333-444455556666)/photo").user);
        for (const char* bad : {"/g/v1.0/users()/photo", "/g/v1.0/users('')/photo", "/g/v1.0/users('a)/photo",
                                "/g/v1.0/users('a'b')/photo", "/g/v1.0/users(a'b)/photo", "/g/v1.0/users('a'/photo"})
            CPPUNIT_ASSERT_MESSAGE(bad, refused(bad).find("key") != std::string::npos);
    }

    void photo_forms() {
        Route r = ok("/g/v1.0/me/photos/240x240");
        CPPUNIT_ASSERT(r.resource == Resource::Photo);
        CPPUNIT_ASSERT_EQUAL(240, r.size);
        CPPUNIT_ASSERT(!r.value);
        r = ok("/g/v1.0/me/photos/48X48/$value");
        CPPUNIT_ASSERT_EQUAL(48, r.size);
        CPPUNIT_ASSERT(r.value);
        r = ok("/g/v1.0/me/photo/648x648/$value");  // the synonym without the s
        CPPUNIT_ASSERT(r.resource == Resource::Photo);
        CPPUNIT_ASSERT_EQUAL(648, r.size);
        CPPUNIT_ASSERT(r.value);
    }

    // Graph resolves its segment names case-insensitively (/Me/Photo/$Value is /me/photo/$value);
    // the user's id keeps its case.
    void segment_names_in_any_case() {
        Route r = ok("/g/v1.0/Me/Photo/$Value");
        CPPUNIT_ASSERT(r.me);
        CPPUNIT_ASSERT(r.resource == Resource::Photo);
        CPPUNIT_ASSERT(r.value);
        r = ok("/g/v1.0/USERS/Adele@Example.test/PHOTOS");
        CPPUNIT_ASSERT(!r.me);
        CPPUNIT_ASSERT_EQUAL(std::string("Adele@Example.test"), r.user);
        CPPUNIT_ASSERT(r.resource == Resource::Photos);
        r = ok("/g/v1.0/me/Photos/96X96/$VALUE");
        CPPUNIT_ASSERT_EQUAL(96, r.size);
        CPPUNIT_ASSERT(r.value);
        CPPUNIT_ASSERT(refused("/g/v1.0/me/PHOTOS/$value").find("collection") != std::string::npos);
    }

    void bad_paths_are_refused_with_a_reason() {
        CPPUNIT_ASSERT(refused("/g/v2.0/me/photo").find("version") != std::string::npos);
        CPPUNIT_ASSERT(refused("/g/v1.0/me/photos/$value").find("collection") != std::string::npos);
        CPPUNIT_ASSERT(refused("/g/v1.0/me/photos/100x100/$value").find("100x100") != std::string::npos);
        CPPUNIT_ASSERT(refused("/g/v1.0/me/photos/48x64").find("size") != std::string::npos);
        CPPUNIT_ASSERT(refused("/g/v1.0/me/photo/$value/more").find("'more'") != std::string::npos);
        CPPUNIT_ASSERT(refused("/g/v1.0/groups/x/photo").find("'groups'") != std::string::npos);
        CPPUNIT_ASSERT(refused("/g/v1.0/me/manager").find("'manager'") != std::string::npos);
        refused("/g/v1.0/me");
        refused("/g/v1.0/users");
        refused("/g/v1.0/users/x");
        refused("/g/v1.0");
        refused("/g/v1.0/me/photo/a/b/c/d/e/f/g");
        // Names in messages are cut.
        CPPUNIT_ASSERT(refused("/g/v1.0/me/" + std::string(5000, 'a')).size() < 200);
    }

    void sizes() {
        for (int s : kSizes) CPPUNIT_ASSERT_EQUAL(s, parse_size(size_id(s)).value_or(-1));
        CPPUNIT_ASSERT(!parse_size("0x0"));
        CPPUNIT_ASSERT(!parse_size("048x048"));
        CPPUNIT_ASSERT(!parse_size("x"));
        CPPUNIT_ASSERT(!parse_size("96"));
        CPPUNIT_ASSERT(!parse_size("1296x1296"));
        CPPUNIT_ASSERT(!parse_size("49x49"));
        CPPUNIT_ASSERT(!parse_size("40x41"));
        // Under 48: the id `photos` lists for a smaller photo.
        CPPUNIT_ASSERT_EQUAL(40, parse_size("40x40").value_or(-1));
        CPPUNIT_ASSERT_EQUAL(1, parse_size("1x1").value_or(-1));
        CPPUNIT_ASSERT(!parse_size("99999999999999999999x99999999999999999999"));
        CPPUNIT_ASSERT_EQUAL(std::string("120x120"), size_id(120));
    }

    void guid_parsing() {
        auto g = parse_guid("A5A5F5E2-0D4C-4C71-9F2B-6B8B2A4F3E10");
        CPPUNIT_ASSERT(g.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("a5a5f5e2-0d4c-4c71-9f2b-6b8b2a4f3e10"), guid_text(*g));
        CPPUNIT_ASSERT(!parse_guid("a5a5f5e2-0d4c-4c71-9f2b-6b8b2a4f3e1"));    // short
        CPPUNIT_ASSERT(!parse_guid("a5a5f5e2-0d4c-4c71-9f2b-6b8b2a4f3e100"));  // long
        CPPUNIT_ASSERT(!parse_guid("a5a5f5e20d4c-4c71-9f2b-6b8b2a4f3e10-"));   // hyphens misplaced
        CPPUNIT_ASSERT(!parse_guid("g5a5f5e2-0d4c-4c71-9f2b-6b8b2a4f3e10"));   // not hex
        CPPUNIT_ASSERT(!parse_guid("{a5a5f5e2-0d4c-4c71-9f2b-6b8b2a4f3e1}"));
        CPPUNIT_ASSERT(!parse_guid(""));
    }

    void guid_directory_values_and_display() {
        auto g = parse_guid("00112233-4455-6677-8899-aabbccddeeff");
        CPPUNIT_ASSERT_EQUAL(std::string("00112233-4455-6677-8899-aabbccddeeff"),
                             guid_directory_value(*g, GuidEncoding::Text));
        // objectGUID: Data1, Data2, Data3 little-endian, the last eight bytes as written.
        const std::string bytes = guid_directory_value(*g, GuidEncoding::Microsoft);
        const unsigned char expected[16] = {0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
                                            0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
        CPPUNIT_ASSERT_EQUAL(std::string(reinterpret_cast<const char*>(expected), 16), bytes);
        CPPUNIT_ASSERT_EQUAL(std::string("00112233-4455-6677-8899-aabbccddeeff"), display_id(bytes));
        CPPUNIT_ASSERT_EQUAL(std::string("00112233-4455-6677-8899-aabbccddeeff"),
                             display_id("00112233-4455-6677-8899-AABBCCDDEEFF"));
        CPPUNIT_ASSERT_EQUAL(std::string("005000000001001"), display_id("005000000001001"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GraphRoutesTest);
