#include "request_adapter.h"

#include <algorithm>
#include <cstdlib>

#include "apr_strings.h"
#include "http_core.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::glue {
namespace {

constexpr size_t kWritePiece = 256 * 1024;  // far below INT_MAX

}  // namespace

HttpRequest describe_request(request_rec* r) {
    HttpRequest request;
    request.method = r->method ? r->method : "";
    request.path = r->uri ? r->uri : "";
    request.query = r->args ? r->args : "";
    request.remote_user = r->user ? r->user : "";
    request.base_url = ap_construct_url(r->pool, "", r);
    if (!request.base_url.empty() && request.base_url.back() == '/') request.base_url.pop_back();
    request.now = static_cast<std::time_t>(apr_time_sec(r->request_time));
    // Read on demand: a request carries a dozen headers or more (mod_auth_openidc adds its
    // claims), of which a codec reads two or three.
    const apr_table_t* headers_in = r->headers_in;
    request.header_source = [headers_in](const std::string& name) -> std::optional<std::string> {
        // The last of several with the name, as a map filled from the table in order would keep.
        const apr_array_header_t* array = apr_table_elts(headers_in);
        const auto* entries = reinterpret_cast<const apr_table_entry_t*>(array->elts);
        const char* found = nullptr;
        for (int i = 0; i < array->nelts; ++i)
            if (entries[i].key && iequals(entries[i].key, name)) found = entries[i].val ? entries[i].val : "";
        if (!found) return std::nullopt;
        return std::string(found);
    };
    return request;
}

int read_body(request_rec* r, uint64_t cap, std::string& into) {
    const char* declared = apr_table_get(r->headers_in, "Content-Length");
    if (declared) {
        const std::optional<uint64_t> length = parse_content_length(declared);
        if (length && *length > cap) return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    RequestBody body(r);
    if (int rc = body.start(); rc != OK) return rc;
    switch (read_capped(body, cap, into)) {
        case BodyRead::Ok: return OK;
        // Keep the connection sane: httpd discards the rest of the body after the error.
        case BodyRead::TooLarge: return HTTP_REQUEST_ENTITY_TOO_LARGE;
        case BodyRead::Failed: break;
    }
    return HTTP_BAD_REQUEST;
}

int RequestBody::start() {
    if (!started_) {
        started_ = true;
        setup_ = ap_setup_client_block(r_, REQUEST_CHUNKED_DECHUNK);
        if (setup_ != OK || !ap_should_client_block(r_)) done_ = true;
    }
    return setup_;
}

long RequestBody::read(char* into, size_t capacity) {
    if (start() != OK) return -1;
    if (done_) return 0;
    const long n = ap_get_client_block(r_, into, capacity);
    if (n <= 0) done_ = true;
    return n;
}

int send_response(request_rec* r, const HttpResponse& response) {
    r->status = response.status;
    for (const auto& [name, value] : response.headers)
        apr_table_set(r->headers_out, name.c_str(), value.c_str());
    if (response.status == HTTP_NOT_MODIFIED || response.status == HTTP_NO_CONTENT) {
        // No entity: httpd writes the status line and headers only.
        return OK;
    }
    if (!response.content_type.empty()) ap_set_content_type(r, apr_pstrdup(r->pool, response.content_type.c_str()));
    ap_set_content_length(r, static_cast<apr_off_t>(response.body.size()));
    if (r->header_only) return OK;
    // Bounded pieces: ap_rwrite takes an int, and each piece goes down the filter chain on its own.
    const char* data = response.body.data();
    for (size_t left = response.body.size(); left > 0;) {
        const size_t piece = std::min(left, kWritePiece);
        if (ap_rwrite(data, static_cast<int>(piece), r) < 0) break;  // the client went away
        data += piece;
        left -= piece;
    }
    return OK;
}

}  // namespace userphoto::glue
