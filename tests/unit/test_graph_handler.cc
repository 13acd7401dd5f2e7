// The Graph endpoint against fake services: identity resolution (me, GUID, UPN, address), reads,
// 304, writes and who may make them, If-Match, caps, and that refused requests write nothing.
#include <cppunit/extensions/HelperMacros.h>

#include <nlohmann/json.hpp>

#include "protocol/graph/graph_handler.h"

using namespace userphoto;
using namespace userphoto::graph;

namespace {

const std::string kGuid = "0f3c6d1e-1111-4222-8333-444455556666";

struct Person {
    std::string dn, mail, upn, id;
    bool has_photo = false;
    uint32_t fingerprint = 0;
    int edge = 0;
};

class FakeDirectory : public PhotoProvider, public PhotoEditor {
public:
    std::vector<Person> people{{"uid=adele", "adele@x", "adele.upn@corp", kGuid, true, 0xBA09D118, 648},
                               {"uid=ben", "ben@x", "", "", true, 0x1, 600},
                               {"uid=cleo", "cleo@x", "", "", false, 0, 0},
                               {"uid=dot", "dot@x", "", "", true, 0x2, 40},
                               {"uid=root", "root@x", "", "", false, 0, 0}};
    int uploads = 0, removes = 0, reads = 0;
    std::string last_picture;
    std::vector<PhotoQuery> queries;
    WriteStatus next_write = WriteStatus::Ok;
    bool down = false;

    Person* find(const PhotoQuery& q) {
        queries.push_back(q);
        for (auto& p : people) {
            if (q.kind != IdentityKind::Attribute && p.mail == q.value) return &p;
            if (q.kind == IdentityKind::Attribute && q.attribute == "upn" && !p.upn.empty() && p.upn == q.value) return &p;
            if (q.kind == IdentityKind::Attribute && q.attribute == "uuid" && !p.id.empty() && p.id == q.value) return &p;
        }
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
        info.largest_edge = p->edge;
        return info;
    }
    PhotoResult get_photo(const PhotoQuery& q, const Logger&) override {
        ++reads;
        PhotoResult r;
        if (down) { r.status = PhotoStatus::Unavailable; return r; }
        Person* p = find(q);
        if (!p) return r;
        if (!p->has_photo) { r.status = PhotoStatus::NoPhoto; return r; }
        char hex[9];
        std::snprintf(hex, sizeof hex, "%08X", p->fingerprint);
        r.etag = hex;
        if (q.if_none_match.matches(r.etag)) { r.status = PhotoStatus::NotModified; return r; }
        r.status = PhotoStatus::Ok;
        r.edge = std::min(q.edge, p->edge);
        r.jpeg = "jpeg-" + std::to_string(r.edge);
        return r;
    }
    WriteResult upload(const std::string& dn, std::string_view picture, const std::optional<PhotoCrop>& crop,
                       const Logger&) override {
        CPPUNIT_ASSERT(!crop);
        WriteResult r;
        r.status = next_write;
        if (next_write != WriteStatus::Ok) { r.message = "nope"; return r; }
        ++uploads;
        last_picture = std::string(picture);
        for (auto& p : people)
            if (p.dn == dn) { p.has_photo = true; p.fingerprint += 1; p.edge = 648; }
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

}  // namespace

class GraphHandlerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(GraphHandlerTest);
    CPPUNIT_TEST(metadata_of_me_by_guid_upn_and_address);
    CPPUNIT_TEST(photos_list_only_sizes_without_upscaling);
    CPPUNIT_TEST(value_bytes_etag_and_304);
    CPPUNIT_TEST(ids_headers_on_success_and_error);
    CPPUNIT_TEST(unauthenticated_is_401_before_routing);
    CPPUNIT_TEST(bad_paths_ids_and_unknown_people);
    CPPUNIT_TEST(methods_per_resource);
    CPPUNIT_TEST(upload_own_photo_and_admin_uploads);
    CPPUNIT_TEST(others_photo_is_403_and_writes_nothing);
    CPPUNIT_TEST(if_match);
    CPPUNIT_TEST(upload_caps_and_bad_images);
    CPPUNIT_TEST(delete_is_204);
    CPPUNIT_TEST(directory_down_is_503);
    CPPUNIT_TEST_SUITE_END();

