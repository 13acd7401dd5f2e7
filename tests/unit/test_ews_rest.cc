// The REST query: ?email=..&size=.. with the tolerances real clients need.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "protocol/ews/ews_rest_request.h"
#include "util/strings.h"

using namespace userphoto;
using namespace userphoto::ews;

class EwsRestTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EwsRestTest);
    CPPUNIT_TEST(everySizeIsCaseInsensitive);
    CPPUNIT_TEST(emailIsDecoded);
    CPPUNIT_TEST(missingEmailMeansTheCaller);
    CPPUNIT_TEST(missingSizeHasADefault);
    CPPUNIT_TEST(ampTypoIsTolerated);
    CPPUNIT_TEST(unknownParametersAreIgnored);
    CPPUNIT_TEST(unknownSizeIsAnError);
    CPPUNIT_TEST(badEmailIsAnError);
    CPPUNIT_TEST(errorTexts);
    CPPUNIT_TEST_SUITE_END();

public:
    void everySizeIsCaseInsensitive() {
        for (int edge : {48, 64, 96, 120, 240, 360, 432, 504, 648}) {
            const std::string n = std::to_string(edge);
            for (const std::string& code : {"HR" + n + "x" + n, "HR" + n + "X" + n, "hr" + n + "x" + n, "Hr" + n + "X" + n}) {
                RestParseResult r = parse_rest_photo_query("email=a%40b.example&size=" + code);
                CPPUNIT_ASSERT_MESSAGE(code, r.ok);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(code, edge, r.request.edge);
                CPPUNIT_ASSERT_EQUAL(code, r.request.size_code);
            }
        }
        CPPUNIT_ASSERT_EQUAL(648, parse_rest_photo_query("size=hr1920xn").request.edge);
    }

    void emailIsDecoded() {
        RestParseResult r = parse_rest_photo_query("email=alice%40corp.example&size=HR96x96");
        CPPUNIT_ASSERT(r.ok);
        CPPUNIT_ASSERT(!r.request.self);
        CPPUNIT_ASSERT_EQUAL(std::string("alice@corp.example"), r.request.email);
        CPPUNIT_ASSERT_EQUAL(std::string("bob@corp.example"), parse_rest_photo_query("email=bob@corp.example").request.email);
        // '+' is part of the address, not a space.
        CPPUNIT_ASSERT_EQUAL(std::string("carol+tag@corp.example"),
                             parse_rest_photo_query("email=carol+tag@corp.example").request.email);
        CPPUNIT_ASSERT_EQUAL(std::string("carol+tag@corp.example"),
                             parse_rest_photo_query("email=carol%2Btag%40corp.example").request.email);
        // Parameter names ignore case; the first occurrence wins.
        CPPUNIT_ASSERT_EQUAL(std::string("d@x.example"), parse_rest_photo_query("Email=d@x.example&EMAIL=e@x.example").request.email);
    }

    void missingEmailMeansTheCaller() {
        RestParseResult r = parse_rest_photo_query("size=HR240x240");
        CPPUNIT_ASSERT(r.ok);
        CPPUNIT_ASSERT(r.request.self);
        CPPUNIT_ASSERT(r.request.email.empty());
        CPPUNIT_ASSERT_EQUAL(240, r.request.edge);
        CPPUNIT_ASSERT(parse_rest_photo_query("").request.self);
    }

    void missingSizeHasADefault() {
        RestParseResult r = parse_rest_photo_query("email=a@b.example");
        CPPUNIT_ASSERT(r.ok);
        CPPUNIT_ASSERT_EQUAL(kRestDefaultEdge, r.request.edge);
        CPPUNIT_ASSERT(r.request.size_code.empty());
    }

    void ampTypoIsTolerated() {
        RestParseResult r = parse_rest_photo_query("email=a@b.example&amp;size=HR360x360");
        CPPUNIT_ASSERT(r.ok);
        CPPUNIT_ASSERT_EQUAL(360, r.request.edge);
        // The proper name wins over the typo wherever it stands.
        CPPUNIT_ASSERT_EQUAL(64, parse_rest_photo_query("amp;size=HR360x360&size=HR64x64").request.edge);
        CPPUNIT_ASSERT_EQUAL(std::string("f@x.example"), parse_rest_photo_query("size=HR48x48&amp;email=f@x.example").request.email);
    }

    void unknownParametersAreIgnored() {
        RestParseResult r = parse_rest_photo_query("UA=0&email=a@b.example&isPreview=true&&trace=1&size=HR504x504&flag");
        CPPUNIT_ASSERT(r.ok);
        CPPUNIT_ASSERT_EQUAL(504, r.request.edge);
        CPPUNIT_ASSERT_EQUAL(std::string("a@b.example"), r.request.email);
    }

    void unknownSizeIsAnError() {
        for (const char* query : {"email=a@b.example&size=HR50x50", "size=", "size=big", "size=HR48x48x", "amp;size=HR1x1",
                                  "size=HR1024x1024"}) {
            RestParseResult r = parse_rest_photo_query(query);
            CPPUNIT_ASSERT_MESSAGE(query, !r.ok);
            CPPUNIT_ASSERT_MESSAGE(query, r.error == RestQueryError::InvalidSize);
        }
    }

    void badEmailIsAnError() {
        for (const char* query : {"email=", "email=&size=HR48x48", "email=nobody", "email=a%20b@c.example", "email=a@b@c",
                                  "email=%3Ca@b.example%3E"}) {
            RestParseResult r = parse_rest_photo_query(query);
            CPPUNIT_ASSERT_MESSAGE(query, !r.ok);
            CPPUNIT_ASSERT_MESSAGE(query, r.error == RestQueryError::InvalidEmail);
        }
    }

    void errorTexts() {
        CPPUNIT_ASSERT_EQUAL(std::string("The requested size is invalid."), std::string(describe(RestQueryError::InvalidSize)));
        CPPUNIT_ASSERT_EQUAL(std::string("The SMTP address format is invalid."), std::string(describe(RestQueryError::InvalidEmail)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EwsRestTest);
