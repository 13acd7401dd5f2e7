#include "chatter_glue.h"
#include "directive_setter.h"

#include <exception>

#include "apr_strings.h"
#include "http_protocol.h"
#include "http_core.h"
#include "log_bridge.h"
#include "protocol/chatter/chatter_handler.h"
#include "protocol/chatter/errors.h"
#include "request_adapter.h"
#include "runtime.h"
#include "service/link_signer.h"

namespace userphoto::glue {
extern "C" const char* set_chatter_id_attribute(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (const char* bad = check_attribute(cmd, arg)) return bad;
        server_config(cmd).chatter_id_attribute = arg;
        return nullptr;
    });
}

extern "C" const char* set_upload_attributes(cmd_parms* cmd, void*, const char* large, const char* thumb) {
    return guarded(cmd, [&]() -> const char* {
        for (const char* name : {large, thumb})
            if (const char* bad = check_attribute(cmd, name)) return bad;
        server_config(cmd).upload_attributes = std::make_pair(std::string(large), std::string(thumb));
        return nullptr;
    });
}

extern "C" const char* add_admin_user(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        ServerConfig& config = server_config(cmd);
        if (!config.admin_users) config.admin_users = std::vector<std::string>();
        config.admin_users->push_back(arg);
        return nullptr;
    });
}

extern "C" const char* set_max_upload(cmd_parms* cmd, void* dir, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto n = parse_byte_size(arg);
        if (!n) return error(cmd, "expects a size such as 10M");
        static_cast<DirConfig*>(dir)->max_upload_bytes = *n;
        return nullptr;
    });
}

extern "C" const char* set_max_upload_pixels(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto n = parse_byte_size(arg);  // same suffixes as UserPhotoMaxImagePixels: 25M = 25 Mi pixels
        if (!n || *n == 0) return error(cmd, "expects a pixel count such as 25000000 or 24M");
        server_config(cmd).max_upload_pixels = *n;
        return nullptr;
    });
}

int serve_chatter(request_rec* r) {
    ServerState* state = server_state(r->server);
    Logger log = request_logger(r);
    HttpRequest request = describe_request(r);
    if (!state->runtime || !state->runtime->editor || !state->runtime->signer) {
        log.error(kNotConfigured);
        // The codec owns the wire format: the same answer as any directory outage.
        return send_response(r, chatter::error_response(503, "SERVER_UNAVAILABLE", "The photo service is not configured"));
    }
    const DirConfig* dir = dir_config(r);
    chatter::ChatterOptions options;
    options.id_attribute = state->config.chatter_id_attribute.value_or(kDefaultChatterIdAttribute);
    options.max_upload_bytes = dir->max_upload_bytes.value_or(kDefaultMaxUploadBytes);
    if (state->config.admin_users) options.admin_users = *state->config.admin_users;
    options.formats = dir->formats.value_or(FormatSet{});
    RequestBody body(r);
    HttpResponse response = chatter::handle_chatter(request, body, *state->runtime->photos, *state->runtime->editor,
                                                    *state->runtime->signer, options, log);
    return send_response(r, response);
}

}  // namespace userphoto::glue
