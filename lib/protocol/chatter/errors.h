// Salesforce-shaped error answers: a JSON array of {errorCode, message}. Statuses are never
// retryable (429/5xx) for a deterministic error: jsforce retries those.
#pragma once
#include <string_view>

#include "protocol/http_exchange.h"

namespace userphoto::chatter {

inline constexpr const char* kJsonType = "application/json;charset=UTF-8";

HttpResponse error_response(int status, std::string_view error_code, std::string_view message);

HttpResponse not_found();                            // 404 NOT_FOUND
HttpResponse invalid_session();                      // 401 INVALID_SESSION_ID
HttpResponse invalid_id(std::string_view id);        // 400 INVALID_ID_FIELD
HttpResponse insufficient_access(std::string_view message);  // 403 INSUFFICIENT_ACCESS
HttpResponse invalid_input(std::string_view message);        // 400 INVALID_INPUT
HttpResponse invalid_multipart(std::string_view message);    // 400 INVALID_MULTIPART_REQUEST
HttpResponse json_parser_error(std::string_view message);    // 400 JSON_PARSER_ERROR
HttpResponse request_too_large(std::string_view message);    // 413 REQUEST_TOO_LARGE
HttpResponse method_not_allowed(std::string_view allow);     // 405 METHOD_NOT_ALLOWED + Allow
HttpResponse unavailable();                          // 503 SERVER_UNAVAILABLE (a real outage)
HttpResponse internal_error();                       // 500 UNKNOWN_EXCEPTION (a bug)

}  // namespace userphoto::chatter
