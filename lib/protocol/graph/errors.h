// Graph-shaped error answers:
//   {"error":{"code":"...","message":"...","innerError":{"date":"...","request-id":"...","client-request-id":"..."}}}
// with the request-id / client-request-id headers every Graph answer carries.
#pragma once
#include <ctime>
#include <string>
#include <string_view>

#include "protocol/http_exchange.h"

namespace userphoto::graph {

inline constexpr const char* kJsonType = "application/json";

// The ids one request is answered with.
struct RequestIds {
    std::string request_id;         // made here, a GUID
    std::string client_request_id;  // the client's header as sent (if clean and short), else request_id
    std::time_t now = 0;
};

RequestIds request_ids(const HttpRequest& request);

// Adds request-id and client-request-id to any answer.
void add_id_headers(HttpResponse& response, const RequestIds& ids);

HttpResponse error_response(int status, std::string_view code, std::string_view message, const RequestIds& ids);

HttpResponse unauthenticated(const RequestIds& ids);                            // 401 InvalidAuthenticationToken
HttpResponse bad_request(std::string_view message, const RequestIds& ids);      // 400 BadRequest
HttpResponse malformed_id(std::string_view id, const RequestIds& ids);          // 400 ErrorInvalidIdMalformed
HttpResponse user_not_found(std::string_view id, const RequestIds& ids);        // 404 Request_ResourceNotFound
HttpResponse image_not_found(const RequestIds& ids);                            // 404 ImageNotFound
HttpResponse access_denied(const RequestIds& ids);                              // 403 ErrorAccessDenied
HttpResponse precondition_failed(const RequestIds& ids);                        // 412 PreconditionFailed
HttpResponse too_large(uint64_t cap, const RequestIds& ids);                    // 413 ErrorRequestEntityTooLarge
HttpResponse upload_failed(std::string_view message, const RequestIds& ids);    // 400 ImageUploadFailed
HttpResponse method_not_allowed(std::string_view allow, const RequestIds& ids); // 405 Request_BadRequest + Allow
HttpResponse unavailable(const RequestIds& ids);                                // 503 ServiceUnavailable (an outage)
HttpResponse internal_error(const RequestIds& ids);                             // 500 InternalServerError (a bug)

}  // namespace userphoto::graph
