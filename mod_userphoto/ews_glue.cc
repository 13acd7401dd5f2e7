#include "ews_glue.h"
#include "directive_setter.h"

#include <string>
#include <vector>

#include "http_core.h"
#include "http_protocol.h"

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

}  // namespace userphoto::glue
