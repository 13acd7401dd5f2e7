#include "link_secrets.h"

#include <string>

#include "apr_strings.h"
#include "directive_setter.h"
#include "http_core.h"
#include "http_log.h"
#include "service/link_signer.h"

namespace userphoto::glue {

extern "C" const char* set_link_secret(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (std::string(arg).size() < 16) return error(cmd, "the secret must be at least 16 characters long");
        server_config(cmd).link_secret = arg;
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

}  // namespace userphoto::glue
