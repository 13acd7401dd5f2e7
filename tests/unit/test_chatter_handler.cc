// The Salesforce Connect endpoint against fake services: status codes, error bodies, access rules,
// crop precedence, and that failed requests write nothing.
#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <nlohmann/json.hpp>

#include "protocol/chatter/chatter_handler.h"
#include "protocol/chatter/salesforce_id.h"

using namespace userphoto;
using namespace userphoto::chatter;

namespace {

struct Person {
    std::string dn, mail, id;
    bool has_photo = false;
    uint32_t fingerprint = 0;
};

class FakeDirectory : public PhotoProvider, public PhotoEditor {
public:
    std::vector<Person> people{{"uid=alice", "alice@x", "005000000001001", true, 0xAB},
                               {"uid=bob", "bob@x", "005000000001002", false, 0}};
    int uploads = 0, removes = 0;
    std::optional<PhotoCrop> last_crop;
    std::string last_picture;
    WriteStatus next_write = WriteStatus::Ok;
    bool down = false;

    Person* find(const PhotoQuery& q) {
        for (auto& p : people)
            if ((q.kind == IdentityKind::RemoteUser && p.mail == q.value) ||
                (q.kind == IdentityKind::Attribute && p.id == q.value))
                return &p;
        return nullptr;
    }
    PersonPhotoInfo lookup(const PhotoQuery& q, const Logger&) override {
        PersonPhotoInfo info;
        if (down) { info.status = PhotoStatus::Unavailable; return info; }
        Person* p = find(q);
        if (!p) return info;
        info.dn = p->dn;
        info.profile_id = p->id;
        info.status = p->has_photo ? PhotoStatus::Ok : PhotoStatus::NoPhoto;
        info.fingerprint = p->fingerprint;
        return info;
    }
    PhotoResult get_photo(const PhotoQuery& q, const Logger&) override {
        PhotoResult r;
        Person* p = find(q);
        if (!p) return r;
        if (!p->has_photo) { r.status = PhotoStatus::NoPhoto; return r; }
        r.status = PhotoStatus::Ok;
        char hex[9];
        std::snprintf(hex, sizeof hex, "%08X", p->fingerprint);
        r.etag = hex;
        r.jpeg = "photo-" + std::to_string(q.edge);
        r.edge = q.edge;
        return r;
    }
    WriteResult upload(const std::string& dn, std::string_view picture, const std::optional<PhotoCrop>& crop,
                       const Logger&) override {
        WriteResult r;
        r.status = next_write;
        if (next_write != WriteStatus::Ok) { r.message = "nope"; return r; }
        ++uploads;
        last_crop = crop;
        last_picture = std::string(picture);
        for (auto& p : people)
            if (p.dn == dn) { p.has_photo = true; p.fingerprint += 1; }
        return r;
    }
    WriteResult remove(const std::string& dn, const Logger&) override {
        ++removes;
        for (auto& p : people)
            if (p.dn == dn) p.has_photo = false;
        return WriteResult{WriteStatus::Ok, ""};
    }
    std::string default_photo(int edge) override { return "default-" + std::to_string(edge); }
};

const std::string kBoundary = "b0undary";

std::string multipart(const std::vector<std::tuple<std::string, std::string, std::string>>& parts) {
    std::string body;
    for (auto& [name, filename, data] : parts) {
        body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
        if (!filename.empty()) body += "; filename=\"" + filename + "\"";
        body += "\r\n\r\n" + data + "\r\n";
    }
    return body + "--" + kBoundary + "--\r\n";
}

}  // namespace

class ChatterHandlerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ChatterHandlerTest);
    CPPUNIT_TEST(get_photo_of_me_and_by_id);
    CPPUNIT_TEST(get_without_photo_points_to_default);
    CPPUNIT_TEST(unauthenticated_is_401);
    CPPUNIT_TEST(bad_ids_and_unknown_people);
    CPPUNIT_TEST(pictures_are_versioned);
    CPPUNIT_TEST(public_links_need_a_valid_signature);
    CPPUNIT_TEST(post_uploads_with_json_crop);
    CPPUNIT_TEST(query_crop_only_without_json_part);
    CPPUNIT_TEST(json_part_sent_as_a_file_is_the_photo_input);
    CPPUNIT_TEST(post_errors_write_nothing);
    CPPUNIT_TEST(file_id_is_explained);
    CPPUNIT_TEST(only_self_or_admin_may_write);
    CPPUNIT_TEST(delete_removes_and_legacy_refuses_delete);
    CPPUNIT_TEST(write_failures_map_to_statuses);
    CPPUNIT_TEST(directory_down_is_503);
    CPPUNIT_TEST(public_links_die_with_their_version);
    CPPUNIT_TEST(expires_is_plain_digits);
    CPPUNIT_TEST(pictures_and_photos_answer_if_none_match);
    CPPUNIT_TEST(internal_community_keeps_its_prefix);
    CPPUNIT_TEST(cross_site_writes_without_a_token_are_refused);
    CPPUNIT_TEST_SUITE_END();

    FakeDirectory dir;
    LinkSigner signer{"unit-test-secret-0123456789"};
    ChatterOptions options;
    std::map<std::string, std::string> extra_headers;  // added to every call

    HttpResponse call(const std::string& method, const std::string& path, const std::string& user = "alice@x",
                      const std::string& body = "", const std::string& content_type = "",
                      const std::string& query = "") {
        HttpRequest r;
        r.method = method;
        r.path = path;
        r.query = query;
        r.remote_user = user;
        r.base_url = "https://h";
        r.now = 1'700'000'000;
        if (!content_type.empty()) r.headers["Content-Type"] = content_type;
        r.headers["Content-Length"] = std::to_string(body.size());
        for (const auto& [name, value] : extra_headers) r.headers[name] = value;
        StringBodySource source(body, 5);
        return handle_chatter(r, source, dir, dir, signer, options, Logger());
    }

    static std::string error_code(const HttpResponse& r) {
        auto doc = nlohmann::json::parse(r.body);
        return doc.at(0).at("errorCode").get<std::string>();
    }

    HttpResponse post(const std::string& body, const std::string& path = "/sd/v50.0/connect/user-profiles/me/photo",
                      const std::string& user = "alice@x", const std::string& query = "") {
        return call("POST", path, user, body, "multipart/form-data; boundary=" + kBoundary, query);
    }

