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

extern "C" const char* set_link_secret(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (std::string(arg).size() < 16) return error(cmd, "the secret must be at least 16 characters long");
        server_config(cmd).link_secret = arg;
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

namespace {

constexpr const char* kDefaultSecretKey = "mod_userphoto default link secret";

// One random secret per httpd parent, made at its first start and kept in the process pool, which
// outlives every configuration cycle: graceful restarts (a daily logrotate) keep links valid.
std::string default_link_secret(server_rec* s) {
    apr_pool_t* pool = s->process->pool;
    void* kept = nullptr;
    apr_pool_userdata_get(&kept, kDefaultSecretKey, pool);
    if (kept) return static_cast<const char*>(kept);
    std::string random = random_secret_hex(32);
    if (!random.empty())
        apr_pool_userdata_set(apr_pstrdup(pool, random.c_str()), kDefaultSecretKey, apr_pool_cleanup_null, pool);
    return random;
}

}  // namespace

void ensure_link_secrets(server_rec* main_server) {
    // httpd runs post_config twice at start-up; say it once, on the run that serves.
    const bool announce = ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_CREATE_PRE_CONFIG;
    std::string random;
    for (server_rec* s = main_server; s; s = s->next) {
        ServerState* state = server_state(s);
        state->link_secret_generated = false;
        if (state->config.link_secret) continue;
        if (random.empty()) random = default_link_secret(main_server);
        if (random.empty()) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
                         "mod_userphoto: no random bytes for the photo link secret; e-mail photo links and the "
                         "shared photo cache are disabled");
            continue;
        }
        state->config.link_secret = random;
        state->link_secret_generated = true;
        if (announce && state->config.ldap_url)
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s,
                         "mod_userphoto: UserPhotoLinkSecret is not set: photo links are signed with a random secret "
                         "that lasts until httpd stops and that other servers do not share; set one");
    }
}

void create_chatter_runtime(Runtime& runtime, const ServerConfig& config, const ResolvedSettings& settings,
                            const std::shared_ptr<directory::Directory>& directory) {
    runtime.editor = make_photo_writer(config, settings, directory,
                                       config.chatter_id_attribute.value_or(kDefaultChatterIdAttribute));
    runtime.signer = std::make_shared<LinkSigner>(config.link_secret.value_or(""));
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
    RequestBody body(r);
    HttpResponse response = chatter::handle_chatter(request, body, *state->runtime->photos, *state->runtime->editor,
                                                    *state->runtime->signer, options, log);
    return send_response(r, response);
}

}  // namespace userphoto::glue
