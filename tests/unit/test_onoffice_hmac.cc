// onOffice signatures: the v2 and v1 vectors (tests/unit/data/onoffice/hmac-vectors.json), the raw
// parameters text the v1 scheme covers, and the photo-link signatures.
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "protocol/onoffice/hmac.h"
#include "protocol/onoffice/photo_link.h"
#include "protocol/onoffice/request_body.h"

using namespace userphoto::onoffice;
using nlohmann::json;

namespace {

json vectors() {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/onoffice/hmac-vectors.json");
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

std::string s(const json& j, const char* key) {
    const json& v = j.at(key);
    return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

class OnOfficeHmacTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OnOfficeHmacTest);
    CPPUNIT_TEST(v2_vectors);
    CPPUNIT_TEST(v1_vectors);
    CPPUNIT_TEST(v1_depends_on_every_field);
    CPPUNIT_TEST(constant_time_equal_compares);
    CPPUNIT_TEST(raw_parameters_are_found_as_sent);
    CPPUNIT_TEST(raw_parameters_of_unexpected_shapes);
    CPPUNIT_TEST(raw_parameters_follow_the_parser);
    CPPUNIT_TEST(links_verify_and_resist_forgery);
    CPPUNIT_TEST(link_expiry_is_stable_and_late_enough);
    CPPUNIT_TEST_SUITE_END();

public:
    void v2_vectors() {
        const json v = vectors();
        CPPUNIT_ASSERT(v.at("v2").size() >= 3);
        for (const json& t : v.at("v2")) {
            CPPUNIT_ASSERT_EQUAL(s(t, "hmac"), hmac_v2(s(t, "secret"), s(t, "timestamp"), s(t, "token"),
                                                      s(t, "resourcetype"), s(t, "actionid")));
            CPPUNIT_ASSERT(hmac_v2(s(t, "secret") + "x", s(t, "timestamp"), s(t, "token"), s(t, "resourcetype"),
                                   s(t, "actionid")) != s(t, "hmac"));
        }
    }

    void v1_vectors() {
        const json v = vectors();
        CPPUNIT_ASSERT(!v.at("v1").empty());
        for (const json& t : v.at("v1")) {
            const std::string raw = s(t, "parameters_raw"), token = s(t, "token"), actionid = s(t, "actionid"),
                              identifier = s(t, "identifier"), resourceid = s(t, "resourceid"),
                              ts = s(t, "timestamp"), type = s(t, "resourcetype");
            V1Fields f{raw, token, actionid, identifier, resourceid, ts, type};
            CPPUNIT_ASSERT_EQUAL(s(t, "hmac"), hmac_v1(s(t, "secret"), f));
        }
    }

    void v1_depends_on_every_field() {
        const json t = vectors().at("v1").at(0);
        const std::string raw = s(t, "parameters_raw"), token = s(t, "token"), actionid = s(t, "actionid"),
                          identifier = s(t, "identifier"), resourceid = s(t, "resourceid"), ts = s(t, "timestamp"),
                          type = s(t, "resourcetype"), secret = s(t, "secret");
        const std::string good = hmac_v1(secret, V1Fields{raw, token, actionid, identifier, resourceid, ts, type});
        CPPUNIT_ASSERT(good != hmac_v1(secret, V1Fields{"{\"photosAsLinks\":false}", token, actionid, identifier, resourceid, ts, type}));
        CPPUNIT_ASSERT(good != hmac_v1(secret, V1Fields{raw, token, actionid, identifier, "22", ts, type}));
        CPPUNIT_ASSERT(good != hmac_v1(secret, V1Fields{raw, token, actionid, "x", resourceid, ts, type}));
        CPPUNIT_ASSERT(good != hmac_v1(secret, V1Fields{raw, token, actionid, identifier, resourceid, ts + "1", type}));
        CPPUNIT_ASSERT(good != hmac_v1(secret + "1", V1Fields{raw, token, actionid, identifier, resourceid, ts, type}));
    }

    void constant_time_equal_compares() {
        CPPUNIT_ASSERT(constant_time_equal("abc", "abc"));
        CPPUNIT_ASSERT(!constant_time_equal("abc", "abd"));
        CPPUNIT_ASSERT(!constant_time_equal("abc", "abcd"));
        CPPUNIT_ASSERT(constant_time_equal("", ""));
    }

    // The spans of the same parse that builds the document the handler runs.
    static std::vector<std::optional<std::string_view>> raw_action_parameters(std::string_view body) {
        return parse_request_body(body).parameters;
    }

    void raw_parameters_are_found_as_sent() {
        const std::string body =
            "{\"token\":\"t\",\"request\":{\"actions\":[{\"actionid\":\"a\",\"parameters\":{\"b\":\"x\\/y\",\"a\":[1, 2]},"
            "\"timestamp\":1},{\"parameters\": [] ,\"x\":{\"parameters\":5}},{\"actionid\":\"no params\"}]}}";
        auto raw = raw_action_parameters(body);
        CPPUNIT_ASSERT_EQUAL(size_t(3), raw.size());
        CPPUNIT_ASSERT(raw[0].has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("{\"b\":\"x\\/y\",\"a\":[1, 2]}"), std::string(*raw[0]));
        CPPUNIT_ASSERT_EQUAL(std::string("[]"), std::string(*raw[1]));
        CPPUNIT_ASSERT(!raw[2].has_value());
        // "request" after "token" or before: order does not matter; a key inside a string is no key.
        auto raw2 = raw_action_parameters(
            "{\"request\":{\"x\":\"\\\"actions\\\"\",\"actions\":[{\"parameters\":{\"k\":\"}]\"}}]},\"token\":\"t\"}");
        CPPUNIT_ASSERT_EQUAL(size_t(1), raw2.size());
        CPPUNIT_ASSERT_EQUAL(std::string("{\"k\":\"}]\"}"), std::string(*raw2[0]));
    }

    void raw_parameters_of_unexpected_shapes() {
        CPPUNIT_ASSERT(raw_action_parameters("").empty());
        CPPUNIT_ASSERT(raw_action_parameters("[1,2]").empty());
        CPPUNIT_ASSERT(raw_action_parameters("{\"request\":{\"actions\":[").empty());
        auto raw = raw_action_parameters("{\"request\":{\"actions\":[5,{\"parameters\":null}]}}");
        CPPUNIT_ASSERT_EQUAL(size_t(2), raw.size());
        CPPUNIT_ASSERT(!raw[0].has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("null"), std::string(*raw[1]));
        std::string deep(2000, '[');
        CPPUNIT_ASSERT(raw_action_parameters("{\"request\":{\"actions\":[{\"parameters\":" + deep + "}]}}").empty());
    }

    void raw_parameters_follow_the_parser() {
        // A UTF-8 BOM before the document: the parser skips it, and the spans still point at the text.
        const std::string bom = "\xEF\xBB\xBF{\"request\":{\"actions\":[{\"parameters\":{\"listlimit\":7}}]}}";
        auto raw = raw_action_parameters(bom);
        CPPUNIT_ASSERT_EQUAL(size_t(1), raw.size());
        CPPUNIT_ASSERT(raw[0].has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("{\"listlimit\":7}"), std::string(*raw[0]));
        // Escaped key names are the same keys to the parser, so they are to the spans.
        const std::string escaped =
            "{\"r\\u0065quest\":{\"actions\":[{\"param\\u0065ters\":{\"listlimit\":7},\"timestamp\":1}]}}";
        raw = raw_action_parameters(escaped);
        CPPUNIT_ASSERT_EQUAL(size_t(1), raw.size());
        CPPUNIT_ASSERT(raw[0].has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("{\"listlimit\":7}"), std::string(*raw[0]));
        // A repeated key: the last value, the one the document keeps.
        const std::string twice =
            "{\"request\":{\"actions\":[{\"parameters\":[],\"parameters\":{\"a\":1}}],"
            "\"actions\":[{\"parameters\":{\"b\":2}},{\"parameters\" : null }]}}";
        raw = raw_action_parameters(twice);
        CPPUNIT_ASSERT_EQUAL(size_t(2), raw.size());
        CPPUNIT_ASSERT_EQUAL(std::string("{\"b\":2}"), std::string(*raw[0]));
        CPPUNIT_ASSERT_EQUAL(std::string("null"), std::string(*raw[1]));
        // Strings and numbers have no span (they are not valid parameters anyway).
        raw = raw_action_parameters("{\"request\":{\"actions\":[{\"parameters\":\"x\"},{\"parameters\":12},{\"parameters\":true}]}}");
        CPPUNIT_ASSERT_EQUAL(size_t(3), raw.size());
        CPPUNIT_ASSERT(!raw[0] && !raw[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("true"), std::string(*raw[2]));
    }

    void links_verify_and_resist_forgery() {
        PhotoLink link{1017, "0A1B2C3D", 1900000000};
        const std::string path = link_path(link, "secret-1");
        CPPUNIT_ASSERT(path.starts_with("photo/1017/0A1B2C3D/1900000000/"));
        auto ok = verify_link(path.substr(6), "secret-1");
        CPPUNIT_ASSERT(ok.has_value());
        CPPUNIT_ASSERT_EQUAL(int64_t(1017), ok->number);
        CPPUNIT_ASSERT_EQUAL(std::string("0A1B2C3D"), ok->version);
        CPPUNIT_ASSERT_EQUAL(int64_t(1900000000), ok->expires);
        CPPUNIT_ASSERT(!verify_link(path.substr(6), "secret-2"));  // another server's secret
        std::string other = link_path(PhotoLink{1018, "0A1B2C3D", 1900000000}, "secret-1");
        const std::string sig = path.substr(path.rfind('/') + 1);
        CPPUNIT_ASSERT(!verify_link("1018/0A1B2C3D/1900000000/" + sig, "secret-1"));  // another person
        CPPUNIT_ASSERT(!verify_link("1017/0A1B2C3D/1900000001/" + sig, "secret-1"));  // extended expiry
        CPPUNIT_ASSERT(!verify_link("1017/0A1B2C3E/1900000000/" + sig, "secret-1"));  // another version
        CPPUNIT_ASSERT(!verify_link("1017/0A1B2C3D/1900000000", "secret-1"));
        CPPUNIT_ASSERT(!verify_link("", "secret-1"));
        CPPUNIT_ASSERT(!verify_link("a/b/c/d.jpg", "secret-1"));
        CPPUNIT_ASSERT(other != path);
    }

    void link_expiry_is_stable_and_late_enough() {
        const int64_t day = 86400;
        for (std::time_t now : {std::time_t(1700000000), std::time_t(1700000001), std::time_t(1700021599)}) {
            int64_t e = link_expiry(now, day);
            CPPUNIT_ASSERT(e >= now + day);
            CPPUNIT_ASSERT(e < now + day + day / 4 + 1);
        }
        CPPUNIT_ASSERT_EQUAL(link_expiry(1700000001, day), link_expiry(1700000002, day));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OnOfficeHmacTest);
