// The content handler: picks the protocol by SetHandler name, adapts the request, calls the codec.
// The glue knows no wire format: it only moves bytes between httpd and lib/protocol.
#include "handlers.h"

#include <cstring>
#include <exception>

#include "avatar_glue.h"
#include "chatter_glue.h"
#include "ews_glue.h"
#include "graph_glue.h"
#include "log_bridge.h"
#include "onoffice_glue.h"
#include "protocol/ews/ews_handler.h"
#include "request_adapter.h"
#include "runtime.h"

namespace userphoto::glue {
namespace {

int serve_ews(request_rec* r) {
    const DirConfig* dir = dir_config(r);
    HttpRequest request = describe_request(r);
    const uint64_t cap = dir->max_body_bytes.value_or(kDefaultMaxBodyBytes);
    const bool allow_anonymous = dir->ews_allow_anonymous.value_or(false);
    // A request the codec refuses for want of a user (401) is not worth reading.
    if (request.method == "POST" && (allow_anonymous || !request.remote_user.empty())) {
        int rc = read_body(r, cap, request.body);
        if (rc != OK) return rc;
    }
    ews::EwsOptions options;
    options.not_found_status_500 = dir->ews_not_found_status.value_or(kDefaultEwsNotFoundStatus) == 500;
    options.max_body = static_cast<size_t>(cap);
    options.allow_anonymous = allow_anonymous;
    Logger log = request_logger(r);
    HttpResponse response = ews::handle_ews(request, provider_for(r), options, log);
    add_auth_challenge(r, response);
    return send_response(r, response);
}

}  // namespace

int handle_request(request_rec* r) {
    if (!r->handler) return DECLINED;
    int (*serve)(request_rec*) = nullptr;
    if (std::strcmp(r->handler, "userphoto-ews") == 0) serve = serve_ews;
    if (std::strcmp(r->handler, "userphoto-onoffice") == 0) serve = serve_onoffice;
    if (std::strcmp(r->handler, "userphoto-chatter") == 0) serve = serve_chatter;
    if (std::strcmp(r->handler, "userphoto-graph") == 0) serve = serve_graph;
    if (std::strcmp(r->handler, "userphoto-avatar") == 0) serve = serve_avatar;
    if (!serve) return DECLINED;
    // One barrier per hook: no C++ exception may unwind into httpd.
    try {
        return serve(r);
    } catch (const std::exception& e) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "mod_userphoto: internal error: %s", e.what());
    } catch (...) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "mod_userphoto: internal error");
    }
    return HTTP_INTERNAL_SERVER_ERROR;
}

}  // namespace userphoto::glue
