// When directory entries last changed on this server, shared by all child processes: 4096
// 64-bit times in anonymous shared memory made in post_config (children inherit it), one slot per
// hash of the DN. Caches compare their records against the slot of the record's entry, so a
// change reported in one child (an upload, a delete, a directory watcher) is seen by every child
// at once, without a lock and without touching the other people's records (a shared slot only
// costs a re-read).
#pragma once
#include <cstdint>
#include <string>

#include "glue.h"

namespace userphoto::glue {

apr_status_t create_write_clock(apr_pool_t* pconf, server_rec* s);
void note_person_changed(const std::string& dn);
int64_t last_change_ms(const std::string& dn);  // 0 when nothing was noted (or no shared memory)

}  // namespace userphoto::glue
