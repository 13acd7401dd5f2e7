// Salesforce Connect user-profile photos against a real slapd + httpd + mod_auth_openidc: Bearer
// JWTs, GET / POST / DELETE end to end, the directory checked with ldapsearch after each write,
// EWS seeing uploads at once, every error case, and concurrent uploads.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <atomic>
#include <thread>

#include "image/avif_codec.h"
#include "image/webp_codec.h"
#include "image/photo_image.h"
#include "integration/bearer_token.h"
#include "integration/fixture.h"
#include "integration/png_fixture.h"
#include "protocol/chatter/salesforce_id.h"
#include "util/base64.h"

using namespace itest;
using json = nlohmann::json;

namespace {

const std::string kApi = "/services/data/v50.0/connect/user-profiles/";

userphoto::image::RgbImage solid(int width, int height, uint8_t r, uint8_t g, uint8_t b) {
    userphoto::image::RgbImage img;
    img.width = width;
    img.height = height;
    img.rgb.resize(static_cast<size_t>(width) * height * 3);
    for (size_t i = 0; i < img.rgb.size(); i += 3) {
        img.rgb[i] = r;
        img.rgb[i + 1] = g;
        img.rgb[i + 2] = b;
    }
    return img;
}

std::string jpeg_of(const userphoto::image::RgbImage& img) { return userphoto::image::encode_jpeg(img, 92).jpeg; }

const std::string kBoundary = "----itest-boundary-0x5F3759DF";

std::string multipart(const std::string& picture, const std::string& json_part = "",
                      const std::string& filename = "photo.png") {
    std::string body;
    if (!json_part.empty())
        body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"json\"\r\n"
                "Content-Type: application/json\r\n\r\n" + json_part + "\r\n";
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"fileUpload\"; filename=\"" + filename +
            "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + picture + "\r\n--" + kBoundary + "--\r\n";
    return body;
}

// The binary attribute values of one entry, from `ldapsearch -LLL` (base64 "attr:: value" lines).
std::map<std::string, std::string> photo_attributes(Environment& env, const std::string& uid) {
    std::string ldif = env.ldapsearch("(uid=" + uid + ")", "-o ldif-wrap=no jpegPhoto thumbnailPhoto");
    std::map<std::string, std::string> out;
    size_t pos = 0;
    while (pos < ldif.size()) {
        size_t eol = ldif.find('\n', pos);
        if (eol == std::string::npos) eol = ldif.size();
        const std::string line = ldif.substr(pos, eol - pos);
        pos = eol + 1;
        const size_t sep = line.find(":: ");
        if (sep == std::string::npos) continue;
        out[line.substr(0, sep)] = userphoto::base64_decode(line.substr(sep + 3)).value_or("<bad base64>");
    }
    return out;
}

std::array<int, 3> mean_colour(const std::string& jpeg) {
    auto d = userphoto::image::decode_jpeg_rgb(jpeg, userphoto::image::Limits{});
    long sum[3] = {0, 0, 0};
    const size_t n = d.image.rgb.size() / 3;
    for (size_t i = 0; i < n; ++i)
        for (int c = 0; c < 3; ++c) sum[c] += d.image.rgb[i * 3 + c];
    if (n == 0) return {-1, -1, -1};
    return {static_cast<int>(sum[0] / n), static_cast<int>(sum[1] / n), static_cast<int>(sum[2] / n)};
}

bool close_colour(std::array<int, 3> a, std::array<int, 3> b) {
    for (int c = 0; c < 3; ++c)
        if (std::abs(a[c] - b[c]) > 12) return false;
    return true;
}

}  // namespace

class ChatterIntegrationTest : public IntegrationFixture {
    CPPUNIT_TEST_SUITE(ChatterIntegrationTest);
    CPPUNIT_TEST(get_photo_with_bearer_token);
    CPPUNIT_TEST(all_routes_answer_the_same_photo);
    CPPUNIT_TEST(picture_urls_serve_sizes_and_cache_for_long);
    CPPUNIT_TEST(email_links_work_without_token_and_are_signed);
    CPPUNIT_TEST(missing_or_bad_token_is_401_json);
    CPPUNIT_TEST(oauth_scheme_is_accepted_like_bearer);
    CPPUNIT_TEST(person_without_photo_gets_default_image);
    CPPUNIT_TEST(upload_is_stored_and_seen_by_ews);
    CPPUNIT_TEST(upload_jpeg_with_query_crop);
    CPPUNIT_TEST(delete_falls_back_to_default_and_ews_404);
    CPPUNIT_TEST(only_self_or_admin_may_write);
    CPPUNIT_TEST(bad_uploads_change_nothing);
    CPPUNIT_TEST(unknown_and_malformed_ids);
    CPPUNIT_TEST(concurrent_uploads_leave_one_complete_photo);
    CPPUNIT_TEST(email_links_die_with_their_photo_version);
    CPPUNIT_TEST(pictures_answer_if_none_match);
    CPPUNIT_TEST(pictures_negotiate_formats_by_accept);
    CPPUNIT_TEST(internal_community_keeps_its_prefix);
    CPPUNIT_TEST(cross_site_writes_with_basic_auth_are_refused);
    CPPUNIT_TEST(upload_over_the_pixel_cap_is_413);
    CPPUNIT_TEST_SUITE_END();

