// The time of the last photo write on this server, shared by all child processes: a 64-bit
// counter in anonymous shared memory made in post_config (children inherit it). Caches compare
// their records against it, so an upload in one child is seen by every child at once.
#pragma once
#include <cstdint>

#include "glue.h"

namespace userphoto::glue {

apr_status_t create_write_clock(apr_pool_t* pconf, server_rec* s);
void note_photo_write();
int64_t last_photo_write_ms();  // 0 when nothing was written (or no shared memory)

}  // namespace userphoto::glue
