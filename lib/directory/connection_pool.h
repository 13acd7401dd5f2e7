// A fixed-size pool of bound LDAP connections shared by the threads of one child process
// (the design of httpd's util_ldap): each LDAP* is leased to one thread at a time; a request
// takes an idle connection, or opens a new one below pool_max, or waits up to pool_wait_ms.
// Nothing is opened before the first acquire, so a pool made before fork() holds no sockets.
#pragma once
#include <ldap.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "directory/directory.h"
#include "log.h"

namespace userphoto::directory {

class KerberosCredentials;

class ConnectionPool {
public:
    using Clock = std::chrono::steady_clock;

    // One leased connection; goes back to the pool (or is closed after discard()) when destroyed.
    class Lease {
    public:
        Lease() = default;
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&& other) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();

        LDAP* get() const { return ld_; }
        explicit operator bool() const { return ld_ != nullptr; }
        // The host it is connected to: where its operations are counted (null: not counted).
        HostCounters* host() const { return host_; }
        void discard() { broken_ = true; }  // the connection failed: close it instead of reusing it

    private:
        friend class ConnectionPool;
        Lease(ConnectionPool* pool, LDAP* ld, HostCounters* host) : pool_(pool), ld_(ld), host_(host) {}
        void release() noexcept;
        ConnectionPool* pool_ = nullptr;
        LDAP* ld_ = nullptr;
        HostCounters* host_ = nullptr;
        bool broken_ = false;
    };

    struct Failure {
        bool busy = false;       // every connection in use for pool_wait_ms (no LDAP error)
        int rc = LDAP_SUCCESS;   // else: the open / bind error
        std::string message;
    };

    // hosts: one per server of settings.url, where connection attempts are counted (outlives the pool).
    ConnectionPool(const Settings& settings, Logger log, const std::vector<HostCounters*>& hosts);
    ~ConnectionPool();  // closes idle connections; every Lease must be gone by then
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // fresh: never reuse an idle connection (the retry after a connection error). The bind of a
    // new connection is bounded by operation_timeout. On failure the Lease is empty and *failure says why.
    Lease acquire(bool fresh, std::chrono::milliseconds operation_timeout, Failure* failure);

    // Closes every idle connection: after "server down" they are most likely dead as well.
    void discard_idle();

    int open_count() const;  // leased + idle
    int idle_count() const;

private:
    struct Idle {
        LDAP* ld;
        HostCounters* host;
        Clock::time_point since;
    };
    void give_back(LDAP* ld, HostCounters* host, bool broken) noexcept;
    std::string bind_identity() const;  // for the log: DN, principal or certificate

    const Settings& settings_;
    Logger log_;
    const std::vector<HostCounters*>& hosts_;
    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::deque<Idle> idle_;  // oldest first; reuse takes the newest, the TTL reaps from the front
    int open_ = 0;           // connections that exist or are being opened
    std::unique_ptr<KerberosCredentials> kerberos_;  // GSSAPI binds: this process's tickets
};

}  // namespace userphoto::directory
