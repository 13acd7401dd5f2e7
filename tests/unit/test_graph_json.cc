// Graph metadata and error JSON, byte for byte: key order, quoting of the media ETag, the
// @odata.context URL, the sizes a photo lists, and the error shape with its ids.
#include <cppunit/extensions/HelperMacros.h>

#include <nlohmann/json.hpp>

#include "protocol/graph/errors.h"
#include "protocol/graph/photo_json.h"

using namespace userphoto;
using namespace userphoto::graph;

class GraphJsonTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(GraphJsonTest);
    CPPUNIT_TEST(photo_entity_bytes);
    CPPUNIT_TEST(photos_collection_bytes);
    CPPUNIT_TEST(odata_key_quotes_are_doubled);
    CPPUNIT_TEST(available_and_served_sizes);
    CPPUNIT_TEST(error_shape_and_ids);
    CPPUNIT_TEST(client_request_id_is_echoed_only_when_clean);
    CPPUNIT_TEST_SUITE_END();

    static PhotoMetadata meta() {
        PhotoMetadata m;
        m.service_root = "https://h:8443/graph/v1.0";
        m.user_key = "a5a5f5e2-0d4c-4c71-9f2b-6b8b2a4f3e10";
        m.etag = "BA09D118";
        return m;
    }

public:
    void photo_entity_bytes() {
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"@odata.context":"https://h:8443/graph/v1.0/$metadata#users('a5a5f5e2-0d4c-4c71-9f2b-6b8b2a4f3e10')/photo/$entity",)"
                        R"("@odata.mediaContentType":"image/jpeg","@odata.mediaEtag":"\"BA09D118\"",)"
                        R"("id":"240x240","width":240,"height":240})"),
            render_photo(meta(), 240, "photo"));
        CPPUNIT_ASSERT(render_photo(meta(), 48, "photos").find("')/photos/$entity\"") != std::string::npos);
    }

    void photos_collection_bytes() {
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"@odata.context":"https://h:8443/graph/v1.0/$metadata#users('a5a5f5e2-0d4c-4c71-9f2b-6b8b2a4f3e10')/photos",)"
                        R"("value":[{"@odata.mediaContentType":"image/jpeg","@odata.mediaEtag":"\"BA09D118\"","id":"48x48","width":48,"height":48},)"
                        R"({"@odata.mediaContentType":"image/jpeg","@odata.mediaEtag":"\"BA09D118\"","id":"64x64","width":64,"height":64}]})"),
            render_photos(meta(), {48, 64}));
        CPPUNIT_ASSERT(render_photos(meta(), {}).ends_with(R"("value":[]})"));
    }

    void odata_key_quotes_are_doubled() {
        PhotoMetadata m = meta();
        m.user_key = "o'brien@example.test";
        CPPUNIT_ASSERT(render_photo(m, 48, "photo").find("users('o''brien@example.test')") != std::string::npos);
    }

    void available_and_served_sizes() {
        CPPUNIT_ASSERT((available_sizes(648) == std::vector<int>{48, 64, 96, 120, 240, 360, 432, 504, 648}));
        CPPUNIT_ASSERT((available_sizes(1296) == std::vector<int>{48, 64, 96, 120, 240, 360, 432, 504, 648}));
        CPPUNIT_ASSERT((available_sizes(600) == std::vector<int>{48, 64, 96, 120, 240, 360, 432, 504}));
        CPPUNIT_ASSERT((available_sizes(96) == std::vector<int>{48, 64, 96}));
        CPPUNIT_ASSERT((available_sizes(40) == std::vector<int>{40}));  // never upscaled
        CPPUNIT_ASSERT(available_sizes(0).empty());
        CPPUNIT_ASSERT_EQUAL(504, served_size(0, 600));
        CPPUNIT_ASSERT_EQUAL(504, served_size(648, 600));
        CPPUNIT_ASSERT_EQUAL(240, served_size(240, 600));
        CPPUNIT_ASSERT_EQUAL(96, served_size(120, 96));
        CPPUNIT_ASSERT_EQUAL(40, served_size(48, 40));
    }

    void error_shape_and_ids() {
        HttpRequest request;
        request.now = 1'700'000'000;  // 2023-11-14T22:13:20Z
        request.headers["client-request-id"] = "abc-123";
        RequestIds ids = request_ids(request);
        CPPUNIT_ASSERT_EQUAL(std::string("abc-123"), ids.client_request_id);
        CPPUNIT_ASSERT_EQUAL(size_t(36), ids.request_id.size());
        CPPUNIT_ASSERT(ids.request_id != request_ids(request).request_id);
        HttpResponse r = image_not_found(ids);
        CPPUNIT_ASSERT_EQUAL(404, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), r.content_type);
        const std::string expected_head = R"({"error":{"code":"ImageNotFound","message":")";
        CPPUNIT_ASSERT(r.body.starts_with(expected_head));
        CPPUNIT_ASSERT(r.body.ends_with(R"(","innerError":{"date":"2023-11-14T22:13:20","request-id":")" +
                                        ids.request_id + R"(","client-request-id":"abc-123"}}})"));
        std::map<std::string, std::string> headers(r.headers.begin(), r.headers.end());
        CPPUNIT_ASSERT_EQUAL(ids.request_id, headers["request-id"]);
        CPPUNIT_ASSERT_EQUAL(std::string("abc-123"), headers["client-request-id"]);
        CPPUNIT_ASSERT_EQUAL(std::string("private"), headers["Cache-Control"]);
        // Every code in the reference, with its status.
        const std::pair<HttpResponse, std::pair<int, const char*>> cases[] = {
            {unauthenticated(ids), {401, "InvalidAuthenticationToken"}},
            {bad_request("x", ids), {400, "BadRequest"}},
            {malformed_id("x", ids), {400, "ErrorInvalidIdMalformed"}},
            {user_not_found("x", ids), {404, "Request_ResourceNotFound"}},
            {access_denied(ids), {403, "ErrorAccessDenied"}},
            {precondition_failed(ids), {412, "PreconditionFailed"}},
            {too_large(4194304, ids), {413, "ErrorRequestEntityTooLarge"}},
            {upload_failed("x", ids), {400, "ImageUploadFailed"}},
            {method_not_allowed("GET", ids), {405, "Request_BadRequest"}},
            {unavailable(ids), {503, "ServiceUnavailable"}},
        };
        for (const auto& [response, want] : cases) {
            CPPUNIT_ASSERT_EQUAL(want.first, response.status);
            auto doc = nlohmann::json::parse(response.body);
            CPPUNIT_ASSERT_EQUAL(std::string(want.second), doc["error"]["code"].get<std::string>());
            CPPUNIT_ASSERT(!doc["error"]["message"].get<std::string>().empty());
        }
    }

    // An echo is the client's own value or none: a value that would have to be cut or cleaned
    // (control characters, spaces, over 128 characters) is answered like a missing one.
    void client_request_id_is_echoed_only_when_clean() {
        HttpRequest request;
        request.headers["client-request-id"] = "a\"b-c_9{}";
        CPPUNIT_ASSERT_EQUAL(std::string("a\"b-c_9{}"), request_ids(request).client_request_id);
        request.headers["client-request-id"] = std::string(128, 'z');
        CPPUNIT_ASSERT_EQUAL(std::string(128, 'z'), request_ids(request).client_request_id);
        for (const std::string& bad : {std::string(129, 'z'), std::string("a b"), std::string("ab\x01"),
                                      std::string("\xc3\xa9t\xc3\xa9"), std::string("")}) {
            request.headers["client-request-id"] = bad;
            RequestIds ids = request_ids(request);
            CPPUNIT_ASSERT_EQUAL(ids.request_id, ids.client_request_id);
        }
        request.headers.clear();
        RequestIds ids = request_ids(request);
        CPPUNIT_ASSERT_EQUAL(ids.request_id, ids.client_request_id);  // none sent: Graph echoes its own
        // Invalid UTF-8 in a message never throws.
        HttpResponse r = bad_request(std::string("\xff\xfe bad"), ids);
        CPPUNIT_ASSERT_EQUAL(400, r.status);
        CPPUNIT_ASSERT(!nlohmann::json::parse(r.body).is_discarded());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GraphJsonTest);
