#include "graph_glue.h"
#include "directive_setter.h"

#include <algorithm>

#include "log_bridge.h"
#include "protocol/graph/errors.h"
#include "protocol/graph/graph_handler.h"
#include "request_adapter.h"
#include "runtime.h"
#include "util/strings.h"

namespace userphoto::glue {

extern "C" const char* set_graph_id_attribute(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (const char* bad = check_attribute(cmd, arg)) return bad;
        server_config(cmd).graph_id_attribute = arg;
        return nullptr;
    });
}

extern "C" const char* set_graph_upn_attribute(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (const char* bad = check_attribute(cmd, arg)) return bad;
        server_config(cmd).graph_upn_attribute = arg;
        return nullptr;
    });
}

int serve_graph(request_rec* r) {
    ServerState* state = server_state(r->server);
    Logger log = request_logger(r);
    HttpRequest request = describe_request(r);
    if (!state->runtime || !state->runtime->graph_editor) {
        log.error(kNotConfigured);
        // The codec owns the wire format: the same answer as any directory outage.
        return send_response(r, graph::unavailable(graph::request_ids(request)));
    }
    const DirConfig* dir = dir_config(r);
    graph::GraphOptions options;
    options.id_attribute = state->config.graph_id_attribute.value_or(kDefaultGraphIdAttribute);
    // Active Directory's objectGUID is binary; every other id attribute holds the GUID as text.
    options.id_encoding = iequals(options.id_attribute, "objectGUID") ? graph::GuidEncoding::Microsoft
                                                                      : graph::GuidEncoding::Text;
    options.upn_attribute = state->config.graph_upn_attribute.value_or(kDefaultGraphUpnAttribute);
    options.max_upload_bytes = std::min(kGraphMaxUploadBytes, dir->max_upload_bytes.value_or(kGraphMaxUploadBytes));
    if (state->config.admin_users) options.admin_users = *state->config.admin_users;
    RequestBody body(r);
    FallbackPhotos photos = fallback_provider_for(r);
    HttpResponse response = graph::handle_graph(request, body, photos, *state->runtime->graph_editor,
                                                options, log);
    return send_response(r, response);
}

}  // namespace userphoto::glue
