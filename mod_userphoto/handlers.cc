// The content handler: picks the protocol by SetHandler name, adapts the request, calls the codec.
// The glue knows no wire format: it only moves bytes between httpd and lib/protocol.
#include "handlers.h"

#include <cstring>
#include <exception>

#include "avatar_glue.h"
#include "chatter_glue.h"
#include "ews_glue.h"
#include "graph_glue.h"
#include "onoffice_glue.h"

namespace userphoto::glue {
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
