#include "protocol/chatter/errors.h"

#include <nlohmann/json.hpp>

namespace userphoto::chatter {

HttpResponse error_response(int status, std::string_view error_code, std::string_view message) {
    HttpResponse response;
    response.status = status;
    response.content_type = kJsonType;
    nlohmann::json error = nlohmann::json::object();
    error["errorCode"] = std::string(error_code);
    error["message"] = std::string(message);
    // Invalid UTF-8 in an echoed value must not throw: replace it.
    response.body = nlohmann::json::array({error}).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.add_header("Cache-Control", "no-store");
    return response;
}

HttpResponse not_found() { return error_response(404, "NOT_FOUND", "The requested resource does not exist"); }

HttpResponse invalid_session() {
    HttpResponse response = error_response(401, "INVALID_SESSION_ID", "Session expired or invalid");
    response.add_header("WWW-Authenticate", "Bearer");
    return response;
}

HttpResponse invalid_id(std::string_view id) {
    return error_response(400, "INVALID_ID_FIELD", "Invalid user id: " + std::string(id.substr(0, 64)));
}

HttpResponse insufficient_access(std::string_view message) {
    return error_response(403, "INSUFFICIENT_ACCESS", message);
}

HttpResponse invalid_input(std::string_view message) { return error_response(400, "INVALID_INPUT", message); }

HttpResponse invalid_multipart(std::string_view message) {
    return error_response(400, "INVALID_MULTIPART_REQUEST", message);
}

HttpResponse json_parser_error(std::string_view message) { return error_response(400, "JSON_PARSER_ERROR", message); }

HttpResponse request_too_large(std::string_view message) {
    return error_response(413, "REQUEST_TOO_LARGE", message);
}

HttpResponse method_not_allowed(std::string_view allow) {
    HttpResponse response = error_response(405, "METHOD_NOT_ALLOWED", "HTTP method not allowed; allowed: " + std::string(allow));
    response.add_header("Allow", std::string(allow));
    return response;
}

HttpResponse unavailable() {
    return error_response(503, "SERVER_UNAVAILABLE", "The directory is unavailable; try again later");
}

HttpResponse internal_error() {
    return error_response(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred");
}

}  // namespace userphoto::chatter
