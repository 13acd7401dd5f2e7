// Setters of the cache directives (UserPhotoCache*, UserPhotoChangeMarkerAttribute); their table
// entries are USERPHOTO_CACHE_DIRECTIVES, spliced into the module's directive table.
#pragma once
#include "glue.h"

namespace userphoto::glue {

extern "C" const char* set_cache_store(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_cache_ttl(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_cache_memory(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_drawn_picture_memory(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* add_change_marker_attribute(cmd_parms* cmd, void*, const char* arg);

}  // namespace userphoto::glue

#define USERPHOTO_CACHE_DIRECTIVES                                                                              \
    AP_INIT_TAKE1("UserPhotoCache", userphoto::glue::set_cache_store, nullptr, RSRC_CONF,                      \
                  "shared cache tier: none or an ap_socache provider with its arguments, "                     \
                  "e.g. shmcb:/run/apache2/userphoto(32M) or memcache:host1:11211,host2:11211"),               \
    AP_INIT_TAKE1("UserPhotoCacheTTL", userphoto::glue::set_cache_ttl, nullptr, RSRC_CONF,                     \
                  "seconds a cached photo is served without asking the directory; 0 turns caching off (300)"),  \
    AP_INIT_TAKE1("UserPhotoCacheNegativeTTL", userphoto::glue::set_cache_ttl, nullptr, RSRC_CONF,             \
                  "seconds \"no photo\" / \"no such person\" is remembered (60)"),                            \
    AP_INIT_TAKE1("UserPhotoCacheMemory", userphoto::glue::set_cache_memory, nullptr, RSRC_CONF,               \
                  "per-process in-memory cache size, at least 1M (64M)"),                                      \
    AP_INIT_TAKE1("UserPhotoDrawnPictureMemory", userphoto::glue::set_drawn_picture_memory, nullptr, RSRC_CONF, \
                  "per-process memory for drawn default pictures (initials, silhouettes, identicons); "        \
                  "server-wide; 0 draws each one anew (4M)"),                                                 \
    AP_INIT_ITERATE("UserPhotoChangeMarkerAttribute", userphoto::glue::add_change_marker_attribute, nullptr,   \
                    RSRC_CONF, "attributes that change with every modify of an entry, or none "                \
                    "(entryCSN modifyTimestamp uSNChanged)")
