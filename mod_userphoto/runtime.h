// Start-up checks (post_config) and the per-child runtime (child_init).
#pragma once
#include <memory>
#include <string>

#include "util/change_listener.h"
#include "glue.h"

namespace userphoto::glue {

// Logs one clear line per misconfigured server; never fails start-up for a missing URL
// (requests then answer 500 in their protocol's format, as the contract says).
int check_configuration(apr_pool_t* pconf, apr_pool_t* ptemp, server_rec* main_server);

// Builds each server's runtime for this child process (lib/config's runtime builder, given this
// child's shared cache tier, change clock, counters and change_listener() for the writers).
void create_child_runtimes(apr_pool_t* pchild, server_rec* main_server);

// The provider a request uses: the server's own, or one that answers "unavailable".
PhotoProvider& provider_for(request_rec* r);
// provider_for(r) with the location's UserPhotoFallback (EWS, Graph): NoPhoto becomes a drawn picture.
FallbackPhotos fallback_provider_for(request_rec* r);

// "This directory entry changed": every child on this machine reads it again (the shared change
// clock), and every server's photo cache in this child drops what it holds of the entry and
// records the change in its shared tier for the other fronts. Told by the photo writers after each
// write, and meant for a directory watcher. Safe from any thread after child_init. The DN as the
// directory returns it (compared case-insensitively; other spellings are not normalised).
ChangeListener& change_listener();

}  // namespace userphoto::glue
