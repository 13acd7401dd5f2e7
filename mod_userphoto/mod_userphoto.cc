// The module record and hook registration.
#include "glue.h"

#include <cstring>
#include <exception>

#include "config_directives.h"
#include "directory_directives.h"
#include "ews_glue.h"
#include "handlers.h"
#include "http_core.h"
#include "http_request.h"
#include "ap_expr.h"
#include "apr_tables.h"
#include "protocol/chatter/oauth_scheme.h"
#include "runtime.h"
#include "socache_glue.h"
#include "status_glue.h"
#include "util/malloc_settings.h"

namespace userphoto::glue {

ServerState* server_state(const server_rec* s) {
    return static_cast<ServerState*>(ap_get_module_config(s->module_config, &userphoto_module));
}

DirConfig* dir_config(const request_rec* r) {
    return static_cast<DirConfig*>(ap_get_module_config(r->per_dir_config, &userphoto_module));
}

}  // namespace userphoto::glue

namespace {

using namespace userphoto::glue;

extern "C" int userphoto_pre_config(apr_pool_t* pconf, apr_pool_t*, apr_pool_t*) {
    register_cache_mutex(pconf);
    forget_anonymous_ews_locations();
    return OK;
}

extern "C" int userphoto_post_config(apr_pool_t* pconf, apr_pool_t*, apr_pool_t* ptemp, server_rec* s) {
    try {
        return check_configuration(pconf, ptemp, s);
    } catch (const std::exception& e) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, "mod_userphoto: start-up check failed: %s", e.what());
    } catch (...) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, "mod_userphoto: start-up check failed");
    }
    return HTTP_INTERNAL_SERVER_ERROR;
}

extern "C" void userphoto_child_init(apr_pool_t* pchild, server_rec* s) {
    userphoto::keep_freed_memory_for_reuse();  // before the worker threads start
    try {
        create_child_runtimes(pchild, s);
    } catch (const std::exception& e) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, "mod_userphoto: child start failed: %s", e.what());
    } catch (...) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, "mod_userphoto: child start failed");
    }
}

extern "C" int userphoto_handler(request_rec* r) { return handle_request(r); }

// The SetHandler of the request's <Location>, known before httpd sets r->handler (after
// authentication); nullptr when there is none.
const char* configured_handler(request_rec* r) {
    const auto* core = static_cast<const core_dir_config*>(ap_get_core_module_config(r->per_dir_config));
    if (!core || !core->expr_handler) return nullptr;
    const char* error = nullptr;
    const char* handler = ap_expr_str_exec(r, core->expr_handler, &error);
    return error ? nullptr : handler;
}

// No file lies behind a photo route: httpd's walk of the file system for it (several failing
// stat/open calls per request) is skipped, as mod_proxy does. httpd resets the per-directory
// configuration before map_to_storage, so the route is recognised earlier, in translate_name,
// which sees the <Location> sections. Their Require lines still apply: the location walk that
// decides access comes after map_to_storage. The handler's name stays in the request's slot of
// this module for the later hooks.
extern "C" int userphoto_translate_name(request_rec* r) {
    const char* handler = configured_handler(r);
    if (handler && std::strncmp(handler, "userphoto-", 10) == 0)
        ap_set_module_config(r->request_config, &userphoto_module, const_cast<char*>(handler));
    return DECLINED;
}

// Our route's handler name as translate_name found it; nullptr for every other request.
const char* photo_route_handler(const request_rec* r) {
    return static_cast<const char*>(ap_get_module_config(r->request_config, &userphoto_module));
}

extern "C" int userphoto_map_to_storage(request_rec* r) { return photo_route_handler(r) ? OK : DECLINED; }

// Salesforce clients send `Authorization: OAuth <token>`; Apache's Bearer modules read only
// `Bearer`. header_parser runs after the <Location> walk and before any authentication, so on
// Salesforce routes the token is handed on in the spelling they read.
extern "C" int userphoto_header_parser(request_rec* r) {
    try {
        const char* handler = photo_route_handler(r);
        if (!handler || std::strcmp(handler, "userphoto-chatter") != 0) return DECLINED;
        const char* authorization = apr_table_get(r->headers_in, "Authorization");
        if (!authorization) return DECLINED;
        if (auto bearer = userphoto::chatter::bearer_from_oauth_scheme(authorization))
            apr_table_set(r->headers_in, "Authorization", bearer->c_str());
    } catch (...) {
    }
    return DECLINED;
}

// apachectl configtest: the start-up checks of the directory settings, logged (post_config
// refuses to start on the same errors).
extern "C" void userphoto_test_config(apr_pool_t*, server_rec* main_server) {
    try {
        for (server_rec* s = main_server; s; s = s->next) check_directory_settings(s);
    } catch (...) {
    }
}

extern "C" void userphoto_register_hooks(apr_pool_t*) {
    ap_hook_pre_config(userphoto_pre_config, nullptr, nullptr, APR_HOOK_MIDDLE);
    ap_hook_post_config(userphoto_post_config, nullptr, nullptr, APR_HOOK_MIDDLE);
    ap_hook_test_config(userphoto_test_config, nullptr, nullptr, APR_HOOK_MIDDLE);
    ap_hook_child_init(userphoto_child_init, nullptr, nullptr, APR_HOOK_MIDDLE);
    ap_hook_handler(userphoto_handler, nullptr, nullptr, APR_HOOK_MIDDLE);
    ap_hook_translate_name(userphoto_translate_name, nullptr, nullptr, APR_HOOK_FIRST);
    ap_hook_map_to_storage(userphoto_map_to_storage, nullptr, nullptr, APR_HOOK_MIDDLE);
    ap_hook_header_parser(userphoto_header_parser, nullptr, nullptr, APR_HOOK_FIRST);
    register_status_hook();
}

}  // namespace

extern "C" {
module AP_MODULE_DECLARE_DATA userphoto_module = {
    STANDARD20_MODULE_STUFF,
    userphoto_create_dir_config,
    userphoto_merge_dir_config,
    userphoto_create_server_config,
    userphoto_merge_server_config,
    userphoto_directives,
    userphoto_register_hooks,
    0,  // flags
};
}
