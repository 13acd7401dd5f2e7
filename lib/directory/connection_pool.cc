#include "directory/connection_pool.h"

#include <vector>

#include "directory/ldap_connection.h"

namespace userphoto::directory {

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), ld_(other.ld_), host_(other.host_), broken_(other.broken_) {
    other.pool_ = nullptr;
    other.ld_ = nullptr;
}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        release();
        pool_ = other.pool_;
        ld_ = other.ld_;
        host_ = other.host_;
        broken_ = other.broken_;
        other.pool_ = nullptr;
        other.ld_ = nullptr;
    }
    return *this;
}

ConnectionPool::Lease::~Lease() { release(); }

void ConnectionPool::Lease::release() noexcept {
    if (pool_ && ld_) pool_->give_back(ld_, host_, broken_);
    pool_ = nullptr;
    ld_ = nullptr;
}

ConnectionPool::ConnectionPool(const Settings& settings, Logger log, const std::vector<HostCounters*>& hosts)
    : settings_(settings), log_(std::move(log)), hosts_(hosts) {
    if (settings_.bind_mechanism == BindMechanism::Gssapi)
        kerberos_ = std::make_unique<KerberosCredentials>(settings_.keytab, settings_.bind_principal);
}

ConnectionPool::~ConnectionPool() {
    for (const Idle& idle : idle_) close_connection(idle.ld);
}

ConnectionPool::Lease ConnectionPool::acquire(bool fresh, std::chrono::milliseconds operation_timeout,
                                              Failure* failure) {
    const auto ttl = std::chrono::seconds(settings_.idle_ttl_s);
    const int max = settings_.pool_max > 0 ? settings_.pool_max : 1;
    const auto give_up_at = Clock::now() + std::chrono::milliseconds(settings_.pool_wait_ms);
    std::vector<LDAP*> to_close;  // closed after unlocking: unbind writes to the socket
    size_t expired = 0;
    auto close_all = [&] {
        if (expired > 0)
            log_.debug("LDAP pool: closed " + std::to_string(expired) + " connection(s) idle for more than " +
                       std::to_string(settings_.idle_ttl_s) + " s");
        for (LDAP* ld : to_close) close_connection(ld);
        to_close.clear();
        expired = 0;
    };

    std::unique_lock lock(mutex_);
    while (true) {
        const auto now = Clock::now();
        while (!idle_.empty() && now - idle_.front().since > ttl) {  // idle too long: re-open later
            to_close.push_back(idle_.front().ld);
            idle_.pop_front();
            --open_;
            ++expired;
        }
        if (!fresh && !idle_.empty()) {
            const Idle reused = idle_.back();
            idle_.pop_back();
            lock.unlock();
            close_all();
            return Lease(this, reused.ld, reused.host);
        }
        if (open_ < max) {
            ++open_;  // reserve the slot; open outside the lock (connecting may take seconds)
            break;
        }
        if (fresh && !idle_.empty()) {  // full, but an idle one can make room for a new one
            to_close.push_back(idle_.front().ld);
            idle_.pop_front();
            break;
        }
        bool ready = available_.wait_until(lock, give_up_at, [&] { return !idle_.empty() || open_ < max; });
        if (!ready) {
            lock.unlock();
            close_all();
            failure->busy = true;
            failure->message = "all " + std::to_string(max) + " LDAP connections stayed busy for " +
                               std::to_string(settings_.pool_wait_ms) + " ms (raise the pool size?)";
            log_.error("LDAP pool: " + failure->message);
            return Lease();
        }
    }
    lock.unlock();
    close_all();

    OpenedConnection opened = open_connection(settings_, operation_timeout, kerberos_.get(), &hosts_);
    if (!opened.ld) {
        {
            std::lock_guard guard(mutex_);
            --open_;
        }
        available_.notify_one();
        failure->rc = opened.rc;
        failure->message = "cannot connect or bind to " + settings_.url.uri_list() + " as " + bind_identity() +
                           ": " + opened.message;
        log_.warn("LDAP pool: " + failure->message);
        return Lease();
    }
    const std::string& server = opened.host < settings_.url.servers.size() ? settings_.url.servers[opened.host]
                                                                          : settings_.url.uri_list();
    log_.debug("LDAP pool: opened a connection to " + server + " (" + std::to_string(open_count()) + " of " +
               std::to_string(max) + " open)");
    return Lease(this, opened.ld, opened.host < hosts_.size() ? hosts_[opened.host] : nullptr);
}

void ConnectionPool::give_back(LDAP* ld, HostCounters* host, bool broken) noexcept {
    try {
        {
            std::lock_guard guard(mutex_);
            if (broken) {
                --open_;
            } else {
                idle_.push_back(Idle{ld, host, Clock::now()});
                ld = nullptr;
            }
        }
        available_.notify_one();
    } catch (...) {  // deque growth failed: drop the connection rather than leak the slot
        std::lock_guard guard(mutex_);
        --open_;
    }
    if (ld) close_connection(ld);
}

void ConnectionPool::discard_idle() {
    std::deque<Idle> doomed;
    {
        std::lock_guard guard(mutex_);
        doomed.swap(idle_);
        open_ -= static_cast<int>(doomed.size());
    }
    available_.notify_all();
    for (const Idle& idle : doomed) close_connection(idle.ld);
}

std::string ConnectionPool::bind_identity() const {
    switch (settings_.bind_mechanism) {
        case BindMechanism::Gssapi:
            return (settings_.bind_principal.empty() ? std::string("the first principal") : settings_.bind_principal) +
                   " (GSSAPI, keytab " + settings_.keytab + ")";
        case BindMechanism::External: return "the client certificate " + settings_.client_cert + " (SASL EXTERNAL)";
        case BindMechanism::Simple: break;
    }
    return settings_.bind_dn.empty() ? std::string("anonymous") : settings_.bind_dn;
}

int ConnectionPool::open_count() const {
    std::lock_guard guard(mutex_);
    return open_;
}

int ConnectionPool::idle_count() const {
    std::lock_guard guard(mutex_);
    return static_cast<int>(idle_.size());
}

}  // namespace userphoto::directory
