// The directory watcher in httpd: one per directory this server uses (vhosts naming the same
// directory share it), run by mod_watchdog in a singleton thread, so exactly one child process
// of the server follows the directory, whatever the MPM and the number of children. What it
// hears goes to change_listener_for().
#pragma once
#include "glue.h"

namespace userphoto::glue {

// post_config: registers the watchers with mod_watchdog (compiled into Debian's httpd).
void start_directory_watchers(apr_pool_t* pconf, server_rec* main_server);

}  // namespace userphoto::glue