    HttpReply get(const std::string& path, const std::string& uid) {
        HttpCall c;
        c.path = path;
        if (!uid.empty()) c.headers.push_back(bearer(uid));
        return env().call(c);
    }

    HttpReply send(const std::string& method, const std::string& path, const std::string& uid, const std::string& body,
                   const std::string& content_type = "multipart/form-data; boundary=" + kBoundary) {
        HttpCall c;
        c.method = method;
        c.path = path;
        c.body = body;
        if (!uid.empty()) c.headers.push_back(bearer(uid));
        if (!content_type.empty()) c.headers.push_back("Content-Type: " + content_type);
        return env().call(c);
    }

    json photo_of(const std::string& uid) {
        HttpReply r = get(kApi + "me/photo", uid);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        return json::parse(r.body);
    }

    static std::string local(const std::string& url) {  // absolute URL → path?query
        const size_t scheme = url.find("://");
        return url.substr(url.find('/', scheme + 3));
    }

    void expect_error(const HttpReply& r, long status, const std::string& code) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, status, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json;charset=UTF-8"), r.header("Content-Type"));
        json doc = json::parse(r.body);
        CPPUNIT_ASSERT(doc.is_array());
        CPPUNIT_ASSERT_EQUAL(code, doc.at(0).at("errorCode").get<std::string>());
        CPPUNIT_ASSERT(!doc.at(0).at("message").get<std::string>().empty());
    }

    std::string ews_etag(const std::string& uid, int* edge, long* status) {
        HttpReply r = env().get_as("bob", "/ews/Exchange.asmx/s/GetUserPhoto?email=" + uid + "%40example.test&size=HR648x648");
        *status = r.status;
        *edge = jpeg_size(r.body).first;
        std::string etag = r.header("ETag");
        return etag.size() == 10 ? etag.substr(1, 8) : etag;
    }

