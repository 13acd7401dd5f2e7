#include "protocol/graph/errors.h"

#include <nlohmann/json.hpp>
#include <random>

#include "protocol/graph/guid.h"

namespace userphoto::graph {
namespace {

// Request ids need to be unique, not secret: a per-thread generator seeded once.
Guid random_guid() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    Guid guid{};
    for (size_t i = 0; i < guid.size(); i += 8) {
        uint64_t bits = generator();
        for (size_t j = 0; j < 8; ++j) guid[i + j] = static_cast<uint8_t>(bits >> (8 * j));
    }
    guid[6] = static_cast<uint8_t>((guid[6] & 0x0F) | 0x40);  // version 4
    guid[8] = static_cast<uint8_t>((guid[8] & 0x3F) | 0x80);  // RFC 4122 variant
    return guid;
}

// Graph's innerError date: ISO 8601 UTC without a zone letter.
std::string iso_date(std::time_t when) {
    std::tm tm{};
    gmtime_r(&when, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    return text;
}

// A client's id is echoed in a header and in JSON as it came, or not at all: visible ASCII only, at
// most 128 characters. Anything else ("" here) is answered like a missing id.
std::string echoable_client_id(std::string_view value) {
    if (value.size() > 128) return {};
    for (char c : value)
        if (c <= 0x20 || c >= 0x7F) return {};
    return std::string(value);
}

}  // namespace

RequestIds request_ids(const HttpRequest& request) {
    RequestIds ids;
    ids.request_id = guid_text(random_guid());
    ids.client_request_id = echoable_client_id(request.header("client-request-id"));
    if (ids.client_request_id.empty()) ids.client_request_id = ids.request_id;
    ids.now = request.now;
    return ids;
}

void add_id_headers(HttpResponse& response, const RequestIds& ids) {
    response.add_header("request-id", ids.request_id);
    response.add_header("client-request-id", ids.client_request_id);
}

HttpResponse error_response(int status, std::string_view code, std::string_view message, const RequestIds& ids) {
    HttpResponse response;
    response.status = status;
    response.content_type = kJsonType;
    nlohmann::ordered_json inner = nlohmann::ordered_json::object();
    inner["date"] = iso_date(ids.now);
    inner["request-id"] = ids.request_id;
    inner["client-request-id"] = ids.client_request_id;
    nlohmann::ordered_json error = nlohmann::ordered_json::object();
    error["code"] = std::string(code);
    error["message"] = std::string(message);
    error["innerError"] = std::move(inner);
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    doc["error"] = std::move(error);
    // Invalid UTF-8 in an echoed value must not throw: replace it.
    response.body = doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    response.add_header("Cache-Control", "private");
    add_id_headers(response, ids);
    return response;
}

HttpResponse unauthenticated(const RequestIds& ids) {
    HttpResponse response =
        error_response(401, "InvalidAuthenticationToken", "Access token is empty or invalid.", ids);
    response.add_header("WWW-Authenticate", "Bearer");
    return response;
}

HttpResponse bad_request(std::string_view message, const RequestIds& ids) {
    return error_response(400, "BadRequest", message, ids);
}

HttpResponse malformed_id(std::string_view id, const RequestIds& ids) {
    return error_response(400, "ErrorInvalidIdMalformed",
                          "Id is malformed: '" + std::string(id.substr(0, 64)) +
                              "' is neither an object id (GUID), a userPrincipalName nor an address.",
                          ids);
}

HttpResponse user_not_found(std::string_view id, const RequestIds& ids) {
    return error_response(404, "Request_ResourceNotFound",
                          "Resource '" + std::string(id.substr(0, 64)) +
                              "' does not exist or one of its queried reference-property objects are not present.",
                          ids);
}

HttpResponse image_not_found(const RequestIds& ids) {
    return error_response(404, "ImageNotFound", "The user has no profile photo.", ids);
}

HttpResponse access_denied(const RequestIds& ids) {
    return error_response(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.", ids);
}

HttpResponse precondition_failed(const RequestIds& ids) {
    return error_response(412, "PreconditionFailed", "The If-Match ETag does not match the current photo.", ids);
}

HttpResponse too_large(uint64_t cap, const RequestIds& ids) {
    return error_response(413, "ErrorRequestEntityTooLarge",
                          "The photo is larger than the limit of " + std::to_string(cap) + " bytes.", ids);
}

HttpResponse upload_failed(std::string_view message, const RequestIds& ids) {
    return error_response(400, "ImageUploadFailed", message, ids);
}

HttpResponse method_not_allowed(std::string_view allow, const RequestIds& ids) {
    HttpResponse response = error_response(405, "Request_BadRequest",
                                           "The method is not allowed on this resource; allowed: " + std::string(allow), ids);
    response.add_header("Allow", std::string(allow));
    return response;
}

HttpResponse unavailable(const RequestIds& ids) {
    return error_response(503, "ServiceUnavailable", "The directory is unavailable; try again later.", ids);
}

HttpResponse internal_error(const RequestIds& ids) {
    return error_response(500, "InternalServerError", "An unexpected error occurred.", ids);
}

}  // namespace userphoto::graph
