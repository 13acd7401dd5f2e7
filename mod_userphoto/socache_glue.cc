#include "socache_glue.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ap_provider.h"
#include "ap_socache.h"
#include "apr_global_mutex.h"
#include "apr_strings.h"
#include "http_core.h"
#include "util_mutex.h"
#include "util/strings.h"

namespace userphoto::glue {
namespace {

// shmcb splits its segment into subcaches and refuses objects larger than one subcache; with the
// hints below (4 KiB objects) a 32 MiB segment gets 32 subcaches of 1 MiB, room for a 648 px
// rendition many times over.
constexpr const char* kDefaultShmcbSize = "33554432";
constexpr unsigned kMaxObjectBytes = 1u << 20;  // larger records are not shared (a local miss, no harm)
constexpr unsigned kSmallBufferBytes = 16u << 10;  // person and change records fit
constexpr const char* kCacheName = "userphoto";

struct Store {
    std::string spec;
    const ap_socache_provider_t* provider = nullptr;
    ap_socache_instance_t* instance = nullptr;
    apr_global_mutex_t* mutex = nullptr;  // only for providers flagged AP_SOCACHE_FLAG_NOTMPSAFE
    server_rec* server = nullptr;
};

// Built in post_config (parent), read-only afterwards: children inherit it through fork.
std::map<std::string, Store*> g_stores;
std::map<const server_rec*, Store*> g_by_server;

// Registered before any store is created, so it runs after each store's own destroy_store.
apr_status_t forget_stores(void*) {
    for (auto& [spec, store] : g_stores) delete store;
    g_stores.clear();
    g_by_server.clear();
    return APR_SUCCESS;
}

// Registered right after init, so it runs before the provider's own pool cleanups (shm, sockets).
apr_status_t destroy_store(void* data) {
    auto* store = static_cast<Store*>(data);
    if (store->instance) store->provider->destroy(store->instance, store->server);
    store->instance = nullptr;
    return APR_SUCCESS;
}

class Locked {
public:
    explicit Locked(apr_global_mutex_t* mutex) : mutex_(mutex) {
        ok_ = !mutex_ || apr_global_mutex_lock(mutex_) == APR_SUCCESS;
    }
    ~Locked() {
        if (mutex_ && ok_) apr_global_mutex_unlock(mutex_);
    }
    bool ok() const { return ok_; }

private:
    apr_global_mutex_t* mutex_;
    bool ok_ = false;
};

class ScratchPool {
public:
    ScratchPool() { apr_pool_create(&pool_, nullptr); }
    ~ScratchPool() {
        if (pool_) apr_pool_destroy(pool_);
    }
    apr_pool_t* get() const { return pool_; }

private:
    apr_pool_t* pool_ = nullptr;
};

const unsigned char* bytes(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); }

class SocacheStore : public cache::SharedCache {
public:
    explicit SocacheStore(Store* store) : store_(store) {}

    std::optional<std::string> get(const std::string& key, size_t max_bytes) override {
        // Small records are read on the stack. Large ones into an uninitialised buffer freed on
        // return: only the pages the record fills become resident (a per-thread zeroed buffer
        // cost 1 MiB of RSS per thread).
        const unsigned capacity = static_cast<unsigned>(max_bytes < kMaxObjectBytes ? max_bytes : kMaxObjectBytes);
        unsigned char small[kSmallBufferBytes];
        std::unique_ptr<unsigned char[]> large;
        unsigned char* buffer = small;
        if (capacity > sizeof small) buffer = (large = std::unique_ptr<unsigned char[]>(new unsigned char[capacity])).get();
        ScratchPool pool;
        if (!pool.get()) return std::nullopt;
        unsigned int length = capacity;
        apr_status_t rv;
        {
            Locked lock(store_->mutex);
            if (!lock.ok()) return std::nullopt;
            rv = store_->provider->retrieve(store_->instance, store_->server, bytes(key),
                                            static_cast<unsigned int>(key.size()), buffer, &length, pool.get());
        }
        if (rv != APR_SUCCESS || length > capacity) return std::nullopt;
        return std::string(reinterpret_cast<const char*>(buffer), length);
    }

    void put(const std::string& key, const std::string& value, int64_t expires_at_ms) override {
        if (value.size() > kMaxObjectBytes) return;
        ScratchPool pool;
        if (!pool.get()) return;
        std::string copy = value;  // the provider API takes a mutable buffer
        Locked lock(store_->mutex);
        if (!lock.ok()) return;
        apr_status_t rv = store_->provider->store(
            store_->instance, store_->server, bytes(key), static_cast<unsigned int>(key.size()),
            static_cast<apr_time_t>(expires_at_ms) * 1000, reinterpret_cast<unsigned char*>(copy.data()),
            static_cast<unsigned int>(copy.size()), pool.get());
        if (rv != APR_SUCCESS)
            ap_log_error(APLOG_MARK, APLOG_DEBUG, rv, store_->server, "mod_userphoto: shared cache store refused %u bytes",
                         static_cast<unsigned>(copy.size()));
    }

