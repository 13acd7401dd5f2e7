#include "write_clock.h"

#include <atomic>
#include <chrono>
#include <new>

#include "apr_shm.h"

namespace userphoto::glue {
namespace {

// Set in the parent during post_config, before any child exists; read-only pointer afterwards.
std::atomic<int64_t>* shared_last_write = nullptr;

apr_status_t forget(void*) {
    shared_last_write = nullptr;
    return APR_SUCCESS;
}

}  // namespace

apr_status_t create_write_clock(apr_pool_t* pconf, server_rec* s) {
    static_assert(std::atomic<int64_t>::is_always_lock_free, "needs a lock-free 64-bit atomic in shared memory");
    apr_shm_t* shm = nullptr;
    apr_status_t rc = apr_shm_create(&shm, sizeof(std::atomic<int64_t>), nullptr, pconf);
    if (rc != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rc, s,
                     "mod_userphoto: no shared memory for the photo-write clock; other children see an upload "
                     "within the cache TTL only");
        return rc;
    }
    shared_last_write = new (apr_shm_baseaddr_get(shm)) std::atomic<int64_t>(0);
    apr_pool_cleanup_register(pconf, nullptr, forget, apr_pool_cleanup_null);
    return APR_SUCCESS;
}

void note_photo_write() {
    if (!shared_last_write) return;
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    int64_t seen = shared_last_write->load();
    while (seen < now && !shared_last_write->compare_exchange_weak(seen, now)) {
    }
}

int64_t last_photo_write_ms() { return shared_last_write ? shared_last_write->load(std::memory_order_relaxed) : 0; }

}  // namespace userphoto::glue
