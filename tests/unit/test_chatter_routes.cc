// Salesforce Connect codec pieces: ids, routes, Photo rendering, signed links, Photo Input.
#include <cppunit/extensions/HelperMacros.h>

#include <nlohmann/json.hpp>

#include "protocol/chatter/oauth_scheme.h"
#include "protocol/chatter/photo_input.h"
#include "protocol/chatter/photo_json.h"
#include "protocol/chatter/routes.h"
#include "protocol/chatter/salesforce_id.h"
#include "service/link_signer.h"

using namespace userphoto;
using namespace userphoto::chatter;

class ChatterRoutesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ChatterRoutesTest);
    CPPUNIT_TEST(id_checksum_matches_known_ids);
    CPPUNIT_TEST(user_ids_are_validated);
    CPPUNIT_TEST(photo_version_ids_are_18_characters);
    CPPUNIT_TEST(photo_routes_with_any_version_and_prefix);
    CPPUNIT_TEST(community_and_legacy_routes);
    CPPUNIT_TEST(file_routes);
    CPPUNIT_TEST(unknown_routes);
    CPPUNIT_TEST(photo_json_has_seven_properties);
    CPPUNIT_TEST(photo_json_without_photo);
    CPPUNIT_TEST(signed_links_verify_and_expire);
    CPPUNIT_TEST(email_links_are_stable_for_a_day);
    CPPUNIT_TEST(photo_input_from_json);
    CPPUNIT_TEST(photo_input_errors);
    CPPUNIT_TEST(photo_input_from_query);
    CPPUNIT_TEST(oauth_scheme_is_read_as_bearer);
    CPPUNIT_TEST_SUITE_END();