    FakeDirectory dir;
    GraphOptions options;

public:
    void setUp() override {
        dir = FakeDirectory();
        options = GraphOptions();
        options.id_attribute = "uuid";
        options.upn_attribute = "upn";
        options.admin_users = {"root@x"};
        options.max_upload_bytes = 1000;
    }

    HttpResponse call(const std::string& method, const std::string& path, const std::string& user = "adele@x",
                      const std::string& body = "", std::vector<std::pair<std::string, std::string>> headers = {}) {
        HttpRequest r;
        r.method = method;
        r.path = path;
        r.remote_user = user;
        r.base_url = "https://h";
        r.now = 1'700'000'000;
        for (auto& [k, v] : headers) r.headers[k] = v;
        StringBodySource source(body, 7);
        return handle_graph(r, source, dir, dir, options, Logger());
    }

    static std::string header(const HttpResponse& r, const std::string& name) {
        for (auto& [k, v] : r.headers)
            if (k == name) return v;
        return "";
    }
    static std::string code(const HttpResponse& r) {
        return nlohmann::json::parse(r.body)["error"]["code"].get<std::string>();
    }

    void metadata_of_me_by_guid_upn_and_address() {
        const std::string expected =
            R"({"@odata.context":"https://h/graph/v1.0/$metadata#users('0f3c6d1e-1111-4222-8333-444455556666')/photo/$entity",)"
            R"("@odata.mediaContentType":"image/jpeg","@odata.mediaEtag":"\"BA09D118\"","id":"648x648","width":648,"height":648})";
        for (const std::string& who : std::vector<std::string>{"me", "users/" + kGuid, "users/0F3C6D1E-1111-4222-8333-444455556666",
                                      "users/adele.upn@corp", "users/adele@x"}) {
            HttpResponse r = call("GET", "/graph/v1.0/" + who + "/photo");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(who + " " + r.body, 200, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/json"), r.content_type);
            CPPUNIT_ASSERT_EQUAL(expected, r.body);
            CPPUNIT_ASSERT_EQUAL(std::string("private"), header(r, "Cache-Control"));
        }
        // A GUID is looked up as the lowercase text; a name with '@' as UPN first, then address.
        dir.queries.clear();
        call("GET", "/graph/v1.0/users/0F3C6D1E-1111-4222-8333-444455556666/photo");
        CPPUNIT_ASSERT_EQUAL(kGuid, dir.queries.at(0).value);
        dir.queries.clear();
        call("GET", "/graph/v1.0/users/adele@x/photo");
        CPPUNIT_ASSERT_EQUAL(size_t(2), dir.queries.size());
        CPPUNIT_ASSERT_EQUAL(std::string("upn"), dir.queries[0].attribute);
        CPPUNIT_ASSERT(dir.queries[1].kind == IdentityKind::Email);
        // beta answers alike, with its own context; a person without an id shows the key asked for.
        HttpResponse r = call("GET", "/graph/beta/users/ben@x/photos/240x240");
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT(r.body.starts_with(R"({"@odata.context":"https://h/graph/beta/$metadata#users('ben@x')/photos/$entity")"));
        CPPUNIT_ASSERT(r.body.ends_with(R"("id":"240x240","width":240,"height":240})"));
    }

    void photos_list_only_sizes_without_upscaling() {
        HttpResponse r = call("GET", "/graph/v1.0/users/ben@x/photos");
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        auto doc = nlohmann::json::parse(r.body);
        std::vector<std::string> ids;
        for (auto& entry : doc["value"]) ids.push_back(entry["id"].get<std::string>());
        CPPUNIT_ASSERT((ids == std::vector<std::string>{"48x48", "64x64", "96x96", "120x120", "240x240", "360x360",
                                                        "432x432", "504x504"}));
        // The largest, and a size above the photo: the next smaller available one.
        CPPUNIT_ASSERT(call("GET", "/graph/v1.0/users/ben@x/photo").body.ends_with(R"("id":"504x504","width":504,"height":504})"));
        CPPUNIT_ASSERT(call("GET", "/graph/v1.0/users/ben@x/photos/648x648").body.ends_with(R"("id":"504x504","width":504,"height":504})"));
        // A photo under 48 px: its own edge is listed, and that id answers, metadata and bytes.
        r = call("GET", "/graph/v1.0/users/dot@x/photos");
        CPPUNIT_ASSERT(r.body.ends_with(R"("value":[{"@odata.mediaContentType":"image/jpeg","@odata.mediaEtag":"\"00000002\"","id":"40x40","width":40,"height":40}]})"));
        r = call("GET", "/graph/v1.0/users/dot@x/photos/40x40");
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT(r.body.ends_with(R"("id":"40x40","width":40,"height":40})"));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg-40"), call("GET", "/graph/v1.0/users/dot@x/photos/40x40/$value").body);
        // The same id of a larger photo: the smallest size, in the metadata and the bytes alike.
        CPPUNIT_ASSERT(call("GET", "/graph/v1.0/users/ben@x/photos/40x40").body.ends_with(R"("id":"48x48","width":48,"height":48})"));
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg-48"), call("GET", "/graph/v1.0/users/ben@x/photos/40x40/$value").body);
    }

