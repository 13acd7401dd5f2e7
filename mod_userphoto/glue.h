// Shared declarations of the httpd glue: the module record, per-server and per-directory state,
// and pool-owned C++ objects. Only this directory includes httpd headers.
#pragma once
#include <memory>
#include <new>
#include <string>

// C++20 has designated initializers: let http_config.h type-check directive setters.
#ifndef AP_HAVE_DESIGNATED_INITIALIZER
#define AP_HAVE_DESIGNATED_INITIALIZER
#endif
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"

#include "cache/caching_photo_provider.h"
#include "config/config.h"
#include "config/runtime_builder.h"
#include "service/photo_editor.h"
#include "service/people_lists.h"
#include "service/photo_provider.h"

extern "C" {
extern module AP_MODULE_DECLARE_DATA userphoto_module;
}
#ifdef APLOG_USE_MODULE
APLOG_USE_MODULE(userphoto);
#endif

namespace userphoto::glue {

// What one child process runs for one server: made by lib/config's runtime builder in
// child_init, destroyed with the child pool. kNotConfigured comes from there too.
using Runtime = ServerRuntime;

struct ServerState {
    ServerConfig config;
    std::string problem;        // why there is no runtime (logged at start-up), empty when fine
    bool link_secret_generated = false;  // no UserPhotoLinkSecret: the parent's random one is in use
    Runtime* runtime = nullptr;  // per child; null until child_init or when misconfigured
    // ---- onOffice: made in the parent at start-up so that every child signs links alike ----
};

ServerState* server_state(const server_rec* s);
DirConfig* dir_config(const request_rec* r);

// Allocates a C++ object whose lifetime is the pool's: deleted by a pool cleanup.
template <typename T, typename... Args>
T* pool_new(apr_pool_t* pool, Args&&... args) {
    T* object = new T(std::forward<Args>(args)...);
    apr_pool_cleanup_register(
        pool, object,
        [](void* p) -> apr_status_t {
            delete static_cast<T*>(p);
            return APR_SUCCESS;
        },
        apr_pool_cleanup_null);
    return object;
}

}  // namespace userphoto::glue
