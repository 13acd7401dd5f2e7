#include "ews_glue.h"
#include "directive_setter.h"

#include <string>
#include <vector>

#include "http_core.h"
#include "http_protocol.h"
#include "log_bridge.h"
#include "protocol/ews/ews_handler.h"
#include "request_adapter.h"
#include "runtime.h"

namespace userphoto::glue {
namespace {

// Filled while the parent reads the configuration (one thread), read in post_config.
std::vector<std::string> anonymous_locations;

}  // namespace

extern "C" const char* set_ews_allow_anonymous(cmd_parms* cmd, void* dir, int on) {
    return guarded(cmd, [&]() -> const char* {
        static_cast<DirConfig*>(dir)->ews_allow_anonymous = on != 0;
        if (on) {
            std::string where = cmd->path ? cmd->path : "the server";
            if (cmd->directive && cmd->directive->filename)
                where += std::string(" (") + cmd->directive->filename + ":" + std::to_string(cmd->directive->line_num) + ")";
            anonymous_locations.push_back(where);
        }
        return nullptr;
    });
}

void forget_anonymous_ews_locations() { anonymous_locations.clear(); }

void warn_anonymous_ews_locations(server_rec* main_server) {
    for (const std::string& where : anonymous_locations)
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, main_server,
                     "mod_userphoto: UserPhotoEWSAllowAnonymous on for %s: EWS serves any photo to anyone there "
                     "and tells which addresses exist",
                     where.c_str());
}

void add_auth_challenge(request_rec* r, const HttpResponse& response) {
    if (response.status == HTTP_UNAUTHORIZED && ap_auth_type(r)) ap_note_auth_failure(r);
}

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
    FallbackPhotos photos = fallback_provider_for(r);
    HttpResponse response = ews::handle_ews(request, photos, options, log);
    add_auth_challenge(r, response);
    return send_response(r, response);
}

}  // namespace userphoto::glue