    void value_bytes_etag_and_304() {
        HttpResponse r = call("GET", "/graph/v1.0/me/photo/$value");
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.content_type);
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg-648"), r.body);
        CPPUNIT_ASSERT_EQUAL(std::string("\"BA09D118\""), header(r, "ETag"));
        CPPUNIT_ASSERT_EQUAL(std::string("private"), header(r, "Cache-Control"));
        r = call("GET", "/graph/v1.0/me/photos/96x96/$value");
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg-96"), r.body);
        r = call("GET", "/graph/v1.0/me/photo/120x120/$value");
        CPPUNIT_ASSERT_EQUAL(std::string("jpeg-120"), r.body);
        r = call("GET", "/graph/v1.0/me/photos/96x96/$value", "adele@x", "", {{"If-None-Match", "\"BA09D118\""}});
        CPPUNIT_ASSERT_EQUAL(304, r.status);
        CPPUNIT_ASSERT(r.body.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("\"BA09D118\""), header(r, "ETag"));
        r = call("GET", "/graph/v1.0/me/photo/$value", "adele@x", "", {{"If-None-Match", "\"00000000\""}});
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        // No photo: ImageNotFound.
        r = call("GET", "/graph/v1.0/users/cleo@x/photo/$value");
        CPPUNIT_ASSERT_EQUAL(404, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("ImageNotFound"), code(r));
        r = call("GET", "/graph/v1.0/users/cleo@x/photo");
        CPPUNIT_ASSERT_EQUAL(std::string("ImageNotFound"), code(r));
    }

    void ids_headers_on_success_and_error() {
        for (const std::string path : {"/graph/v1.0/me/photo", "/graph/v1.0/me/photo/$value", "/graph/v1.0/nope"}) {
            HttpResponse r = call("GET", path, "adele@x", "", {{"client-request-id", "c-1"}});
            CPPUNIT_ASSERT_EQUAL(std::string("c-1"), header(r, "client-request-id"));
            CPPUNIT_ASSERT_EQUAL(size_t(36), header(r, "request-id").size());
        }
        HttpResponse r = call("GET", "/graph/v1.0/nope", "adele@x", "", {{"client-request-id", "c-2"}});
        auto doc = nlohmann::json::parse(r.body);
        CPPUNIT_ASSERT_EQUAL(std::string("c-2"), doc["error"]["innerError"]["client-request-id"].get<std::string>());
        CPPUNIT_ASSERT_EQUAL(header(r, "request-id"), doc["error"]["innerError"]["request-id"].get<std::string>());
    }

    void unauthenticated_is_401_before_routing() {
        for (const std::string path : {"/graph/v1.0/me/photo", "/graph/unauthenticated", "/graph/v9/x"}) {
            HttpResponse r = call("GET", path, "");
            CPPUNIT_ASSERT_EQUAL(401, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("InvalidAuthenticationToken"), code(r));
            CPPUNIT_ASSERT_EQUAL(std::string("Bearer"), header(r, "WWW-Authenticate"));
        }
        CPPUNIT_ASSERT_EQUAL(0, dir.reads);
        CPPUNIT_ASSERT(dir.queries.empty());
    }

    void bad_paths_ids_and_unknown_people() {
        HttpResponse r = call("GET", "/graph/v1.0/me/photos/100x100/$value");
        CPPUNIT_ASSERT_EQUAL(400, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("BadRequest"), code(r));
        CPPUNIT_ASSERT_EQUAL(std::string("BadRequest"), code(call("GET", "/graph/v1.0/me/photos/$value")));
        CPPUNIT_ASSERT_EQUAL(std::string("BadRequest"), code(call("GET", "/graph/v1.0/me/calendar")));
        r = call("GET", "/graph/v1.0/users/0f3c6d1e-1111-4222-8333-44445555666/photo");  // one digit short
        CPPUNIT_ASSERT_EQUAL(400, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("ErrorInvalidIdMalformed"), code(r));
        CPPUNIT_ASSERT_EQUAL(std::string("ErrorInvalidIdMalformed"), code(call("GET", "/graph/v1.0/users/adele/photo")));
        r = call("GET", "/graph/v1.0/users/nobody@x/photo/$value");
        CPPUNIT_ASSERT_EQUAL(404, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Request_ResourceNotFound"), code(r));
        r = call("GET", "/graph/v1.0/users/00000000-0000-4000-8000-000000000000/photo");
        CPPUNIT_ASSERT_EQUAL(std::string("Request_ResourceNotFound"), code(r));
    }

    void methods_per_resource() {
        HttpResponse r = call("POST", "/graph/v1.0/me/photo/$value", "adele@x", "x");
        CPPUNIT_ASSERT_EQUAL(405, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD, PUT, PATCH, DELETE"), header(r, "Allow"));
        r = call("PUT", "/graph/v1.0/me/photos/48x48/$value", "adele@x", "x");
        CPPUNIT_ASSERT_EQUAL(405, r.status);
        r = call("DELETE", "/graph/v1.0/me/photos");
        CPPUNIT_ASSERT_EQUAL(405, r.status);
        r = call("PUT", "/graph/v1.0/me/photo", "adele@x", "x");
        CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD, DELETE"), header(r, "Allow"));
        CPPUNIT_ASSERT_EQUAL(0, dir.uploads + dir.removes);
        CPPUNIT_ASSERT_EQUAL(200, call("HEAD", "/graph/v1.0/me/photo/$value").status);
    }

    void upload_own_photo_and_admin_uploads() {
        HttpResponse r = call("PUT", "/graph/v1.0/users/cleo@x/photo/$value", "cleo@x", "PNGDATA",
                              {{"Content-Type", "image/png"}});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, 200, r.status);
        CPPUNIT_ASSERT(r.body.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("PNGDATA"), dir.last_picture);
        CPPUNIT_ASSERT_EQUAL(200, call("PATCH", "/graph/v1.0/me/photo/$value", "ben@x", "JPEG").status);
        CPPUNIT_ASSERT_EQUAL(200, call("PUT", "/graph/beta/users/ben@x/photo/$value", "root@x", "JPEG2").status);
        CPPUNIT_ASSERT_EQUAL(3, dir.uploads);
    }

    void others_photo_is_403_and_writes_nothing() {
        HttpResponse r = call("PUT", "/graph/v1.0/users/ben@x/photo/$value", "adele@x", "JPEG");
        CPPUNIT_ASSERT_EQUAL(403, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("ErrorAccessDenied"), code(r));
        r = call("DELETE", "/graph/v1.0/users/" + kGuid + "/photo", "ben@x");
        CPPUNIT_ASSERT_EQUAL(403, r.status);
        CPPUNIT_ASSERT_EQUAL(0, dir.uploads + dir.removes);
        // Unknown target: 404 before anything is read.
        CPPUNIT_ASSERT_EQUAL(404, call("PUT", "/graph/v1.0/users/nobody@x/photo/$value", "root@x", "JPEG").status);
    }

    void if_match() {
        auto put = [&](const std::string& tag) {
            return call("PUT", "/graph/v1.0/me/photo/$value", "adele@x", "JPEG", {{"If-Match", tag}});
        };
        HttpResponse r = put("\"00000000\"");
        CPPUNIT_ASSERT_EQUAL(412, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("PreconditionFailed"), code(r));
        // If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches, even the current one.
        CPPUNIT_ASSERT_EQUAL(412, put("W/\"BA09D118\"").status);
        CPPUNIT_ASSERT_EQUAL(0, dir.uploads);
        CPPUNIT_ASSERT_EQUAL(200, put("\"00000000\", W/\"11111111\", \"BA09D118\"").status);  // one of a list
        CPPUNIT_ASSERT_EQUAL(412, put("\"BA09D118\"").status);  // the photo moved on
        CPPUNIT_ASSERT_EQUAL(200, put("\"BA09D119\"").status);
        CPPUNIT_ASSERT_EQUAL(200, put("*").status);
        // "*" needs a photo.
        r = call("DELETE", "/graph/v1.0/me/photo", "cleo@x", "", {{"If-Match", "*"}});
        CPPUNIT_ASSERT_EQUAL(412, r.status);
        CPPUNIT_ASSERT_EQUAL(0, dir.removes);
    }

    void upload_caps_and_bad_images() {
        HttpResponse r = call("PUT", "/graph/v1.0/me/photo/$value", "adele@x", std::string(1001, 'x'));
        CPPUNIT_ASSERT_EQUAL(413, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("ErrorRequestEntityTooLarge"), code(r));
        r = call("PUT", "/graph/v1.0/me/photo/$value", "adele@x", "x", {{"Content-Length", "5000000"}});
        CPPUNIT_ASSERT_EQUAL(413, r.status);
        r = call("PUT", "/graph/v1.0/me/photo/$value", "adele@x", "x", {{"Content-Length", "12abc"}});
        CPPUNIT_ASSERT_EQUAL(400, r.status);
        r = call("PUT", "/graph/v1.0/me/photo/$value", "adele@x", "");
        CPPUNIT_ASSERT_EQUAL(std::string("ImageUploadFailed"), code(r));
        CPPUNIT_ASSERT_EQUAL(0, dir.uploads);
        for (WriteStatus s : {WriteStatus::NotAnImage, WriteStatus::ImageTooLarge, WriteStatus::Refused}) {
            dir.next_write = s;
            r = call("PUT", "/graph/v1.0/me/photo/$value", "adele@x", "not an image");
            CPPUNIT_ASSERT_EQUAL(400, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("ImageUploadFailed"), code(r));
        }
        dir.next_write = WriteStatus::Unavailable;
        CPPUNIT_ASSERT_EQUAL(503, call("PUT", "/graph/v1.0/me/photo/$value", "adele@x", "x").status);
    }

    void delete_is_204() {
        HttpResponse r = call("DELETE", "/graph/v1.0/me/photo");
        CPPUNIT_ASSERT_EQUAL(204, r.status);
        CPPUNIT_ASSERT_EQUAL(1, dir.removes);
        CPPUNIT_ASSERT_EQUAL(std::string("ImageNotFound"), code(call("GET", "/graph/v1.0/me/photo/$value")));
        CPPUNIT_ASSERT_EQUAL(204, call("DELETE", "/graph/v1.0/users/adele@x/photo", "root@x").status);
        // Microsoft documents DELETE on photo/$value (Remove-MgUserPhotoContent): the same removal,
        // with the same rights and If-Match.
        CPPUNIT_ASSERT_EQUAL(403, call("DELETE", "/graph/v1.0/users/ben@x/photo/$value", "adele@x").status);
        CPPUNIT_ASSERT_EQUAL(412, call("DELETE", "/graph/v1.0/users/ben@x/photo/$value", "ben@x", "",
                                       {{"If-Match", "\"00000000\""}}).status);
        CPPUNIT_ASSERT_EQUAL(2, dir.removes);
        CPPUNIT_ASSERT_EQUAL(204, call("DELETE", "/graph/v1.0/users/ben@x/photo/$value", "ben@x").status);
        CPPUNIT_ASSERT_EQUAL(3, dir.removes);
        CPPUNIT_ASSERT_EQUAL(std::string("ImageNotFound"), code(call("GET", "/graph/v1.0/users/ben@x/photo", "ben@x")));
    }

    void directory_down_is_503() {
        dir.down = true;
        for (const std::string path : {"/graph/v1.0/me/photo", "/graph/v1.0/me/photo/$value"}) {
            HttpResponse r = call("GET", path);
            CPPUNIT_ASSERT_EQUAL(503, r.status);
            CPPUNIT_ASSERT_EQUAL(std::string("ServiceUnavailable"), code(r));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GraphHandlerTest);
