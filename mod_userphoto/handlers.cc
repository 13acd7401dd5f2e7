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
#include "status_glue.h"

namespace userphoto::glue {
int handle_request(request_rec* r) {
    if (!r->handler) return DECLINED;
    int (*serve)(request_rec*) = nullptr;
    if (std::strcmp(r->handler, "userphoto-ews") == 0) serve = serve_ews;
    if (std::strcmp(r->handler, "userphoto-onoffice") == 0) serve = serve_onoffice;
    if (std::strcmp(r->handler, "userphoto-chatter") == 0) serve = serve_chatter;
    if (std::strcmp(r->handler, "userphoto-graph") == 0) serve = serve_graph;
    if (std::strcmp(r->handler, "userphoto-avatar") == 0) serve = serve_avatar;
    if (std::strcmp(r->handler, "userphoto-status") == 0) serve = serve_status;
    if (!serve) return DECLINED;
    int rc = HTTP_INTERNAL_SERVER_ERROR;
    // One barrier per hook: no C++ exception may unwind into httpd.
    try {
        rc = serve(r);
    } catch (const std::exception& e) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "mod_userphoto: internal error: %s", e.what());
    } catch (...) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, "mod_userphoto: internal error");
    }
    // Every protocol's requests are counted here, once: OK means the handler sent r->status,
    // anything else is the status httpd answers with.
    record_request(r->handler, rc == OK || rc == DONE ? r->status : rc, apr_time_now() - r->request_time);
    return rc;
}

}  // namespace userphoto::glue
