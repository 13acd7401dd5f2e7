#include "write_clock.h"

#include <atomic>
#include <chrono>
#include <new>

#include "apr_shm.h"
#include "util/content_hash.h"

namespace userphoto::glue {
namespace {

constexpr size_t kSlots = 4096;

// Set in the parent during post_config, before any child exists; read-only pointer afterwards.
std::atomic<int64_t>* shared_slots = nullptr;

apr_status_t forget(void*) {
    shared_slots = nullptr;
    return APR_SUCCESS;
}

std::atomic<int64_t>& slot_of(const std::string& dn) {
    return shared_slots[content_hash64_folded(dn) % kSlots];  // DNs compare case-insensitively
}

}  // namespace

apr_status_t create_write_clock(apr_pool_t* pconf, server_rec* s) {
    static_assert(std::atomic<int64_t>::is_always_lock_free, "needs a lock-free 64-bit atomic in shared memory");
    apr_shm_t* shm = nullptr;
    apr_status_t rc = apr_shm_create(&shm, kSlots * sizeof(std::atomic<int64_t>), nullptr, pconf);
    if (rc != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rc, s,
                     "mod_userphoto: no shared memory for the change clock; other children see an upload "
                     "within the cache TTL only");
        return rc;
    }
    auto* slots = static_cast<std::atomic<int64_t>*>(apr_shm_baseaddr_get(shm));
    for (size_t i = 0; i < kSlots; ++i) new (&slots[i]) std::atomic<int64_t>(0);
    shared_slots = slots;
    apr_pool_cleanup_register(pconf, nullptr, forget, apr_pool_cleanup_null);
    return APR_SUCCESS;
}

void note_person_changed(const std::string& dn) {
    if (!shared_slots || dn.empty()) return;
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    std::atomic<int64_t>& slot = slot_of(dn);
    int64_t seen = slot.load();
    while (seen < now && !slot.compare_exchange_weak(seen, now)) {
    }
}

int64_t last_change_ms(const std::string& dn) {
    if (!shared_slots || dn.empty()) return 0;
    return slot_of(dn).load(std::memory_order_relaxed);
}

}  // namespace userphoto::glue
