// The avatar route's glue: its directives, the shared hash index segment (made at start-up, one
// per directory), the per-child builder thread, and the userphoto-avatar handler.
#pragma once
#include <optional>

#include "glue.h"
#include "index/hash_index.h"

namespace userphoto {
class ChangeListener;
}

namespace userphoto::glue {

extern "C" const char* set_avatar_hashes(cmd_parms* cmd, void* dir, const char* first, const char* second);
extern "C" const char* set_avatar_default(cmd_parms* cmd, void* dir, const char* arg);
extern "C" const char* add_avatar_redirect_host(cmd_parms* cmd, void* dir, const char* arg);
extern "C" const char* set_avatar_max_age(cmd_parms* cmd, void* dir, const char* arg);
extern "C" const char* set_avatar_index_memory(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_avatar_index_refresh(cmd_parms* cmd, void*, const char* arg);

// post_config: a shared index segment per directory, when the configuration uses the handler.
int create_avatar_indexes(apr_pool_t* pconf, server_rec* main_server);
// child_init (after the photo runtimes exist): the avatar services and the builder threads.
void start_avatar_children(apr_pool_t* pchild, server_rec* main_server);
// The handler of SetHandler userphoto-avatar.
int serve_avatar(request_rec* r);
// The avatar index's figures for the status page (nullopt when the server has none).
std::optional<avatar::IndexStats> avatar_index_stats(const server_rec* s);
// What a directory watcher tells about changed entries (null when the server has no index).
ChangeListener* avatar_change_listener(server_rec* s);

}  // namespace userphoto::glue

#define USERPHOTO_AVATAR_DIRECTIVES                                                                              \
    AP_INIT_TAKE12("UserPhotoAvatarHashes", userphoto::glue::set_avatar_hashes, nullptr, RSRC_CONF | ACCESS_CONF, \
                    "hash kinds the avatar route accepts: md5 sha256 (both)"),                                   \
    AP_INIT_TAKE1("UserPhotoAvatarDefault", userphoto::glue::set_avatar_default, nullptr, RSRC_CONF | ACCESS_CONF, \
                  "avatar answer without a photo when the request names none: 404, mp, blank, identicon, "      \
                  "initials, color (mp)"),                                                                       \
    AP_INIT_ITERATE("UserPhotoAvatarRedirectHosts", userphoto::glue::add_avatar_redirect_host, nullptr,         \
                    RSRC_CONF | ACCESS_CONF, "hosts a d=<url> avatar default may redirect to (none)"),           \
    AP_INIT_TAKE1("UserPhotoAvatarMaxAge", userphoto::glue::set_avatar_max_age, nullptr, RSRC_CONF | ACCESS_CONF, \
                  "Cache-Control max-age of avatar answers, seconds (3600)"),                                    \
    AP_INIT_TAKE1("UserPhotoAvatarIndexMemory", userphoto::glue::set_avatar_index_memory, nullptr, RSRC_CONF,   \
                  "shared memory for the avatar hash index (32M: about 170,000 people with two addresses)"),    \
    AP_INIT_TAKE1("UserPhotoAvatarIndexRefresh", userphoto::glue::set_avatar_index_refresh, nullptr, RSRC_CONF, \
                  "full rebuild interval of the avatar hash index, or off (1h)")
