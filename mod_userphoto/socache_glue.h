// The shared cache tier over Apache's ap_socache providers (shmcb, memcache, redis, dc, ...).
// One instance per distinct UserPhotoCache value, created in post_config with the pconf pool;
// children reattach their global mutex in child_init when the provider needs one (shmcb).
#pragma once
#include <memory>

#include "cache/shared_cache.h"
#include "glue.h"

namespace userphoto::glue {

inline constexpr const char* kCacheMutexType = "userphoto-cache";

// pre_config: makes "Mutex ... userphoto-cache" configurable.
void register_cache_mutex(apr_pool_t* pconf);

// post_config: creates and initialises every server's store. Returns OK, or an error status after
// logging why (an explicitly configured provider that is not loaded, a store that fails to start).
int create_shared_caches(apr_pool_t* pconf, apr_pool_t* ptemp, server_rec* main_server);

// child_init: reattaches the stores' mutexes in this child.
void attach_shared_caches(apr_pool_t* pchild, server_rec* main_server);

// The shared tier a server uses in this child, or null (UserPhotoCache none, or none available).
std::shared_ptr<cache::SharedCache> shared_cache_for(server_rec* s);

}  // namespace userphoto::glue
