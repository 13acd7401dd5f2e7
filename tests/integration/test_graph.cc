// Microsoft Graph profile photos against a real slapd + httpd + mod_auth_openidc: Bearer JWTs,
// the metadata JSON byte for byte, every size decoded and measured, 304, uploads and removals
// seen by EWS at once, who may write, If-Match, and every error in Graph's shape.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "image/photo_image.h"
#include "integration/bearer_token.h"
#include "integration/fixture.h"
#include "integration/png_fixture.h"

using namespace itest;
using json = nlohmann::json;

namespace {

const int kSizes[] = {48, 64, 96, 120, 240, 360, 432, 504, 648};

userphoto::image::RgbImage gradient(int width, int height, uint8_t blue) {
    userphoto::image::RgbImage img;
    img.width = width;
    img.height = height;
    img.rgb.resize(static_cast<size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            uint8_t* p = &img.rgb[(static_cast<size_t>(y) * width + x) * 3];
            p[0] = static_cast<uint8_t>(x * 255 / width);
            p[1] = static_cast<uint8_t>(y * 255 / height);
            p[2] = blue;
        }
    return img;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Width and height of a JPEG after a full decode (0×0 when it does not decode).
std::pair<int, int> decoded_size(const std::string& jpeg) {
    auto decoded = userphoto::image::decode_jpeg_rgb(jpeg, userphoto::image::Limits{});
    if (decoded.error != userphoto::image::ImageError::None) return {0, 0};
    return {decoded.image.width, decoded.image.height};
}

}  // namespace

class GraphIntegrationTest : public IntegrationFixture {
    CPPUNIT_TEST_SUITE(GraphIntegrationTest);
    CPPUNIT_TEST(metadata_is_byte_compatible);
    CPPUNIT_TEST(graph_and_ews_answer_jpeg_whatever_the_accept);
    CPPUNIT_TEST(every_address_form_finds_the_person);
    CPPUNIT_TEST(photos_list_only_sizes_without_upscaling);
    CPPUNIT_TEST(every_size_decodes_at_its_edge);
    CPPUNIT_TEST(if_none_match_is_304);
    CPPUNIT_TEST(fallback_draws_value_for_people_without_a_photo);
    CPPUNIT_TEST(errors_in_graph_shape);
    CPPUNIT_TEST(unauthenticated_is_json_401);
    CPPUNIT_TEST(upload_is_seen_by_ews_at_once);
    CPPUNIT_TEST(delete_removes_the_photo_everywhere);
    CPPUNIT_TEST(only_self_or_admin_may_write);
    CPPUNIT_TEST(if_match_mismatch_is_412);
    CPPUNIT_TEST(bad_uploads_change_nothing);
    CPPUNIT_TEST(active_directory_object_guid);
    CPPUNIT_TEST_SUITE_END();

