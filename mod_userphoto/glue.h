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
#include "service/photo_editor.h"
#include "service/people_lists.h"
#include "service/photo_provider.h"

extern "C" {
extern module AP_MODULE_DECLARE_DATA userphoto_module;
}
#ifdef APLOG_USE_MODULE
APLOG_USE_MODULE(userphoto);
#endif

namespace userphoto {
class LinkSigner;
namespace directory {
class Directory;
}
}

namespace userphoto::glue {

// What every handler logs when its server has no directory: one wording for every protocol.
inline constexpr const char* kNotConfigured = "mod_userphoto is not configured for this server (UserPhotoLDAPURL missing)";

// What one child process runs for one server: built in child_init, destroyed with the child pool.
struct Runtime {
    std::shared_ptr<PhotoProvider> photos;
    std::shared_ptr<directory::Directory> directory;  // for the status page's connection counts
    // Salesforce Connect photos: writes and signed links.
    std::shared_ptr<PhotoEditor> editor;
    std::shared_ptr<LinkSigner> signer;
    std::shared_ptr<cache::CachingPhotoProvider> cache;  // null when caching is off; person_changed() here
    // Microsoft Graph: the same writer, with the Graph object id as the profile id.
    std::shared_ptr<PhotoEditor> graph_editor;
    // ---- onOffice ----
    std::shared_ptr<PeopleDirectory> people;
    std::string link_secret;
    int64_t link_lifetime_s = kDefaultLinkLifetimeSeconds;
};

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