public:
    void get_photo_with_bearer_token() {
        HttpReply r = get(kApi + "me/photo", "cgrace");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json;charset=UTF-8"), r.header("Content-Type"));
        json doc = json::parse(r.body);
        for (const char* key : {"fullEmailPhotoUrl", "largePhotoUrl", "mediumPhotoUrl", "photoVersionId",
                                "smallPhotoUrl", "standardEmailPhotoUrl", "url"})
            CPPUNIT_ASSERT_MESSAGE(key, doc.contains(key));
        CPPUNIT_ASSERT_EQUAL(size_t(7), doc.size());
        const std::string version = doc["photoVersionId"].get<std::string>();
        CPPUNIT_ASSERT_EQUAL(size_t(18), version.size());
        CPPUNIT_ASSERT_EQUAL(std::string("729"), version.substr(0, 3));
        CPPUNIT_ASSERT_EQUAL(userphoto::chatter::id_checksum(version.substr(0, 15)), version.substr(15));
        // The version is the EWS ETag's photo: the same content fingerprint.
        int edge = 0;
        long status = 0;
        const std::string etag = ews_etag("cgrace", &edge, &status);
        CPPUNIT_ASSERT_EQUAL(userphoto::chatter::photo_version_id(std::stoul(etag, nullptr, 16)), version);
        const std::string url = doc["url"].get<std::string>();
        CPPUNIT_ASSERT(url.starts_with(kApi + "005"));
        CPPUNIT_ASSERT(url.ends_with("/photo"));
    }

    void all_routes_answer_the_same_photo() {
        const std::string url = photo_of("cgrace")["url"].get<std::string>();
        const std::string id18 = url.substr(kApi.size(), 18);
        const std::string id15 = id18.substr(0, 15);
        const std::string version = photo_of("cgrace")["photoVersionId"].get<std::string>();
        for (const std::string& path :
             {kApi + id18 + "/photo", kApi + id15 + "/photo", "/services/data/v61.0/connect/user-profiles/" + id18 + "/photo",
              "/services/data/v50.0/connect/communities/0DB000000000001/user-profiles/" + id18 + "/photo",
              "/services/data/v30.0/chatter/users/" + id15 + "/photo"}) {
            HttpReply r = get(path, "chank");  // anyone may read
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path + ": " + r.body, 200L, r.status);
            CPPUNIT_ASSERT_EQUAL(version, json::parse(r.body)["photoVersionId"].get<std::string>());
        }
    }

    void picture_urls_serve_sizes_and_cache_for_long() {
        json doc = photo_of("cgrace");
        const std::pair<const char*, int> sizes[] = {{"smallPhotoUrl", 64}, {"mediumPhotoUrl", 160}, {"largePhotoUrl", 200}};
        for (auto [key, edge] : sizes) {
            HttpReply r = get(local(doc[key].get<std::string>()), "chank");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(key, 200L, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.header("Content-Type"));
            CPPUNIT_ASSERT_EQUAL(edge, jpeg_size(r.body).first);
            CPPUNIT_ASSERT_EQUAL(edge, jpeg_size(r.body).second);
            CPPUNIT_ASSERT(r.header("Cache-Control").find("immutable") != std::string::npos);
            CPPUNIT_ASSERT(r.header("Cache-Control").find("max-age=31536000") != std::string::npos);
        }
        // Without a token the authenticated picture URLs are refused.
        expect_error(get(local(doc["smallPhotoUrl"].get<std::string>()), ""), 401, "INVALID_SESSION_ID");
    }

    void email_links_work_without_token_and_are_signed() {
        json doc = photo_of("cgrace");
        HttpReply full = get(local(doc["fullEmailPhotoUrl"].get<std::string>()), "");
        CPPUNIT_ASSERT_EQUAL(200L, full.status);
        CPPUNIT_ASSERT_EQUAL(200, jpeg_size(full.body).first);
        HttpReply standard = get(local(doc["standardEmailPhotoUrl"].get<std::string>()), "");
        CPPUNIT_ASSERT_EQUAL(200L, standard.status);
        CPPUNIT_ASSERT_EQUAL(64, jpeg_size(standard.body).first);
        std::string forged = local(doc["fullEmailPhotoUrl"].get<std::string>());
        forged.back() = forged.back() == 'A' ? 'B' : 'A';
        expect_error(get(forged, ""), 403, "INSUFFICIENT_ACCESS");
        std::string expired = local(doc["fullEmailPhotoUrl"].get<std::string>());
        const size_t e = expired.find("expires=") + 8;
        expired.replace(e, expired.find('&', e) - e, "1000");
        expect_error(get(expired, ""), 403, "INSUFFICIENT_ACCESS");
    }

    void missing_or_bad_token_is_401_json() {
        allow_log("oidc_");  // mod_auth_openidc logs refused tokens
        allow_log("auth_openidc");
        expect_error(get(kApi + "me/photo", ""), 401, "INVALID_SESSION_ID");
        HttpCall bad;
        bad.path = kApi + "me/photo";
        bad.headers.push_back("Authorization: Bearer " + jwt("cgrace@example.test", 3600, "a-different-key-that-is-long-enough-000"));
        expect_error(env().call(bad), 401, "INVALID_SESSION_ID");
        HttpCall expired;
        expired.path = kApi + "me/photo";
        expired.headers.push_back("Authorization: Bearer " + jwt("cgrace@example.test", -600));
        expect_error(env().call(expired), 401, "INVALID_SESSION_ID");
        HttpCall garbage;
        garbage.path = kApi + "me/photo";
        garbage.headers.push_back("Authorization: Bearer not.a.jwt");
        expect_error(env().call(garbage), 401, "INVALID_SESSION_ID");
        expect_error(send("DELETE", kApi + "me/photo", "", ""), 401, "INVALID_SESSION_ID");
    }

    // Salesforce's own examples send `Authorization: OAuth <token>`: read, write and refused alike.
    void oauth_scheme_is_accepted_like_bearer() {
        allow_log("oidc_");
        allow_log("auth_openidc");
        HttpCall read;
        read.path = kApi + "me/photo";
        read.headers.push_back("Authorization: OAuth " + jwt("cgrace@example.test", 3600));
        HttpReply r = env().call(read);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        CPPUNIT_ASSERT_EQUAL(photo_of("cgrace")["url"], json::parse(r.body)["url"]);
        HttpCall write;
        write.method = "POST";
        write.path = kApi + "me/photo";
        write.body = multipart(jpeg_of(solid(120, 120, 30, 90, 150)));
        write.headers = {"Authorization: oauth " + jwt("cjack@example.test", 3600),
                         "Content-Type: multipart/form-data; boundary=" + kBoundary};
        r = env().call(write);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
        read.headers = {"Authorization: OAuth " + jwt("cgrace@example.test", -600)};  // expired
        expect_error(env().call(read), 401, "INVALID_SESSION_ID");
    }

    void person_without_photo_gets_default_image() {
        json doc = photo_of("chank");
        CPPUNIT_ASSERT(doc["photoVersionId"].is_null());
        HttpReply r = get(local(doc["mediumPhotoUrl"].get<std::string>()), "chank");
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT_EQUAL(160, jpeg_size(r.body).first);
        HttpReply email = get(local(doc["standardEmailPhotoUrl"].get<std::string>()), "");
        CPPUNIT_ASSERT_EQUAL(64, jpeg_size(email.body).first);
    }

    void upload_is_stored_and_seen_by_ews() {
        // 900 x 700 picture: a red square at (100,50) of 700 px, blue elsewhere; crop exactly it.
        auto img = solid(900, 700, 20, 20, 220);
        for (int y = 50; y < 700; ++y)
            for (int x = 100; x < 750 && x < 900; ++x) {
                uint8_t* p = img.pixel(x, y);
                p[0] = 220; p[1] = 20; p[2] = 20;
            }
        HttpReply r = send("POST", kApi + "me/photo", "ckate", multipart(png_of(img), R"({"cropX":100,"cropY":50,"cropSize":650})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
        json doc = json::parse(r.body);
        const std::string version = doc["photoVersionId"].get<std::string>();
        auto stored = photo_attributes(env(), "ckate");
        CPPUNIT_ASSERT_EQUAL(size_t(2), stored.size());
        CPPUNIT_ASSERT_EQUAL(648, jpeg_size(stored["jpegPhoto"]).first);
        CPPUNIT_ASSERT_EQUAL(96, jpeg_size(stored["thumbnailPhoto"]).first);
        CPPUNIT_ASSERT(close_colour(mean_colour(stored["jpegPhoto"]), {220, 20, 20}));
        CPPUNIT_ASSERT(close_colour(mean_colour(stored["thumbnailPhoto"]), {220, 20, 20}));
        // EWS sees the new photo at once: new size, ETag matching the new version.
        int edge = 0;
        long status = 0;
        const std::string etag = ews_etag("ckate", &edge, &status);
        CPPUNIT_ASSERT_EQUAL(200L, status);
        CPPUNIT_ASSERT_EQUAL(648, edge);
        CPPUNIT_ASSERT_EQUAL(version, userphoto::chatter::photo_version_id(std::stoul(etag, nullptr, 16)));
        CPPUNIT_ASSERT_EQUAL(version, photo_of("ckate")["photoVersionId"].get<std::string>());
        HttpReply large = get(local(doc["largePhotoUrl"].get<std::string>()), "ckate");
        CPPUNIT_ASSERT(close_colour(mean_colour(large.body), {220, 20, 20}));
    }

    void upload_jpeg_with_query_crop() {
        // Without a json part the crop comes from the query string.
        auto img = solid(400, 300, 20, 200, 20);
        HttpReply r = send("POST", kApi + "me/photo?cropX=10&cropY=20&cropSize=100", "cirene", multipart(jpeg_of(img)));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 201L, r.status);
        auto stored = photo_attributes(env(), "cirene");
        CPPUNIT_ASSERT_EQUAL(100, jpeg_size(stored["jpegPhoto"]).first);  // never upscaled
        CPPUNIT_ASSERT_EQUAL(96, jpeg_size(stored["thumbnailPhoto"]).first);
        CPPUNIT_ASSERT(close_colour(mean_colour(stored["jpegPhoto"]), {20, 200, 20}));
    }

    void delete_falls_back_to_default_and_ews_404() {
        CPPUNIT_ASSERT_EQUAL(size_t(2), photo_attributes(env(), "cgrace").size());
        // cgrace stays untouched for the read tests: give chank a photo, then delete it.
        HttpReply up = send("POST", kApi + "me/photo", "chank", multipart(jpeg_of(solid(300, 300, 200, 200, 20))));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(up.body, 201L, up.status);
        CPPUNIT_ASSERT_EQUAL(size_t(2), photo_attributes(env(), "chank").size());
        HttpReply r = send("DELETE", kApi + "me/photo", "chank", "", "");
        CPPUNIT_ASSERT_EQUAL(204L, r.status);
        CPPUNIT_ASSERT(r.body.empty());
        CPPUNIT_ASSERT(photo_attributes(env(), "chank").empty());
        CPPUNIT_ASSERT(photo_of("chank")["photoVersionId"].is_null());
        int edge = 0;
        long status = 0;
        ews_etag("chank", &edge, &status);
        CPPUNIT_ASSERT_EQUAL(404L, status);
        // Deleting again is fine (nothing to remove).
        CPPUNIT_ASSERT_EQUAL(204L, send("DELETE", kApi + "me/photo", "chank", "", "").status);
    }

    void only_self_or_admin_may_write() {
        const std::string jack = photo_of("cjack")["url"].get<std::string>();
        const auto before = photo_attributes(env(), "cjack");
        CPPUNIT_ASSERT(!before.empty());
        const std::string picture = multipart(jpeg_of(solid(120, 120, 30, 30, 30)));
        expect_error(send("POST", jack, "chank", picture), 403, "INSUFFICIENT_ACCESS");
        expect_error(send("DELETE", jack, "chank", "", ""), 403, "INSUFFICIENT_ACCESS");
        CPPUNIT_ASSERT(before == photo_attributes(env(), "cjack"));
        // The admin user may; the owner may.
        HttpReply admin = send("POST", jack, "cadmin", picture);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(admin.body, 201L, admin.status);
        CPPUNIT_ASSERT(before != photo_attributes(env(), "cjack"));
        CPPUNIT_ASSERT_EQUAL(120, jpeg_size(photo_attributes(env(), "cjack")["jpegPhoto"]).first);
        CPPUNIT_ASSERT_EQUAL(201L, send("POST", jack, "cjack", multipart(jpeg_of(solid(200, 200, 1, 2, 3)))).status);
    }

    void bad_uploads_change_nothing() {
        const auto before = photo_attributes(env(), "cgrace");
        const std::string me = kApi + "me/photo";
        const std::string good = jpeg_of(solid(300, 300, 10, 10, 10));
        expect_error(send("POST", me, "cgrace", multipart(good), "multipart/form-data"), 400, "INVALID_MULTIPART_REQUEST");
        std::string two_json = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{}\r\n" +
                               multipart(good, "{}");
        expect_error(send("POST", me, "cgrace", two_json), 400, "INVALID_MULTIPART_REQUEST");
        CPPUNIT_ASSERT(send("POST", me, "cgrace", two_json).body.find("Cannot include more than one non-binary part") !=
                       std::string::npos);
        std::string truncated = multipart(good);
        truncated.resize(truncated.size() - 20);
        expect_error(send("POST", me, "cgrace", truncated), 400, "INVALID_MULTIPART_REQUEST");
        expect_error(send("POST", me, "cgrace", multipart("%PDF-1.4 not a picture", "", "doc.pdf")), 400, "INVALID_INPUT");
        expect_error(send("POST", me, "cgrace", multipart(good.substr(0, good.size() / 2))), 400, "INVALID_INPUT");
        expect_error(send("POST", me, "cgrace", multipart(good, R"({"cropX":200,"cropY":0,"cropSize":200})")), 400,
                     "INVALID_INPUT");
        expect_error(send("POST", me, "cgrace", multipart(good, R"({"cropX":1})")), 400, "INVALID_INPUT");
        expect_error(send("POST", me, "cgrace", multipart(good, "{not json")), 400, "JSON_PARSER_ERROR");
        expect_error(send("POST", me, "cgrace", R"({"fileId":"069000000000001AAA","versionNumber":1})", "application/json"),
                     400, "INVALID_INPUT");
        // A header bomb: a PNG claiming 60000 x 60000 pixels.
        std::string bomb = png_of(solid(4, 4, 1, 1, 1));
        const unsigned char big[8] = {0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60};
        std::memcpy(bomb.data() + 16, big, 8);
        HttpReply bombed = send("POST", me, "cgrace", multipart(bomb));
        CPPUNIT_ASSERT(bombed.status == 400 || bombed.status == 413);
        // Over UserPhotoMaxUploadSize (64k here): 413, declared or streamed.
        expect_error(send("POST", "/small" + me, "cgrace", multipart(std::string(100 * 1024, 'x'))), 413,
                     "REQUEST_TOO_LARGE");
        CPPUNIT_ASSERT(before == photo_attributes(env(), "cgrace"));
    }

    void unknown_and_malformed_ids() {
        expect_error(get(kApi + "005999999999999/photo", "chank"), 404, "NOT_FOUND");
        expect_error(get(kApi + "001000000001001/photo", "chank"), 400, "INVALID_ID_FIELD");
        expect_error(get(kApi + "005000000001001XYZ/photo", "chank"), 400, "INVALID_ID_FIELD");
        expect_error(get("/services/data/v50.0/connect/user-profiles/me", "chank"), 404, "NOT_FOUND");
        expect_error(send("PUT", kApi + "me/photo", "chank", "x", "text/plain"), 405, "METHOD_NOT_ALLOWED");
    }

    void concurrent_uploads_leave_one_complete_photo() {
        const std::string me = kApi + "me/photo";
        const std::array<std::array<int, 3>, 2> colours{{{220, 20, 20}, {20, 20, 220}}};
        const std::string red = multipart(jpeg_of(solid(700, 700, 220, 20, 20)));
        const std::string blue = multipart(jpeg_of(solid(500, 500, 20, 20, 220)));
        std::atomic<int> created{0};
        auto worker = [&](const std::string& body) {
            for (int i = 0; i < 6; ++i)
                if (send("POST", me, "cirene", body).status == 201) ++created;
        };
        std::thread a(worker, red), b(worker, blue);
        a.join();
        b.join();
        CPPUNIT_ASSERT_EQUAL(12, created.load());
        auto stored = photo_attributes(env(), "cirene");
        const auto large = mean_colour(stored["jpegPhoto"]);
        const auto thumb = mean_colour(stored["thumbnailPhoto"]);
        // Both attributes come from the same upload: same colour, and the matching size.
        const int which = close_colour(large, colours[0]) ? 0 : 1;
        CPPUNIT_ASSERT(close_colour(large, colours[which]));
        CPPUNIT_ASSERT(close_colour(thumb, colours[which]));
        CPPUNIT_ASSERT_EQUAL(which == 0 ? 648 : 500, jpeg_size(stored["jpegPhoto"]).first);
        CPPUNIT_ASSERT_EQUAL(96, jpeg_size(stored["thumbnailPhoto"]).first);
    }

    // A link signed for one photo version answers 404 once that version is deleted or replaced;
    // its `expires` is plain digits only.
    void email_links_die_with_their_photo_version() {
        const std::string me = kApi + "me/photo";
        const std::string default_link = local(photo_of("cadmin")["fullEmailPhotoUrl"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(200L, get(default_link, "").status);
        HttpReply first = send("POST", me, "cadmin", multipart(jpeg_of(solid(300, 300, 220, 20, 20))));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(first.body, 201L, first.status);
        const std::string first_link = local(json::parse(first.body)["fullEmailPhotoUrl"].get<std::string>());
        CPPUNIT_ASSERT(close_colour(mean_colour(get(first_link, "").body), {220, 20, 20}));
        expect_error(get(default_link, ""), 404, "NOT_FOUND");
        CPPUNIT_ASSERT_EQUAL(204L, send("DELETE", me, "cadmin", "", "").status);
        expect_error(get(first_link, ""), 404, "NOT_FOUND");
        HttpReply second = send("POST", me, "cadmin", multipart(jpeg_of(solid(300, 300, 20, 20, 220))));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(second.body, 201L, second.status);
        expect_error(get(first_link, ""), 404, "NOT_FOUND");
        const std::string second_link = local(json::parse(second.body)["fullEmailPhotoUrl"].get<std::string>());
        CPPUNIT_ASSERT(close_colour(mean_colour(get(second_link, "").body), {20, 20, 220}));
        // One link, one URL.
        const size_t at = second_link.find("expires=") + 8;
        for (const char* prefix : {"%2B", "0", "%20"}) {
            std::string altered = second_link;
            altered.insert(at, prefix);
            expect_error(get(altered, ""), 403, "INSUFFICIENT_ACCESS");
        }
        CPPUNIT_ASSERT_EQUAL(204L, send("DELETE", me, "cadmin", "", "").status);
    }

    void pictures_answer_if_none_match() {
        json doc = photo_of("cgrace");
        for (const char* key : {"smallPhotoUrl", "fullEmailPhotoUrl"}) {
            const std::string path = local(doc[key].get<std::string>());
            HttpReply first = get(path, "chank");
            CPPUNIT_ASSERT_EQUAL(200L, first.status);
            const std::string etag = first.header("ETag");
            CPPUNIT_ASSERT_MESSAGE(key, !etag.empty());
            for (const std::string& sent : {etag, "\"00000000\", W/" + etag, std::string("*")}) {
                HttpCall c;
                c.path = path;
                c.headers = {bearer("chank"), "If-None-Match: " + sent};
                HttpReply r = env().call(c);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(sent, 304L, r.status);
                CPPUNIT_ASSERT(r.body.empty());
                CPPUNIT_ASSERT_EQUAL(etag, r.header("ETag"));
            }
        }
        HttpReply photo = get(kApi + "me/photo", "cgrace");
        HttpCall again;
        again.path = kApi + "me/photo";
        again.headers = {bearer("cgrace"), "If-None-Match: " + photo.header("ETag")};
        CPPUNIT_ASSERT_EQUAL(304L, env().call(again).status);
    }

    HttpReply get_accepting(const std::string& path, const std::string& accept, const std::string& inm = "") {
        HttpCall c;
        c.path = path;
        c.headers.push_back(bearer("chank"));
        if (!accept.empty()) c.headers.push_back("Accept: " + accept);
        if (!inm.empty()) c.headers.push_back("If-None-Match: " + inm);
        return env().call(c);
    }

    void pictures_negotiate_formats_by_accept() {
        const std::string chrome = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
        const std::string path = local(photo_of("cgrace")["smallPhotoUrl"].get<std::string>());
        // Without UserPhotoFormats: JPEG whatever the client accepts, and nothing varies.
        HttpReply plain = get_accepting(path, chrome);
        CPPUNIT_ASSERT_EQUAL(200L, plain.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), plain.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string(), plain.header("Vary"));
        // With it: the format the Accept header names.
        const std::string offered = "/formats" + path;
        HttpReply avif = get_accepting(offered, chrome);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(avif.body, 200L, avif.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/avif"), avif.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("ftypavif"), avif.body.substr(4, 8));
        userphoto::image::RgbImage pixels;
        CPPUNIT_ASSERT(userphoto::image::decode_avif(avif.body, pixels));
        CPPUNIT_ASSERT_EQUAL(64, pixels.width);
        CPPUNIT_ASSERT_EQUAL(64, pixels.height);
        HttpReply webp = get_accepting(offered, "image/webp,*/*");
        CPPUNIT_ASSERT_EQUAL(std::string("image/webp"), webp.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::string("RIFF"), webp.body.substr(0, 4));
        CPPUNIT_ASSERT_EQUAL(std::string("WEBP"), webp.body.substr(8, 4));
        CPPUNIT_ASSERT(userphoto::image::decode_webp(webp.body, pixels));
        CPPUNIT_ASSERT_EQUAL(64, pixels.width);
        for (const std::string& accept : {std::string("*/*"), std::string(), std::string("text/html, image/jxl")}) {
            HttpReply jpeg = get_accepting(offered, accept);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(accept, std::string("image/jpeg"), jpeg.header("Content-Type"));
            CPPUNIT_ASSERT(jpeg_size(jpeg.body) == std::make_pair(64, 64));
            CPPUNIT_ASSERT_EQUAL(std::string("Accept"), jpeg.header("Vary"));
            // The JPEG keeps the tag it had before formats existed.
            CPPUNIT_ASSERT_EQUAL(plain.header("ETag"), jpeg.header("ETag"));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("Accept"), avif.header("Vary"));
        CPPUNIT_ASSERT_EQUAL(std::string("Accept"), webp.header("Vary"));
        // One tag per format; each is Not Modified for its own format only.
        CPPUNIT_ASSERT(avif.header("ETag") != webp.header("ETag") && avif.header("ETag") != plain.header("ETag"));
        HttpReply same = get_accepting(offered, chrome, avif.header("ETag"));
        CPPUNIT_ASSERT_EQUAL(304L, same.status);
        CPPUNIT_ASSERT_EQUAL(avif.header("ETag"), same.header("ETag"));
        CPPUNIT_ASSERT_EQUAL(std::string("Accept"), same.header("Vary"));
        CPPUNIT_ASSERT_EQUAL(304L, get_accepting(offered, "image/webp", webp.header("ETag")).status);
        CPPUNIT_ASSERT_EQUAL(304L, get_accepting(offered, "*/*", plain.header("ETag")).status);
        HttpReply other = get_accepting(offered, "*/*", avif.header("ETag"));
        CPPUNIT_ASSERT_EQUAL(200L, other.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), other.header("Content-Type"));
        // A second AVIF request is the cached rendition: the same bytes.
        CPPUNIT_ASSERT(get_accepting(offered, chrome).body == avif.body);
    }

    void internal_community_keeps_its_prefix() {
        const std::string prefix = "/services/data/v50.0/connect/communities/internal/user-profiles/";
        HttpReply r = get(prefix + "me/photo", "cgrace");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200L, r.status);
        json doc = json::parse(r.body);
        CPPUNIT_ASSERT(doc["url"].get<std::string>().starts_with(prefix + "005"));
        CPPUNIT_ASSERT_EQUAL(photo_of("cgrace")["photoVersionId"], doc["photoVersionId"]);
        expect_error(get("/services/data/v50.0/connect/communities/001000000000001/user-profiles/me/photo", "cgrace"), 404,
                     "NOT_FOUND");
    }

    // Basic credentials (like cookies) ride along with a cross-site form post; without a Bearer
    // token a write must come from this origin.
    void cross_site_writes_with_basic_auth_are_refused() {
        const std::string me = "/basic" + kApi + "me/photo";
        const auto before = photo_attributes(env(), "cjack");
        const std::string own = "http://127.0.0.1:" + std::to_string(env().httpd_port());
        auto write = [&](const std::string& method, std::vector<std::string> headers) {
            HttpCall c;
            c.method = method;
            c.path = me;
            c.user = "cjack@example.test";
            c.password = "pw-cjack";
            if (method == "POST") {
                c.body = multipart(jpeg_of(solid(120, 120, 90, 90, 90)));
                headers.push_back("Content-Type: multipart/form-data; boundary=" + kBoundary);
            }
            c.headers = headers;
            return env().call(c);
        };
        for (const std::vector<std::string>& hostile :
             {std::vector<std::string>{"Origin: https://evil.example"}, {"Sec-Fetch-Site: cross-site"}, {"Origin: null"}}) {
            expect_error(write("POST", hostile), 403, "INSUFFICIENT_ACCESS");
            expect_error(write("DELETE", hostile), 403, "INSUFFICIENT_ACCESS");
        }
        CPPUNIT_ASSERT(before == photo_attributes(env(), "cjack"));
        HttpReply same = write("POST", {"Origin: " + own, "Sec-Fetch-Site: same-origin"});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(same.body, 201L, same.status);
        // A Bearer token is never added by a browser on its own: its requests may come from anywhere.
        HttpCall token;
        token.method = "POST";
        token.path = kApi + "me/photo";
        token.body = multipart(jpeg_of(solid(120, 120, 60, 60, 60)));
        token.headers = {bearer("cjack"), "Origin: https://app.example", "Sec-Fetch-Site: cross-site",
                         "Content-Type: multipart/form-data; boundary=" + kBoundary};
        CPPUNIT_ASSERT_EQUAL(201L, env().call(token).status);
    }

    // UserPhotoMaxUploadPixels (25 MP by default): a small PNG whose header claims 6000 x 6600 is
    // refused from the header (it used to be decoded into a 119 MB buffer first).
    void upload_over_the_pixel_cap_is_413() {
        const auto before = photo_attributes(env(), "cgrace");
        std::string png = png_of(solid(4, 4, 1, 1, 1));
        for (int i = 0; i < 4; ++i) {
            png[16 + i] = static_cast<char>(6000u >> (24 - 8 * i));
            png[20 + i] = static_cast<char>(6600u >> (24 - 8 * i));
        }
        uint32_t crc = 0xFFFFFFFFu;  // the IHDR's CRC-32, so that libpng believes the header
        for (size_t i = 12; i < 29; ++i) {
            crc ^= static_cast<unsigned char>(png[i]);
            for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
        crc ^= 0xFFFFFFFFu;
        for (int i = 0; i < 4; ++i) png[29 + i] = static_cast<char>(crc >> (24 - 8 * i));
        HttpReply r = send("POST", kApi + "me/photo", "cgrace", multipart(png));
        expect_error(r, 413, "REQUEST_TOO_LARGE");
        CPPUNIT_ASSERT(r.body.find("6000x6600") != std::string::npos);
        CPPUNIT_ASSERT(before == photo_attributes(env(), "cgrace"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChatterIntegrationTest);