    HttpReply call(const std::string& method, const std::string& path, const std::string& uid,
                   const std::string& body = "", std::vector<std::string> headers = {}) {
        HttpCall c;
        c.method = method;
        c.path = path;
        c.body = body;
        c.headers = std::move(headers);
        if (!uid.empty()) c.headers.push_back(bearer(uid));
        return env().call(c);
    }
    // Both locations have UserPhotoFormats jpeg webp avif: their clients expect JPEG all the same.
    void graph_and_ews_answer_jpeg_whatever_the_accept() {
        const std::string chrome = "Accept: image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
        HttpReply value = get("/graph/v1.0/me/photos/96x96/$value", "gadele", {chrome});
        CPPUNIT_ASSERT_EQUAL(200L, value.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), value.header("Content-Type"));
        CPPUNIT_ASSERT(value.body.compare(0, 3, "\xFF\xD8\xFF") == 0);
        CPPUNIT_ASSERT_EQUAL(std::string(), value.header("Vary"));
        HttpCall rest;
        rest.path = "/ews/Exchange.asmx/s/GetUserPhoto?email=alice%40example.test&size=HR96x96";
        rest.user = "bob@example.test";
        rest.password = "pw-bob";
        rest.headers = {"Accept: image/avif,image/webp"};
        HttpReply ews = env().call(rest);
        CPPUNIT_ASSERT_EQUAL(200L, ews.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), ews.header("Content-Type"));
        CPPUNIT_ASSERT(ews.body.compare(0, 3, "\xFF\xD8\xFF") == 0);
        CPPUNIT_ASSERT_EQUAL(std::string(), ews.header("Vary"));
    }

    HttpReply get(const std::string& path, const std::string& uid = "gadele", std::vector<std::string> headers = {}) {
        return call("GET", path, uid, "", std::move(headers));
    }

    std::string entry_uuid(const std::string& uid) {
        const std::string ldif = env().ldapsearch("(uid=" + uid + ")", "entryUUID");
        const size_t at = ldif.find("entryUUID: ");
        CPPUNIT_ASSERT_MESSAGE(ldif, at != std::string::npos);
        return ldif.substr(at + 11, 36);
    }

    std::string base() { return "http://127.0.0.1:" + std::to_string(env().httpd_port()); }

    void expect_error(const HttpReply& r, long status, const std::string& code) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, status, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), r.header("Content-Type"));
        json doc = json::parse(r.body);
        CPPUNIT_ASSERT_EQUAL(code, doc.at("error").at("code").get<std::string>());
        CPPUNIT_ASSERT(!doc["error"].at("message").get<std::string>().empty());
        const json& inner = doc["error"].at("innerError");
        CPPUNIT_ASSERT_EQUAL(r.header("request-id"), inner.at("request-id").get<std::string>());
        CPPUNIT_ASSERT_EQUAL(size_t(19), inner.at("date").get<std::string>().size());
    }

    // The EWS ETag (unquoted) and status of someone's photo: what another protocol sees.
    std::string ews_etag(const std::string& uid, long* status) {
        HttpReply r = env().get_as("bob", "/ews/Exchange.asmx/s/GetUserPhoto?email=" + uid +
                                              "%40example.test&size=HR648x648");
        *status = r.status;
        const std::string etag = r.header("ETag");
        return etag.size() == 10 ? etag.substr(1, 8) : etag;
    }

    std::string media_etag(const std::string& uid) {
        HttpReply r = get("/graph/v1.0/users/" + uid + "@example.test/photo", uid);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        return json::parse(r.body).at("@odata.mediaEtag").get<std::string>();
    }

