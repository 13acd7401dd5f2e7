// Start-up checks (post_config) and the per-child runtime (child_init).
#pragma once
#include <memory>
#include <string>

#include "glue.h"

namespace userphoto::glue {

// Logs one clear line per misconfigured server; never fails start-up for a missing URL
// (requests then answer 500 in their protocol's format, as the contract says).
int check_configuration(apr_pool_t* pconf, apr_pool_t* ptemp, server_rec* main_server);

// Builds each server's directory pool and photo service for this child process.
void create_child_runtimes(apr_pool_t* pchild, server_rec* main_server);

// A photo writer for this server (upload attributes, post-write invalidation of this process's
// cache and every other process's via the write clock) whose lookups report `profile_id_attribute`.
std::shared_ptr<PhotoEditor> make_photo_writer(const Runtime& runtime, const ServerConfig& config,
                                               const ResolvedSettings& settings,
                                               const std::shared_ptr<directory::Directory>& directory,
                                               const std::string& profile_id_attribute);

// The provider a request uses: the server's own, or one that answers "unavailable".
PhotoProvider& provider_for(request_rec* r);

}  // namespace userphoto::glue