public:
    void setUp() override {
        options.admin_users = {"root@x"};
        extra_headers.clear();
    }

    static std::optional<std::string> header_of(const HttpResponse& r, const std::string& name) {
        for (const auto& [key, value] : r.headers)
            if (key == name) return value;
        return std::nullopt;
    }

    // path and query of an e-mail link in a Photo answer
    std::pair<std::string, std::string> email_link(const std::string& user, const char* key = "fullEmailPhotoUrl") {
        auto doc = nlohmann::json::parse(call("GET", "/sd/v50.0/connect/user-profiles/me/photo", user).body);
        const std::string link = doc[key].get<std::string>().substr(std::string("https://h").size());
        return {link.substr(0, link.find('?')), link.substr(link.find('?') + 1)};
    }

    // A link signed for one photo version is dead once that version is gone (DELETE, re-upload).
    void public_links_die_with_their_version() {
        const auto [old_path, old_query] = email_link("alice@x");
        CPPUNIT_ASSERT_EQUAL(200, call("GET", old_path, "", "", "", old_query).status);
        CPPUNIT_ASSERT_EQUAL(204, call("DELETE", "/sd/v50.0/connect/user-profiles/me/photo").status);
        HttpResponse deleted = call("GET", old_path, "", "", "", old_query);
        CPPUNIT_ASSERT_EQUAL(404, deleted.status);
        CPPUNIT_ASSERT_EQUAL(std::string("NOT_FOUND"), error_code(deleted));
        const auto [default_path, default_query] = email_link("alice@x");
        CPPUNIT_ASSERT_EQUAL(std::string("default-200"), call("GET", default_path, "", "", "", default_query).body);
        CPPUNIT_ASSERT_EQUAL(201, post(multipart({{"fileUpload", "a.jpg", "PICTURE"}})).status);
        CPPUNIT_ASSERT_EQUAL(404, call("GET", old_path, "", "", "", old_query).status);
        CPPUNIT_ASSERT_EQUAL(404, call("GET", default_path, "", "", "", default_query).status);
        const auto [new_path, new_query] = email_link("alice@x");
        CPPUNIT_ASSERT_EQUAL(std::string("photo-200"), call("GET", new_path, "", "", "", new_query).body);
        // The authenticated picture URL of an old version still shows the current picture, uncached.
        HttpResponse files = call("GET", "/sd/userphoto-files/005000000001001AAA/" + photo_version_id(0xAB) + "/large.jpg");
        CPPUNIT_ASSERT_EQUAL(200, files.status);
        CPPUNIT_ASSERT(header_of(files, "Cache-Control")->find("no-cache") != std::string::npos);
    }

    // One link, one URL: "+1", leading zeros, spaces and trailing text are not the signed number.
    void expires_is_plain_digits() {
        const auto [path, query] = email_link("alice@x");
        CPPUNIT_ASSERT_EQUAL(200, call("GET", path, "", "", "", query).status);
        const size_t at = query.find("expires=") + 8;
        const size_t end = query.find('&', at);
        const std::string value = query.substr(at, end - at);
        for (const std::string& bad : {"%2B" + value, "+" + value, "0" + value, "%20" + value, value + "%20",
                                       value + "x", value + ".0", std::string("")}) {
            std::string altered = query;
            altered.replace(at, end - at, bad);
            HttpResponse r = call("GET", path, "", "", "", altered);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 403, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("INSUFFICIENT_ACCESS"), error_code(r));
        }
    }

    // RFC 9110 on the picture URLs and the Photo resource: ETag, and 304 for a matching tag in a
    // list, a weak tag or `*`.
    void pictures_and_photos_answer_if_none_match() {
        const std::string picture = "/sd/userphoto-files/005000000001001AAA/" + photo_version_id(0xAB) + "/small.jpg";
        HttpResponse plain = call("GET", picture);
        CPPUNIT_ASSERT_EQUAL(std::string("\"000000AB\""), header_of(plain, "ETag").value_or(""));
        for (const char* sent : {"\"000000AB\"", "\"1\", \"000000AB\"", "W/\"000000AB\"", "*"}) {
            extra_headers["If-None-Match"] = sent;
            HttpResponse r = call("GET", picture);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(sent, 304, r.status);
            CPPUNIT_ASSERT(r.body.empty());
            CPPUNIT_ASSERT_EQUAL(std::string("\"000000AB\""), header_of(r, "ETag").value_or(""));
            CPPUNIT_ASSERT(header_of(r, "Cache-Control"));
        }
        extra_headers["If-None-Match"] = "\"1\", W/\"2\"";
        CPPUNIT_ASSERT_EQUAL(200, call("GET", picture).status);
        // The default picture has its own tag.
        const std::string none = "/sd/userphoto-files/005000000001002AAA/default/small.jpg";
        extra_headers.clear();
        HttpResponse fallback = call("GET", none);
        CPPUNIT_ASSERT_EQUAL(std::string("\"default\""), header_of(fallback, "ETag").value_or(""));
        extra_headers["If-None-Match"] = "\"default\"";
        CPPUNIT_ASSERT_EQUAL(304, call("GET", none).status);
        // The Photo resource.
        extra_headers.clear();
        HttpResponse photo = call("GET", "/sd/v50.0/connect/user-profiles/me/photo");
        const std::string etag = header_of(photo, "ETag").value_or("");
        CPPUNIT_ASSERT_EQUAL(size_t(10), etag.size());
        extra_headers["If-None-Match"] = "W/" + etag;
        HttpResponse unchanged = call("GET", "/sd/v50.0/connect/user-profiles/me/photo");
        CPPUNIT_ASSERT_EQUAL(304, unchanged.status);
        CPPUNIT_ASSERT(unchanged.body.empty());
        CPPUNIT_ASSERT_EQUAL(200, call("GET", "/sd/v50.0/connect/user-profiles/me/photo", "bob@x").status);
    }

    void internal_community_keeps_its_prefix() {
        for (const std::string community : {"internal", "0DB000000000001", "0DB000000000001AAA"}) {
            HttpResponse r = call("GET", "/sd/v50.0/connect/communities/" + community + "/user-profiles/me/photo");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(community, 200, r.status);
            auto doc = nlohmann::json::parse(r.body);
            CPPUNIT_ASSERT_EQUAL("/sd/v50.0/connect/communities/" + community + "/user-profiles/005000000001001AAA/photo",
                                 doc["url"].get<std::string>());
        }
        for (const std::string community : {"Internal", "001000000000001", "0DB00000000000", "internal2"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(community, 404,
                                         call("GET", "/sd/v50.0/connect/communities/" + community + "/user-profiles/me/photo").status);
    }

    // Cookies and cached Basic credentials ride along with cross-site requests; a Bearer token
    // does not. Writes without one from another origin are refused and change nothing.
    void cross_site_writes_without_a_token_are_refused() {
        const std::string picture = multipart({{"fileUpload", "a.jpg", "PICTURE"}});
        const std::vector<std::map<std::string, std::string>> hostile = {
            {{"Origin", "https://evil.example"}},
            {{"Origin", "null"}},
            {{"Sec-Fetch-Site", "cross-site"}},
            {{"Origin", "https://h"}, {"Sec-Fetch-Site", "cross-site"}},
            {{"Origin", "https://h.evil.example"}},
            {{"Origin", "https://photos.example"}, {"Host", "h"}},
        };
        for (const auto& headers : hostile) {
            extra_headers = headers;
            HttpResponse r = post(picture);
            CPPUNIT_ASSERT_EQUAL(403, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("INSUFFICIENT_ACCESS"), error_code(r));
            CPPUNIT_ASSERT_EQUAL(403, call("DELETE", "/sd/v50.0/connect/user-profiles/me/photo").status);
        }
        CPPUNIT_ASSERT_EQUAL(0, dir.uploads);
        CPPUNIT_ASSERT_EQUAL(0, dir.removes);
        const std::vector<std::map<std::string, std::string>> fine = {
            {},
            {{"Origin", "https://h"}},
            {{"Sec-Fetch-Site", "same-origin"}},
            {{"Origin", "https://evil.example"}, {"Authorization", "Bearer abc"}},
            {{"Sec-Fetch-Site", "cross-site"}, {"Authorization", "bearer abc"}},
            // Behind a TLS-terminating proxy: the page is https, this server sees http.
            {{"Origin", "https://photos.example"}, {"Host", "photos.example"}, {"Sec-Fetch-Site", "same-origin"}},
        };
        for (const auto& headers : fine) {
            extra_headers = headers;
            CPPUNIT_ASSERT_EQUAL(201, post(picture).status);
        }
        CPPUNIT_ASSERT_EQUAL(6, dir.uploads);
        // Reads are not affected.
        extra_headers = {{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}};
        CPPUNIT_ASSERT_EQUAL(200, call("GET", "/sd/v50.0/connect/user-profiles/me/photo").status);
    }

    void get_photo_of_me_and_by_id() {
        HttpResponse me = call("GET", "/sd/v50.0/connect/user-profiles/me/photo");
        CPPUNIT_ASSERT_EQUAL(200, me.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json;charset=UTF-8"), me.content_type);
        auto doc = nlohmann::json::parse(me.body);
        CPPUNIT_ASSERT_EQUAL(photo_version_id(0xAB), doc["photoVersionId"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(std::string("/sd/v50.0/connect/user-profiles/005000000001001AAA/photo"),
                             doc["url"].get<std::string>());
        HttpResponse by_id = call("GET", "/sd/v50.0/connect/user-profiles/005000000001001AAA/photo", "bob@x");
        CPPUNIT_ASSERT_EQUAL(200, by_id.status);
        CPPUNIT_ASSERT_EQUAL(me.body, by_id.body);
    }

    void get_without_photo_points_to_default() {
        auto doc = nlohmann::json::parse(call("GET", "/sd/v50.0/connect/user-profiles/me/photo", "bob@x").body);
        CPPUNIT_ASSERT(doc["photoVersionId"].is_null());
        CPPUNIT_ASSERT(doc["smallPhotoUrl"].get<std::string>().find("/default/small.jpg") != std::string::npos);
    }

    void unauthenticated_is_401() {
        for (const char* path : {"/sd/v50.0/connect/user-profiles/me/photo", "/sd/userphoto-public/unauthenticated",
                                 "/sd/userphoto-files/005000000001001AAA/default/small.jpg"}) {
            HttpResponse r = call("GET", path, "");
            CPPUNIT_ASSERT_EQUAL(401, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("INVALID_SESSION_ID"), error_code(r));
        }
        CPPUNIT_ASSERT_EQUAL(401, call("POST", "/sd/v50.0/connect/user-profiles/me/photo", "", "x").status);
        CPPUNIT_ASSERT_EQUAL(0, dir.uploads);
    }

    void bad_ids_and_unknown_people() {
        HttpResponse bad = call("GET", "/sd/v50.0/connect/user-profiles/001000000001001/photo");
        CPPUNIT_ASSERT_EQUAL(400, bad.status);
        CPPUNIT_ASSERT_EQUAL(std::string("INVALID_ID_FIELD"), error_code(bad));
        HttpResponse unknown = call("GET", "/sd/v50.0/connect/user-profiles/005000000009999/photo");
        CPPUNIT_ASSERT_EQUAL(404, unknown.status);
        CPPUNIT_ASSERT_EQUAL(std::string("NOT_FOUND"), error_code(unknown));
        CPPUNIT_ASSERT_EQUAL(404, call("GET", "/sd/v50.0/connect/nothing").status);
        CPPUNIT_ASSERT_EQUAL(404, call("GET", "/sd/v50.0/connect/user-profiles/me/photo", "stranger@x").status);
        HttpResponse put = call("PUT", "/sd/v50.0/connect/user-profiles/me/photo");
        CPPUNIT_ASSERT_EQUAL(405, put.status);
    }

    void pictures_are_versioned() {
        const std::string current = photo_version_id(0xAB);
        HttpResponse r = call("GET", "/sd/userphoto-files/005000000001001AAA/" + current + "/medium.jpg", "bob@x");
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.content_type);
        CPPUNIT_ASSERT_EQUAL(std::string("photo-160"), r.body);
        CPPUNIT_ASSERT_EQUAL(std::string("Cache-Control"), r.headers.at(0).first);
        CPPUNIT_ASSERT(r.headers.at(0).second.find("immutable") != std::string::npos);
        HttpResponse stale = call("GET", "/sd/userphoto-files/005000000001001AAA/" + photo_version_id(1) + "/small.jpg");
        CPPUNIT_ASSERT_EQUAL(std::string("photo-64"), stale.body);
        CPPUNIT_ASSERT(stale.headers.at(0).second.find("no-cache") != std::string::npos);
        HttpResponse none = call("GET", "/sd/userphoto-files/005000000001002AAA/default/large.jpg");
        CPPUNIT_ASSERT_EQUAL(std::string("default-200"), none.body);
        CPPUNIT_ASSERT(none.headers.at(0).second.find("immutable") != std::string::npos);
    }

    void public_links_need_a_valid_signature() {
        auto doc = nlohmann::json::parse(call("GET", "/sd/v50.0/connect/user-profiles/me/photo").body);
        const std::string link = doc["fullEmailPhotoUrl"].get<std::string>();
        const std::string path = link.substr(std::string("https://h").size(), link.find('?') - 9);
        const std::string query = link.substr(link.find('?') + 1);
        HttpResponse ok = call("GET", path, "", "", "", query);
        CPPUNIT_ASSERT_EQUAL(200, ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("photo-200"), ok.body);
        CPPUNIT_ASSERT(ok.headers.at(0).second.find("public") != std::string::npos);
        std::string forged = query;
        forged[forged.size() - 2] = forged[forged.size() - 2] == 'A' ? 'B' : 'A';
        CPPUNIT_ASSERT_EQUAL(403, call("GET", path, "", "", "", forged).status);
        CPPUNIT_ASSERT_EQUAL(403, call("GET", path, "", "", "", "").status);
        // The same signature does not open another size.
        std::string other = path;
        other.replace(other.find("large.jpg"), 9, "small.jpg");
        CPPUNIT_ASSERT_EQUAL(403, call("GET", other, "", "", "", query).status);
    }

    void post_uploads_with_json_crop() {
        HttpResponse r = post(multipart({{"json", "", R"({"cropX":1,"cropY":"2","cropSize":3})"},
                                         {"fileUpload", "a.png", "PICTURE"}}),
                              "/sd/v50.0/connect/user-profiles/me/photo", "alice@x", "cropX=9&cropY=9&cropSize=9");
        CPPUNIT_ASSERT_EQUAL(201, r.status);
        CPPUNIT_ASSERT_EQUAL(1, dir.uploads);
        CPPUNIT_ASSERT_EQUAL(std::string("PICTURE"), dir.last_picture);
        CPPUNIT_ASSERT(dir.last_crop);
        CPPUNIT_ASSERT_EQUAL(1, dir.last_crop->x);
        CPPUNIT_ASSERT_EQUAL(3, dir.last_crop->size);
        auto doc = nlohmann::json::parse(r.body);
        CPPUNIT_ASSERT_EQUAL(photo_version_id(0xAC), doc["photoVersionId"].get<std::string>());
    }

    void query_crop_only_without_json_part() {
        CPPUNIT_ASSERT_EQUAL(201, post(multipart({{"fileUpload", "a.gif", "PIC"}}),
                                       "/sd/v50.0/connect/user-profiles/me/photo", "alice@x",
                                       "cropX=4&cropY=5&cropSize=6")
                                      .status);
        CPPUNIT_ASSERT(dir.last_crop);
        CPPUNIT_ASSERT_EQUAL(6, dir.last_crop->size);
        CPPUNIT_ASSERT_EQUAL(201, post(multipart({{"fileUpload", "", "PIC"}})).status);  // no filename
        CPPUNIT_ASSERT(!dir.last_crop);
    }

    // curl -F 'json=@input.json;type=application/json' and a browser's FormData with a Blob both give
    // the json part a filename: it is still the Photo Input, not a second file.
    void json_part_sent_as_a_file_is_the_photo_input() {
        HttpResponse r = post(multipart({{"fileUpload", "a.png", "PIC"},
                                         {"json", "blob", R"({"cropX":7,"cropY":8,"cropSize":9})"}}));
        CPPUNIT_ASSERT_EQUAL(201, r.status);
        CPPUNIT_ASSERT(dir.last_crop);
        CPPUNIT_ASSERT_EQUAL(7, dir.last_crop->x);
        CPPUNIT_ASSERT_EQUAL(8, dir.last_crop->y);
        CPPUNIT_ASSERT_EQUAL(9, dir.last_crop->size);
        // Two Photo Inputs are still two non-binary parts, whatever their filenames.
        r = post(multipart({{"json", "a.json", "{}"}, {"json", "b.json", "{}"}, {"fileUpload", "a", "P"}}));
        CPPUNIT_ASSERT_EQUAL(400, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("INVALID_MULTIPART_REQUEST"), error_code(r));
        CPPUNIT_ASSERT_EQUAL(1, dir.uploads);
    }

    void post_errors_write_nothing() {
        auto expect = [&](const HttpResponse& r, int status, const std::string& code) {
            CPPUNIT_ASSERT_EQUAL(status, r.status);
            CPPUNIT_ASSERT_EQUAL(code, error_code(r));
        };
        expect(post(multipart({{"json", "", "{}"}, {"extra", "", "x"}, {"fileUpload", "a", "P"}})), 400,
               "INVALID_MULTIPART_REQUEST");
        CPPUNIT_ASSERT(nlohmann::json::parse(
                           post(multipart({{"json", "", "{}"}, {"x", "", "y"}, {"fileUpload", "a", "P"}})).body)[0]["message"] ==
                       "Cannot include more than one non-binary part");
        expect(post(multipart({{"json", "", "{}"}})), 400, "INVALID_MULTIPART_REQUEST");  // no file
        expect(post(multipart({{"fileUpload", "a", "P"}, {"fileUpload", "b", "Q"}})), 400, "INVALID_MULTIPART_REQUEST");
        expect(post(multipart({{"json", "", "{nope"}, {"fileUpload", "a", "P"}})), 400, "JSON_PARSER_ERROR");
        expect(post(multipart({{"json", "", R"({"cropX":1})"}, {"fileUpload", "a", "P"}})), 400, "INVALID_INPUT");
        expect(post("--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"fileUpload\"\r\n\r\nP"), 400,
               "INVALID_MULTIPART_REQUEST");  // truncated
        expect(call("POST", "/sd/v50.0/connect/user-profiles/me/photo", "alice@x", "x", "multipart/form-data"), 400,
               "INVALID_MULTIPART_REQUEST");  // no boundary
        expect(post(multipart({{"fileUpload", "a", ""}})), 400, "INVALID_INPUT");
        options.max_upload_bytes = 100;
        expect(post(multipart({{"fileUpload", "a", std::string(200, 'x')}})), 413, "REQUEST_TOO_LARGE");
        CPPUNIT_ASSERT_EQUAL(0, dir.uploads);
    }

    void file_id_is_explained() {
        HttpResponse r = call("POST", "/sd/v50.0/connect/user-profiles/me/photo", "alice@x",
                              R"({"fileId":"069000000000001AAA","versionNumber":1})", "application/json");
        CPPUNIT_ASSERT_EQUAL(400, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("INVALID_INPUT"), error_code(r));
        CPPUNIT_ASSERT(r.body.find("fileId") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("JSON_PARSER_ERROR"),
                             error_code(call("POST", "/sd/v50.0/connect/user-profiles/me/photo", "alice@x", "{x",
                                             "application/json")));
        CPPUNIT_ASSERT_EQUAL(0, dir.uploads);
    }

    void only_self_or_admin_may_write() {
        const std::string alice = "/sd/v50.0/connect/user-profiles/005000000001001/photo";
        HttpResponse denied = post(multipart({{"fileUpload", "a", "P"}}), alice, "bob@x");
        CPPUNIT_ASSERT_EQUAL(403, denied.status);
        CPPUNIT_ASSERT_EQUAL(std::string("INSUFFICIENT_ACCESS"), error_code(denied));
        CPPUNIT_ASSERT_EQUAL(403, call("DELETE", alice, "bob@x").status);
        CPPUNIT_ASSERT_EQUAL(0, dir.uploads + dir.removes);
        CPPUNIT_ASSERT_EQUAL(201, post(multipart({{"fileUpload", "a", "P"}}), alice, "alice@x").status);
        CPPUNIT_ASSERT_EQUAL(201, post(multipart({{"fileUpload", "a", "P"}}), alice, "root@x").status);
        CPPUNIT_ASSERT_EQUAL(2, dir.uploads);
    }

    void delete_removes_and_legacy_refuses_delete() {
        HttpResponse r = call("DELETE", "/sd/v50.0/connect/user-profiles/me/photo");
        CPPUNIT_ASSERT_EQUAL(204, r.status);
        CPPUNIT_ASSERT(r.body.empty());
        CPPUNIT_ASSERT_EQUAL(1, dir.removes);
        auto doc = nlohmann::json::parse(call("GET", "/sd/v50.0/connect/user-profiles/me/photo").body);
        CPPUNIT_ASSERT(doc["photoVersionId"].is_null());
        CPPUNIT_ASSERT_EQUAL(405, call("DELETE", "/sd/v30.0/chatter/users/me/photo").status);
        CPPUNIT_ASSERT_EQUAL(201, post(multipart({{"fileUpload", "a", "P"}}), "/sd/v30.0/chatter/users/me/photo").status);
    }

    void write_failures_map_to_statuses() {
        const std::map<WriteStatus, std::pair<int, std::string>> expected{
            {WriteStatus::NotAnImage, {400, "INVALID_INPUT"}},
            {WriteStatus::BadCrop, {400, "INVALID_INPUT"}},
            {WriteStatus::ImageTooLarge, {413, "REQUEST_TOO_LARGE"}},
            {WriteStatus::Refused, {400, "INVALID_INPUT"}},
            {WriteStatus::NoSuchPerson, {404, "NOT_FOUND"}},
            {WriteStatus::Unavailable, {503, "SERVER_UNAVAILABLE"}}};
        for (auto& [status, answer] : expected) {
            dir.next_write = status;
            HttpResponse r = post(multipart({{"fileUpload", "a", "P"}}));
            CPPUNIT_ASSERT_EQUAL(answer.first, r.status);
            CPPUNIT_ASSERT_EQUAL(answer.second, error_code(r));
        }
    }

    void directory_down_is_503() {
        dir.down = true;
        HttpResponse r = call("GET", "/sd/v50.0/connect/user-profiles/me/photo");
        CPPUNIT_ASSERT_EQUAL(503, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("SERVER_UNAVAILABLE"), error_code(r));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ChatterHandlerTest);