public:
    void metadata_is_byte_compatible() {
        const std::string uuid = entry_uuid("gadele");
        HttpReply value = get("/graph/v1.0/users/" + uuid + "/photo/$value");
        CPPUNIT_ASSERT_EQUAL(200L, value.status);
        const std::string etag = value.header("ETag");
        CPPUNIT_ASSERT_EQUAL(size_t(10), etag.size());
        HttpReply r = get("/graph/v1.0/users/" + uuid + "/photo", "gadele", {"client-request-id: itest-1"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), r.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("private"), r.header("Cache-Control"));
        CPPUNIT_ASSERT_EQUAL(std::string("itest-1"), r.header("client-request-id"));
        CPPUNIT_ASSERT_EQUAL(size_t(36), r.header("request-id").size());
        const std::string expected = "{\"@odata.context\":\"" + base() + "/graph/v1.0/$metadata#users('" + uuid +
                                     "')/photo/$entity\",\"@odata.mediaContentType\":\"image/jpeg\","
                                     "\"@odata.mediaEtag\":\"\\\"" + etag.substr(1, 8) +
                                     "\\\"\",\"id\":\"648x648\",\"width\":648,\"height\":648}";
        CPPUNIT_ASSERT_EQUAL(expected, r.body);
        // One ETag for one photo, whichever protocol asks.
        long status = 0;
        CPPUNIT_ASSERT_EQUAL(etag.substr(1, 8), ews_etag("gadele", &status));
        // A size of its own, under beta.
        r = get("/graph/beta/me/photos/120x120");
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT_EQUAL("{\"@odata.context\":\"" + base() + "/graph/beta/$metadata#users('" + uuid +
                                 "')/photos/$entity\",\"@odata.mediaContentType\":\"image/jpeg\","
                                 "\"@odata.mediaEtag\":\"\\\"" + etag.substr(1, 8) +
                                 "\\\"\",\"id\":\"120x120\",\"width\":120,\"height\":120}",
                             r.body);
    }

    void every_address_form_finds_the_person() {
        const std::string uuid = entry_uuid("gadele");
        std::string upper = uuid;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const std::string reference = get("/graph/v1.0/me/photo").body;
        CPPUNIT_ASSERT(reference.find(uuid) != std::string::npos);
        for (const std::string& who : {uuid, upper, std::string("adele.vance@corp.example.test"),
                                       std::string("ADELE.VANCE@corp.example.test"), std::string("gadele@example.test")}) {
            HttpReply r = get("/graph/v1.0/users/" + who + "/photo", "gben");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who + ": " + r.body, 200L, r.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who, reference, r.body);
        }
    }

    void photos_list_only_sizes_without_upscaling() {
        auto ids = [&](const std::string& uid) {
            HttpReply r = get("/graph/v1.0/users/" + uid + "@example.test/photos");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
            json doc = json::parse(r.body);
            CPPUNIT_ASSERT(doc.at("@odata.context").get<std::string>().ends_with("')/photos"));
            std::vector<std::string> out;
            for (const json& entry : doc.at("value")) {
                CPPUNIT_ASSERT(!entry.contains("@odata.context"));
                CPPUNIT_ASSERT_EQUAL(entry.at("width").get<int>(), entry.at("height").get<int>());
                out.push_back(entry.at("id").get<std::string>());
            }
            return out;
        };
        CPPUNIT_ASSERT((ids("gadele") == std::vector<std::string>{"48x48", "64x64", "96x96", "120x120", "240x240",
                                                                   "360x360", "432x432", "504x504", "648x648"}));
        // 600×900 portrait: its square is 600 px, so no 648.
        CPPUNIT_ASSERT((ids("gben") == std::vector<std::string>{"48x48", "64x64", "96x96", "120x120", "240x240",
                                                                 "360x360", "432x432", "504x504"}));
        CPPUNIT_ASSERT((ids("gtiny") == std::vector<std::string>{"40x40"}));
        CPPUNIT_ASSERT(get("/graph/v1.0/users/gben@example.test/photo").body.ends_with("\"id\":\"504x504\",\"width\":504,\"height\":504}"));
    }

    void every_size_decodes_at_its_edge() {
        std::string etag;
        for (int size : kSizes) {
            const std::string id = std::to_string(size) + "x" + std::to_string(size);
            HttpReply r = get("/graph/v1.0/me/photos/" + id + "/$value");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(id, 200L, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.header("Content-Type"));
            CPPUNIT_ASSERT_EQUAL(std::string("private"), r.header("Cache-Control"));
            CPPUNIT_ASSERT((decoded_size(r.body) == std::pair<int, int>{size, size}));
            if (etag.empty()) etag = r.header("ETag");
            CPPUNIT_ASSERT_EQUAL(etag, r.header("ETag"));  // one ETag for every size
            // The synonym without the s answers the same bytes.
            CPPUNIT_ASSERT(r.body == get("/graph/v1.0/me/photo/" + id + "/$value").body);
        }
        CPPUNIT_ASSERT((decoded_size(get("/graph/v1.0/me/photo/$value").body) == std::pair<int, int>{648, 648}));
        // Above the stored photo: the next smaller size.
        HttpReply r = get("/graph/v1.0/users/gben@example.test/photos/648x648/$value");
        CPPUNIT_ASSERT((decoded_size(r.body) == std::pair<int, int>{504, 504}));
        CPPUNIT_ASSERT((decoded_size(get("/graph/v1.0/users/gben@example.test/photo/$value").body) == std::pair<int, int>{504, 504}));
        // The media ETag of the metadata is the ETag of the bytes.
        CPPUNIT_ASSERT_EQUAL(etag, media_etag("gadele"));
    }

    void if_none_match_is_304() {
        HttpReply first = get("/graph/v1.0/me/photos/96x96/$value");
        const std::string etag = first.header("ETag");
        for (const std::string& header : {etag, "W/" + etag}) {
            HttpReply r = get("/graph/v1.0/me/photos/96x96/$value", "gadele", {"If-None-Match: " + header});
            CPPUNIT_ASSERT_EQUAL(304L, r.status);
            CPPUNIT_ASSERT(r.body.empty());
            CPPUNIT_ASSERT_EQUAL(etag, r.header("ETag"));
        }
        HttpReply r = get("/graph/v1.0/me/photos/96x96/$value", "gadele", {"If-None-Match: \"0BADF00D\""});
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT(r.body == first.body);
    }

    // /initials-graph has UserPhotoFallback initials; erin exists without a photo.
    void fallback_draws_value_for_people_without_a_photo() {
        const std::string value = "/initials-graph/v1.0/users/erin@example.test/photos/240x240/$value";
        HttpReply first = get(value);
        CPPUNIT_ASSERT_EQUAL(200L, first.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), first.header("Content-Type"));
        CPPUNIT_ASSERT((decoded_size(first.body) == std::pair<int, int>{240, 240}));
        HttpReply again = get(value);
        CPPUNIT_ASSERT(again.body == first.body);
        CPPUNIT_ASSERT_EQUAL(first.header("ETag"), again.header("ETag"));
        // Cached by the client for an hour at most (the person may upload a photo soon); a stored
        // photo's answer has no such limit.
        CPPUNIT_ASSERT_EQUAL(std::string("private, max-age=3600"), first.header("Cache-Control"));
        CPPUNIT_ASSERT_EQUAL(std::string("private"), get("/initials-graph/v1.0/users/alice@example.test/photos/240x240/$value").header("Cache-Control"));
        HttpReply unchanged = get(value, "gadele", {"If-None-Match: " + first.header("ETag")});
        CPPUNIT_ASSERT_EQUAL(304L, unchanged.status);
        CPPUNIT_ASSERT(unchanged.body.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("private, max-age=3600"), unchanged.header("Cache-Control"));
        // photo/$value: the default size, 648.
        HttpReply largest = get("/initials-graph/v1.0/users/erin@example.test/photo/$value");
        CPPUNIT_ASSERT_EQUAL(200L, largest.status);
        CPPUNIT_ASSERT((decoded_size(largest.body) == std::pair<int, int>{648, 648}));
        // The metadata still says "no photo" (it describes the stored photo; see the README).
        expect_error(get("/initials-graph/v1.0/users/erin@example.test/photo"), 404, "ImageNotFound");
        // Unknown people stay 404, and without the directive erin's $value is 404 too.
        HttpReply nobody = get("/initials-graph/v1.0/users/nobody@example.test/photo/$value");
        CPPUNIT_ASSERT_EQUAL(404L, nobody.status);
        CPPUNIT_ASSERT_EQUAL(404L, get("/graph/v1.0/users/erin@example.test/photos/240x240/$value").status);
    }

    void errors_in_graph_shape() {
        HttpReply r = get("/graph/v1.0/me/photos/100x100/$value", "gadele", {"client-request-id: itest-err"});
        expect_error(r, 400, "BadRequest");
        CPPUNIT_ASSERT_EQUAL(std::string("itest-err"), r.header("client-request-id"));
        CPPUNIT_ASSERT_EQUAL(std::string("itest-err"),
                             json::parse(r.body)["error"]["innerError"]["client-request-id"].get<std::string>());
        expect_error(get("/graph/v1.0/me/photos/$value"), 400, "BadRequest");
        expect_error(get("/graph/v1.0/me/events"), 400, "BadRequest");
        expect_error(get("/graph/v2.0/me/photo"), 400, "BadRequest");
        expect_error(get("/graph/v1.0/users/6e1eb9a3-0000-4000-8000-00000000000/photo"), 400, "ErrorInvalidIdMalformed");
        expect_error(get("/graph/v1.0/users/gadele/photo"), 400, "ErrorInvalidIdMalformed");
        expect_error(get("/graph/v1.0/users/nobody@example.test/photo/$value"), 404, "Request_ResourceNotFound");
        expect_error(get("/graph/v1.0/users/6e1eb9a3-0000-4000-8000-000000000000/photo"), 404, "Request_ResourceNotFound");
        expect_error(get("/graph/v1.0/users/gcleo@example.test/photo/$value"), 404, "ImageNotFound");
        expect_error(get("/graph/v1.0/users/cleo@corp.example.test/photo"), 404, "ImageNotFound");
        expect_error(call("POST", "/graph/v1.0/me/photo/$value", "gadele", "x"), 405, "Request_BadRequest");
        // Hostile paths and ids: 4xx, never a 500.
        for (const std::string& path : std::vector<std::string>{"/graph/v1.0/users/%27%22%3Cx%3E@example.test/photo", "/graph/v1.0/users/*@*/photo",
                                       "/graph/v1.0/users/" + std::string(3000, 'a') + "@x/photo",
                                       "/graph/v1.0/me/photo/$value/$value", "/graph/beta/me/photos/48x48x48"}) {
            r = get(path);
            CPPUNIT_ASSERT_MESSAGE(path + " " + std::to_string(r.status), r.status >= 400 && r.status < 500);
        }
    }

    void unauthenticated_is_json_401() {
        allow_log("oidc_");  // mod_auth_openidc logs refused tokens
        allow_log("auth_openidc");
        HttpCall c;
        c.path = "/graph/v1.0/me/photo/$value";
        c.headers = {"client-request-id: itest-401"};
        HttpReply r = env().call(c);
        expect_error(r, 401, "InvalidAuthenticationToken");
        CPPUNIT_ASSERT_EQUAL(std::string("itest-401"), r.header("client-request-id"));
        c.headers.push_back("Authorization: Bearer " + jwt("gadele@example.test", 3600, "a-different-key-that-is-long-enough-000"));
        expect_error(env().call(c), 401, "InvalidAuthenticationToken");
    }

    void upload_is_seen_by_ews_at_once() {
        long status = 0;
        const std::string before = ews_etag("gdan", &status);
        CPPUNIT_ASSERT_EQUAL(200L, status);
        HttpReply r = call("PUT", "/graph/v1.0/me/photo/$value", "gdan", png_of(gradient(800, 700, 40)),
                           {"Content-Type: image/png"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        const std::string after = ews_etag("gdan", &status);
        CPPUNIT_ASSERT(after != before);
        CPPUNIT_ASSERT_EQUAL("\"" + after + "\"", media_etag("gdan"));
        // Both renditions were written: the large one and the thumbnail.
        const std::string ldif = env().ldapsearch("(uid=gdan)", "jpegPhoto thumbnailPhoto");
        CPPUNIT_ASSERT(ldif.find("jpegPhoto::") != std::string::npos);
        CPPUNIT_ASSERT(ldif.find("thumbnailPhoto::") != std::string::npos);
        CPPUNIT_ASSERT((decoded_size(get("/graph/v1.0/users/dan@corp.example.test/photo/$value", "gdan").body) ==
                        std::pair<int, int>{648, 648}));
        // PATCH does the same, with a JPEG.
        r = call("PATCH", "/graph/beta/users/dan@corp.example.test/photo/$value", "gdan",
                 userphoto::image::encode_jpeg(gradient(300, 300, 200), 90).jpeg, {"Content-Type: image/jpeg"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        CPPUNIT_ASSERT(ews_etag("gdan", &status) != after);
        HttpReply list = get("/graph/v1.0/me/photos", "gdan");
        CPPUNIT_ASSERT_EQUAL(size_t(5), json::parse(list.body).at("value").size());  // 300 px: 48 .. 240
    }

    void delete_removes_the_photo_everywhere() {
        long status = 0;
        ews_etag("gnina", &status);
        CPPUNIT_ASSERT_EQUAL(200L, status);
        HttpReply r = call("DELETE", "/graph/v1.0/me/photo", "gnina");
        CPPUNIT_ASSERT_EQUAL(204L, r.status);
        CPPUNIT_ASSERT(r.body.empty());
        expect_error(get("/graph/v1.0/me/photo/$value", "gnina"), 404, "ImageNotFound");
        expect_error(get("/graph/v1.0/me/photo", "gnina"), 404, "ImageNotFound");
        ews_etag("gnina", &status);
        CPPUNIT_ASSERT_EQUAL(404L, status);
        const std::string ldif = env().ldapsearch("(uid=gnina)", "jpegPhoto thumbnailPhoto");
        CPPUNIT_ASSERT(ldif.find("Photo::") == std::string::npos);
    }

    void only_self_or_admin_may_write() {
        long status = 0;
        const std::string before = ews_etag("geve", &status);
        const std::string picture = png_of(gradient(200, 200, 90));
        const std::string eve_by_id = "/graph/v1.0/users/" + entry_uuid("geve") + "/photo";
        expect_error(call("PUT", eve_by_id + "/$value", "gdan", picture), 403, "ErrorAccessDenied");
        expect_error(call("DELETE", eve_by_id, "gdan"), 403, "ErrorAccessDenied");
        CPPUNIT_ASSERT_EQUAL(before, ews_etag("geve", &status));
        // Her own id, by GUID: allowed; an admin (UserPhotoAdminUsers) may change anyone's.
        CPPUNIT_ASSERT_EQUAL(200L, call("PUT", eve_by_id + "/$value", "geve", picture).status);
        const std::string own = ews_etag("geve", &status);
        CPPUNIT_ASSERT(own != before);
        CPPUNIT_ASSERT_EQUAL(200L, call("PUT", eve_by_id + "/$value", "cadmin", png_of(gradient(260, 260, 10))).status);
        CPPUNIT_ASSERT(ews_etag("geve", &status) != own);
    }

    void if_match_mismatch_is_412() {
        long status = 0;
        const std::string before = ews_etag("gdan", &status);
        const std::string picture = png_of(gradient(120, 120, 250));
        expect_error(call("PUT", "/graph/v1.0/me/photo/$value", "gdan", picture, {"If-Match: \"00000000\""}), 412,
                     "PreconditionFailed");
        CPPUNIT_ASSERT_EQUAL(before, ews_etag("gdan", &status));
        HttpReply r = call("PUT", "/graph/v1.0/me/photo/$value", "gdan", picture, {"If-Match: \"" + before + "\""});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        CPPUNIT_ASSERT(ews_etag("gdan", &status) != before);
    }

    void bad_uploads_change_nothing() {
        long status = 0;
        const std::string before = ews_etag("gdan", &status);
        expect_error(call("PUT", "/graph/v1.0/me/photo/$value", "gdan", "this is not an image", {"Content-Type: image/jpeg"}),
                     400, "ImageUploadFailed");
        const std::string bomb = read_file(env().work_dir() + "/photos/bomb.jpg");
        CPPUNIT_ASSERT(!bomb.empty());
        expect_error(call("PUT", "/graph/v1.0/me/photo/$value", "gdan", bomb, {"Content-Type: image/jpeg"}), 400,
                     "ImageUploadFailed");
        expect_error(call("PUT", "/graph/v1.0/me/photo/$value", "gdan", std::string(4 * 1024 * 1024 + 1, 'x'),
                          {"Content-Type: image/jpeg"}),
                     413, "ErrorRequestEntityTooLarge");
        expect_error(call("PUT", "/graph/v1.0/me/photo/$value", "gdan", ""), 400, "ImageUploadFailed");
        CPPUNIT_ASSERT_EQUAL(before, ews_etag("gdan", &status));
    }

    // UserPhotoGraphIdAttribute objectGUID: the GUID is searched as AD's 16 bytes and shown back in
    // Microsoft's order (slapd holds an AD-style binary objectGUID for gadele).
    void active_directory_object_guid() {
        const std::string guid = "6e1eb9a3-28c4-4a33-8b2a-91f0d4c2e5b7";
        const int port = env().start_extra_httpd("graph-ad-httpd", env().ldap_port(), "UserPhotoGraphIdAttribute objectGUID\n");
        HttpCall c;
        c.headers = {bearer("gben")};
        c.path = "/graph/v1.0/users/6E1EB9A3-28C4-4A33-8B2A-91F0D4C2E5B7/photo";
        HttpReply r = env().call_port(port, c);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        const std::string context = json::parse(r.body).at("@odata.context").get<std::string>();
        CPPUNIT_ASSERT_EQUAL("http://127.0.0.1:" + std::to_string(port) + "/graph/v1.0/$metadata#users('" + guid +
                                 "')/photo/$entity",
                             context);
        // /me shows the same id; an id that is only byte-swapped is somebody else (nobody).
        c.headers = {bearer("gadele")};
        c.path = "/graph/v1.0/me/photos";
        r = env().call_port(port, c);
        CPPUNIT_ASSERT(r.body.find("users('" + guid + "')") != std::string::npos);
        c.path = "/graph/v1.0/users/a3b91e6e-c428-334a-8b2a-91f0d4c2e5b7/photo/$value";
        r = env().call_port(port, c);
        expect_error(r, 404, "Request_ResourceNotFound");
        c.path = "/graph/v1.0/users/" + guid + "/photos/64x64/$value";
        r = env().call_port(port, c);
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT((decoded_size(r.body) == std::pair<int, int>{64, 64}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GraphIntegrationTest);
