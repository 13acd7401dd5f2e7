// Kerberos client credentials of one server process for GSSAPI binds: tickets obtained from a
// keytab into a private in-memory credential cache (never KRB5CCNAME, never the default cache, so
// nothing else in the process sees or changes them), renewed from the keytab before they expire.
#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace userphoto::directory {

// The first principal in a keytab ("photo@CORP.EXAMPLE"); nullopt and *error when the keytab
// cannot be read or is empty. No network.
std::optional<std::string> first_keytab_principal(const std::string& keytab, std::string* error);

class KerberosCredentials {
public:
    // principal empty: the keytab's first.
    KerberosCredentials(std::string keytab, std::string principal);
    ~KerberosCredentials();
    KerberosCredentials(const KerberosCredentials&) = delete;
    KerberosCredentials& operator=(const KerberosCredentials&) = delete;

    // A valid ticket-granting ticket in a private cache; holding the returned handle keeps that
    // cache alive while a bind uses it. Fetches a new TGT from the KDC when there is none or the
    // current one has less than a fifth of its lifetime (at least 5 minutes) left. On failure:
    // nullptr and *error is the Kerberos library's text ("Cannot contact any KDC for realm ...").
    class Cache;
    std::shared_ptr<Cache> current(std::string* error);

    // Makes the calling thread's GSSAPI default credential cache `cache` for the lifetime of the
    // object (MIT gss_krb5_ccache_name is per thread), and restores the previous one after.
    class ThreadDefault {
    public:
        explicit ThreadDefault(const Cache& cache);
        ~ThreadDefault();
        ThreadDefault(const ThreadDefault&) = delete;
        ThreadDefault& operator=(const ThreadDefault&) = delete;
        bool ok() const { return ok_; }

    private:
        bool ok_ = false;
        std::string previous_;
    };

private:
    std::string keytab_;
    std::string principal_;
    std::mutex mutex_;
    std::shared_ptr<Cache> cache_;
};

// One MEMORY: credential cache holding a TGT; destroyed with the object.
class KerberosCredentials::Cache {
public:
    Cache(std::string name, std::chrono::system_clock::time_point start, std::chrono::system_clock::time_point end)
        : name_(std::move(name)), start_(start), end_(end) {}
    ~Cache();
    const std::string& name() const { return name_; }  // "MEMORY:..."
    bool needs_renewal(std::chrono::system_clock::time_point now) const;
    std::chrono::system_clock::time_point expires() const { return end_; }

private:
    std::string name_;
    std::chrono::system_clock::time_point start_, end_;
};

}  // namespace userphoto::directory