    void remove(const std::string& key) override {
        ScratchPool pool;
        if (!pool.get()) return;
        Locked lock(store_->mutex);
        if (!lock.ok()) return;
        store_->provider->remove(store_->instance, store_->server, bytes(key), static_cast<unsigned int>(key.size()),
                                 pool.get());
    }

private:
    Store* store_;
};

// The store a server asks for: its UserPhotoCache value, or shmcb in the runtime directory.
std::string spec_for(const ServerConfig& config, apr_pool_t* pconf, bool* is_default) {
    *is_default = !config.cache_store;
    if (config.cache_store) return *config.cache_store;
    return std::string("shmcb:") + ap_runtime_dir_relative(pconf, "userphoto-cache") + "(" + kDefaultShmcbSize + ")";
}

int start_store(Store* store, apr_pool_t* pconf, apr_pool_t* ptemp, server_rec* s, int index) {
    std::string name = store->spec.substr(0, store->spec.find(':'));
    const char* args = store->spec.find(':') == std::string::npos ? nullptr : store->spec.c_str() + name.size() + 1;
    const char* problem = store->provider->create(&store->instance, args, ptemp, pconf);
    if (problem) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, "mod_userphoto: UserPhotoCache %s: %s", store->spec.c_str(), problem);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (store->provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE) {
        const char* id = apr_psprintf(pconf, "%d", index);
        apr_status_t rv = ap_global_mutex_create(&store->mutex, nullptr, kCacheMutexType, id, s, pconf, 0);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, "mod_userphoto: cannot create the cache mutex");
            return HTTP_INTERNAL_SERVER_ERROR;
        }
    }
    ap_socache_hints hints{};
    hints.avg_id_len = 24;
    hints.avg_obj_size = 4096;
    hints.expiry_interval = apr_time_from_sec(60);
    apr_status_t rv = store->provider->init(store->instance, kCacheName, &hints, s, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, "mod_userphoto: UserPhotoCache %s failed to start", store->spec.c_str());
        store->instance = nullptr;
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    apr_pool_cleanup_register(pconf, store, destroy_store, apr_pool_cleanup_null);
    return OK;
}

}  // namespace

void register_cache_mutex(apr_pool_t* pconf) { ap_mutex_register(pconf, kCacheMutexType, nullptr, APR_LOCK_DEFAULT, 0); }

int create_shared_caches(apr_pool_t* pconf, apr_pool_t* ptemp, server_rec* main_server) {
    forget_stores(nullptr);
    apr_pool_cleanup_register(pconf, nullptr, forget_stores, apr_pool_cleanup_null);
    for (server_rec* s = main_server; s; s = s->next) {
        const ServerConfig& config = server_state(s)->config;
        if (config.cache_ttl_s && *config.cache_ttl_s == 0) continue;  // caching off
        bool is_default = false;
        std::string spec = spec_for(config, pconf, &is_default);
        if (spec == "none") continue;
        std::string name = spec.substr(0, spec.find(':'));
        // Records are authenticated with a key from the link secret; a store other machines can
        // reach needs the same, explicit secret on every front (a random one fails every check).
        if (name != "shmcb" && server_state(s)->link_secret_generated && server_state(s)->config.ldap_url) {
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                         "mod_userphoto: UserPhotoCache %s is shared beyond this machine: set UserPhotoLinkSecret "
                         "(the same on every server sharing it), so that its records can be authenticated",
                         spec.c_str());
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        if (auto it = g_stores.find(spec); it != g_stores.end()) {
            g_by_server[s] = it->second;
            continue;
        }
        auto* provider = static_cast<const ap_socache_provider_t*>(
            ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, name.c_str(), AP_SOCACHE_PROVIDER_VERSION));
        if (!provider) {
            if (is_default) {
                ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
                             "mod_userphoto: mod_socache_shmcb is not loaded: photos are cached per process only");
                continue;
            }
            ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                         "mod_userphoto: UserPhotoCache %s: no socache provider \"%s\" (load mod_socache_%s)",
                         spec.c_str(), name.c_str(), name.c_str());
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        auto* store = new Store;
        store->spec = spec;
        store->provider = provider;
        store->server = main_server;
        g_stores[spec] = store;
        if (int rc = start_store(store, pconf, ptemp, main_server, static_cast<int>(g_stores.size())); rc != OK) return rc;
        g_by_server[s] = store;
    }
    return OK;
}

void attach_shared_caches(apr_pool_t* pchild, server_rec* main_server) {
    for (auto& [spec, store] : g_stores) {
        if (!store->mutex) continue;
        apr_status_t rv = apr_global_mutex_child_init(&store->mutex, apr_global_mutex_lockfile(store->mutex), pchild);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_ERR, rv, main_server,
                         "mod_userphoto: cannot attach the cache mutex; the shared tier is off in this child");
            store->instance = nullptr;
        }
    }
}

std::shared_ptr<cache::SharedCache> shared_cache_for(server_rec* s) {
    auto it = g_by_server.find(s);
    if (it == g_by_server.end() || !it->second->instance) return nullptr;
    return std::make_shared<SocacheStore>(it->second);
}

}  // namespace userphoto::glue