public:
    void oauth_scheme_is_read_as_bearer() {
        // Salesforce's access tokens ("<org id>!<secret>") and JWTs, in any case of the scheme.
        const std::string sf = "00D5g000004bOqK!AQ8AQMhxX3.y_kRWZtcF8Rf5Ikdl.Yh9kxV6XVbJ3qzE0Y";
        CPPUNIT_ASSERT_EQUAL("Bearer " + sf, bearer_from_oauth_scheme("OAuth " + sf).value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("Bearer a.b.c"), bearer_from_oauth_scheme("oauth  a.b.c ").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("Bearer QUJD=="), bearer_from_oauth_scheme("OAUTH QUJD==").value_or(""));
        // Not this scheme, no token, or OAuth 1.0's parameters: left as they are.
        for (const char* other : {"Bearer a.b.c", "Basic Ym9iOnB3", "OAuth", "OAuth ", "OAuthx a.b.c",
                                  "OAuth realm=\"Example\", oauth_consumer_key=\"k\"", "OAuth oauth_token=abc",
                                  "OAuth a b", "OAuth a,b", "OAuth \"abc\"", "OAuth a\x01b"})
            CPPUNIT_ASSERT_MESSAGE(other, !bearer_from_oauth_scheme(other));
    }

    void id_checksum_matches_known_ids() {
        // Published examples of 15 → 18 conversion.
        CPPUNIT_ASSERT_EQUAL(std::string("001A0000006Vm9rIAC"), to_id18("001A0000006Vm9r"));
        CPPUNIT_ASSERT_EQUAL(std::string("AAA"), id_checksum("000000000000000"));
        CPPUNIT_ASSERT_EQUAL(std::string("555"), id_checksum("ZZZZZZZZZZZZZZZ"));
        CPPUNIT_ASSERT_EQUAL(std::string("BAA"), id_checksum("A00000000000000"));
        CPPUNIT_ASSERT_EQUAL(std::string("005000000001001AAA"), to_id18("005000000001001"));
    }

    void user_ids_are_validated() {
        CPPUNIT_ASSERT_EQUAL(std::string("005000000001001"), parse_user_id("005000000001001").value_or("?"));
        CPPUNIT_ASSERT_EQUAL(std::string("005000000001001"), parse_user_id("005000000001001AAA").value_or("?"));
        CPPUNIT_ASSERT_EQUAL(std::string("005000000001001"), parse_user_id("005000000001001aaa").value_or("?"));
        CPPUNIT_ASSERT(!parse_user_id("005000000001001AAB"));  // wrong checksum
        CPPUNIT_ASSERT(!parse_user_id("001000000001001"));     // not a user
        CPPUNIT_ASSERT(!parse_user_id("00500000000100"));      // 14
        CPPUNIT_ASSERT(!parse_user_id("0050000000010011"));    // 16
        CPPUNIT_ASSERT(!parse_user_id("00500000000100*"));
        CPPUNIT_ASSERT(!parse_user_id(""));
    }

    void photo_version_ids_are_18_characters() {
        const std::string a = photo_version_id(0x1234ABCD);
        const std::string b = photo_version_id(0x1234ABCE);
        CPPUNIT_ASSERT_EQUAL(size_t(18), a.size());
        CPPUNIT_ASSERT_EQUAL(std::string("729"), a.substr(0, 3));
        CPPUNIT_ASSERT(a != b);
        CPPUNIT_ASSERT_EQUAL(a, photo_version_id(0x1234ABCD));
        CPPUNIT_ASSERT_EQUAL(id_checksum(a.substr(0, 15)), a.substr(15));
        CPPUNIT_ASSERT_EQUAL(size_t(18), photo_version_id(~0ULL).size());
    }

    void photo_routes_with_any_version_and_prefix() {
        auto r = parse_route("/services/data/v50.0/connect/user-profiles/005000000001001/photo");
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT(r->kind == RouteKind::Photo);
        CPPUNIT_ASSERT_EQUAL(std::string("/services/data"), r->prefix);
        CPPUNIT_ASSERT_EQUAL(std::string("v50.0"), r->api_version);
        CPPUNIT_ASSERT_EQUAL(std::string("005000000001001"), r->user);
        CPPUNIT_ASSERT(!r->legacy);
        r = parse_route("/v61.0/connect/user-profiles/me/photo/");
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT_EQUAL(std::string(""), r->prefix);
        CPPUNIT_ASSERT_EQUAL(std::string("me"), r->user);
        // A version-like segment inside the prefix does not confuse the match.
        r = parse_route("/v1/api/v23/connect/user-profiles/me/photo");
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/api"), r->prefix);
        CPPUNIT_ASSERT_EQUAL(std::string("v23"), r->api_version);
        CPPUNIT_ASSERT_EQUAL(std::string("/v1/api/v23/connect/user-profiles/005X/photo"), photo_path(*r, "005X"));
    }

    void community_and_legacy_routes() {
        auto r = parse_route("/sd/v50.0/connect/communities/0DB000000000001/user-profiles/me/photo");
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT_EQUAL(std::string("0DB000000000001"), r->community);
        CPPUNIT_ASSERT_EQUAL(std::string("/sd/v50.0/connect/communities/0DB000000000001/user-profiles/X/photo"),
                             photo_path(*r, "X"));
        // A community id that is no Salesforce id is no route (it would be echoed into URLs).
        CPPUNIT_ASSERT(!parse_route("/sd/v50.0/connect/communities/*)(uid=*)(a=bcdefg/user-profiles/me/photo"));
        CPPUNIT_ASSERT(!parse_route("/sd/v50.0/connect/communities/0DB00000000000/user-profiles/me/photo"));
        CPPUNIT_ASSERT(parse_route("/sd/v50.0/connect/communities/0DB000000000001AAA/user-profiles/me/photo"));
        // "internal" is the default community's documented shortcut; other record ids are no community.
        r = parse_route("/sd/v50.0/connect/communities/internal/user-profiles/me/photo");
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT_EQUAL(std::string("/sd/v50.0/connect/communities/internal/user-profiles/X/photo"), photo_path(*r, "X"));
        CPPUNIT_ASSERT(!parse_route("/sd/v50.0/connect/communities/001000000000001/user-profiles/me/photo"));
        CPPUNIT_ASSERT(!parse_route("/sd/v50.0/connect/communities/INTERNAL/user-profiles/me/photo"));
        r = parse_route("/sd/v30.0/chatter/users/me/photo");
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT(r->legacy);
        CPPUNIT_ASSERT_EQUAL(std::string("/sd/v30.0/chatter/users/X/photo"), photo_path(*r, "X"));
    }

    void file_routes() {
        auto r = parse_route("/sd/userphoto-files/005000000001001AAA/729000000000001AAA/medium.jpg");
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT(r->kind == RouteKind::File);
        CPPUNIT_ASSERT(r->variant == Variant::Medium);
        CPPUNIT_ASSERT_EQUAL(160, variant_edge(r->variant));
        CPPUNIT_ASSERT_EQUAL(std::string("/sd"), r->prefix);
        CPPUNIT_ASSERT_EQUAL(std::string("729000000000001AAA"), r->version);
        CPPUNIT_ASSERT_EQUAL(std::string("/sd/userphoto-files/005000000001001AAA/729000000000001AAA/medium.jpg"),
                             file_path("/sd", r->user, r->version, r->variant, false));
        r = parse_route("/sd/userphoto-public/005000000001001AAA/default/large.jpg");
        CPPUNIT_ASSERT(r);
        CPPUNIT_ASSERT(r->kind == RouteKind::PublicFile);
        CPPUNIT_ASSERT_EQUAL(200, variant_edge(r->variant));
        r = parse_route("/sd/userphoto-public/unauthenticated");
        CPPUNIT_ASSERT(r && r->kind == RouteKind::Unauthenticated);
    }

    void unknown_routes() {
        CPPUNIT_ASSERT(!parse_route("/"));
        CPPUNIT_ASSERT(!parse_route("/sd/v50.0/connect/user-profiles/me"));
        CPPUNIT_ASSERT(!parse_route("/sd/v50.0/connect/user-profiles/me/photo/extra"));
        CPPUNIT_ASSERT(!parse_route("/sd/vX/connect/user-profiles/me/photo"));
        CPPUNIT_ASSERT(!parse_route("/sd/userphoto-files/a/b/huge.jpg"));
        CPPUNIT_ASSERT(!parse_route("/sd/userphoto-files/a/b"));
    }

    void photo_json_has_seven_properties() {
        LinkSigner signer("0123456789abcdef0123");
        auto route = parse_route("/sd/v50.0/connect/user-profiles/me/photo");
        PhotoDescription d;
        d.base_url = "https://h";
        d.user_id = "005000000001001AAA";
        d.version_id = photo_version_id(7);
        d.email_links_expire = 2000000000;
        auto doc = nlohmann::json::parse(render_photo(*route, d, signer));
        CPPUNIT_ASSERT_EQUAL(size_t(7), doc.size());
        CPPUNIT_ASSERT_EQUAL(*d.version_id, doc["photoVersionId"].get<std::string>());
        const std::string base = "https://h/sd/userphoto-files/005000000001001AAA/" + *d.version_id;
        CPPUNIT_ASSERT_EQUAL(base + "/small.jpg", doc["smallPhotoUrl"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(base + "/medium.jpg", doc["mediumPhotoUrl"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(base + "/large.jpg", doc["largePhotoUrl"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(std::string("/sd/v50.0/connect/user-profiles/005000000001001AAA/photo"),
                             doc["url"].get<std::string>());
        const std::string full = doc["fullEmailPhotoUrl"].get<std::string>();
        const std::string expected_sig =
            signer.sign("005000000001001AAA/" + *d.version_id + "/large.jpg", 2000000000);
        CPPUNIT_ASSERT_EQUAL("https://h/sd/userphoto-public/005000000001001AAA/" + *d.version_id +
                                 "/large.jpg?expires=2000000000&signature=" + expected_sig,
                             full);
        CPPUNIT_ASSERT(doc["standardEmailPhotoUrl"].get<std::string>().find("/small.jpg?expires=") != std::string::npos);
    }

    void photo_json_without_photo() {
        LinkSigner signer("0123456789abcdef0123");
        auto route = parse_route("/v50.0/connect/user-profiles/me/photo");
        PhotoDescription d;
        d.user_id = "005000000001001AAA";
        auto doc = nlohmann::json::parse(render_photo(*route, d, signer));
        CPPUNIT_ASSERT(doc["photoVersionId"].is_null());
        CPPUNIT_ASSERT_EQUAL(std::string("/userphoto-files/005000000001001AAA/default/small.jpg"),
                             doc["smallPhotoUrl"].get<std::string>());
    }

    void signed_links_verify_and_expire() {
        LinkSigner signer("a-secret-of-some-length");
        const std::string sig = signer.sign("p/q/small.jpg", 1000);
        CPPUNIT_ASSERT_EQUAL(size_t(43), sig.size());  // 32 bytes, base64url without padding
        CPPUNIT_ASSERT(signer.verify("p/q/small.jpg", 1000, sig, 999));
        CPPUNIT_ASSERT(signer.verify("p/q/small.jpg", 1000, sig, 1000));
        CPPUNIT_ASSERT(!signer.verify("p/q/small.jpg", 1000, sig, 1001));      // expired
        CPPUNIT_ASSERT(!signer.verify("p/q/large.jpg", 1000, sig, 999));       // other path
        CPPUNIT_ASSERT(!signer.verify("p/q/small.jpg", 1001, sig, 999));       // other expiry
        CPPUNIT_ASSERT(!LinkSigner("another-secret-value").verify("p/q/small.jpg", 1000, sig, 999));
        CPPUNIT_ASSERT(!signer.verify("p/q/small.jpg", 1000, "", 999));
        CPPUNIT_ASSERT(!LinkSigner("").verify("p/q/small.jpg", 1000, LinkSigner("").sign("p/q/small.jpg", 1000), 999));
        CPPUNIT_ASSERT_EQUAL(size_t(64), random_secret_hex(32).size());
        CPPUNIT_ASSERT(random_secret_hex(32) != random_secret_hex(32));
    }

    void email_links_are_stable_for_a_day() {
        const std::time_t day = 86400;
        CPPUNIT_ASSERT_EQUAL(email_link_expiry(100 * day + 5, 30), email_link_expiry(100 * day + 80000, 30));
        CPPUNIT_ASSERT_EQUAL(131 * day, email_link_expiry(100 * day + 5, 30));
        CPPUNIT_ASSERT(email_link_expiry(101 * day, 30) > email_link_expiry(100 * day + 5, 30));
    }

    void photo_input_from_json() {
        auto p = parse_photo_input_json(R"({"cropX":10,"cropY":"20","cropSize":30})");
        CPPUNIT_ASSERT(p.error == InputError::None);
        CPPUNIT_ASSERT(p.input.crop);
        CPPUNIT_ASSERT_EQUAL(10, p.input.crop->x);
        CPPUNIT_ASSERT_EQUAL(20, p.input.crop->y);
        CPPUNIT_ASSERT_EQUAL(30, p.input.crop->size);
        p = parse_photo_input_json("{}");
        CPPUNIT_ASSERT(p.error == InputError::None && !p.input.crop);
        p = parse_photo_input_json(R"({"fileId":"069000000000001","versionNumber":2})");
        CPPUNIT_ASSERT(p.error == InputError::None);
        CPPUNIT_ASSERT_EQUAL(std::string("069000000000001"), p.input.file_id.value_or(""));
        CPPUNIT_ASSERT(p.input.version_number);
    }

    void photo_input_errors() {
        CPPUNIT_ASSERT(parse_photo_input_json("{").error == InputError::Json);
        CPPUNIT_ASSERT(parse_photo_input_json("[1]").error == InputError::Invalid);
        CPPUNIT_ASSERT(parse_photo_input_json(R"({"cropX":1,"cropY":2})").error == InputError::Invalid);
        CPPUNIT_ASSERT(parse_photo_input_json(R"({"cropX":-1,"cropY":2,"cropSize":3})").error == InputError::Invalid);
        CPPUNIT_ASSERT(parse_photo_input_json(R"({"cropX":1.5,"cropY":2,"cropSize":3})").error == InputError::Invalid);
        CPPUNIT_ASSERT(parse_photo_input_json(R"({"cropX":"a","cropY":2,"cropSize":3})").error == InputError::Invalid);
        CPPUNIT_ASSERT(parse_photo_input_json(R"({"cropX":0,"cropY":0,"cropSize":0})").error == InputError::Invalid);
        CPPUNIT_ASSERT(parse_photo_input_json(R"({"cropX":0,"cropY":0,"cropSize":99999999999})").error ==
                       InputError::Invalid);
    }

    void photo_input_from_query() {
        auto p = parse_photo_input_query("cropX=1&cropY=2&cropSize=3&other=x");
        CPPUNIT_ASSERT(p.error == InputError::None && p.input.crop);
        CPPUNIT_ASSERT_EQUAL(3, p.input.crop->size);
        CPPUNIT_ASSERT(parse_photo_input_query("cropX=1").error == InputError::Invalid);
        CPPUNIT_ASSERT(!parse_photo_input_query("").input.crop);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChatterRoutesTest);
