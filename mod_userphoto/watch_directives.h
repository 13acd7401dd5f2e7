// Setters of UserPhotoDirectoryWatch and UserPhotoDirectoryWatchInterval; their table entries are
// USERPHOTO_WATCH_DIRECTIVES, spliced into the module's directive table.
#pragma once
#include "glue.h"

namespace userphoto::glue {

extern "C" const char* set_directory_watch(cmd_parms* cmd, void*, const char* arg);
extern "C" const char* set_directory_watch_interval(cmd_parms* cmd, void*, const char* arg);

}  // namespace userphoto::glue

#define USERPHOTO_WATCH_DIRECTIVES                                                                             \
    AP_INIT_TAKE1("UserPhotoDirectoryWatch", userphoto::glue::set_directory_watch, nullptr, RSRC_CONF,       \
                  "how directory changes reach the cache: auto, syncrepl (RFC 4533), poll (change markers) "  \
                  "or off (only the cache TTL) (auto)"),                                                       \
    AP_INIT_TAKE1("UserPhotoDirectoryWatchInterval", userphoto::glue::set_directory_watch_interval, nullptr,  \
                  RSRC_CONF, "how often the change markers are polled, e.g. 10s or 500ms (10s)")
