// The directory: finds people in LDAP and reads their attributes (binary-safe). The DirectoryAccess
// the services use, on OpenLDAP.
// Thread-safe: one Directory per server config, shared by all threads of a child process.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "directory/directory_access.h"
#include "directory/ldap_url.h"
#include "log.h"
#include "util/host_counters.h"
#include "util/strings.h"

namespace userphoto::directory {

enum class BindMechanism { Simple, Gssapi, External };

struct Settings {
    LdapUrl url;
    std::string bind_dn;        // empty: anonymous
    std::string bind_password;
    // Transport: ldaps:// in the URL, or StartTLS on ldap:// before the bind. The TLS options are
    // set on each connection handle with a new TLS context, never process-wide.
    bool start_tls = false;
    std::string trusted_ca;           // PEM file or directory; empty: libldap's default (ldap.conf)
    bool verify_server_cert = true;   // certificate chain and host name
    std::string client_cert;          // PEM; with client_key, for TLS client auth and SASL EXTERNAL
    std::string client_key;
    BindMechanism bind_mechanism = BindMechanism::Simple;
    std::string keytab;               // GSSAPI: keytab with the client key
    std::string bind_principal;       // GSSAPI: empty: the keytab's first principal
    // Active Directory style alias attribute (proxyAddresses): an e-mail lookup also matches
    // "smtp:<address>" values. Empty: off.
    std::string email_alias_attribute;
    int network_timeout_ms = 3000;    // connect
    int operation_timeout_ms = 5000;  // bind / search / modify
    int pool_max = 8;                 // connections per process
    int pool_wait_ms = 2000;          // how long a request waits for a free connection
    int idle_ttl_s = 300;             // idle connections older than this are re-opened
};

class ConnectionPool;

// All LDAP time of one call is bounded by operation_timeout_ms (connecting adds at most
// network_timeout_ms per host); waiting for a free pooled connection adds at most pool_wait_ms.
// After a connection error (server down, timeout, busy, unavailable) the call is retried once on
// a new connection if time is left, so a restarted server is used again without an httpd restart.
// No connection is opened before the first call: create the Directory after fork() (child_init).
// Every public member function is noexcept in effect: failures come back as Status values.
// Runs the OpenLDAP client library's process-wide initialisation now. Call once per process before
// threads use a Directory (the glue does it in child_init), so that it never happens concurrently.
void initialize_client_library();

class Directory : public DirectoryAccess {
public:
    Directory(Settings settings, Logger log);
    ~Directory();
    Directory(const Directory&) = delete;
    Directory& operator=(const Directory&) = delete;

    // DirectoryAccess (directory_access.h) on the URL's base, scope and filter.
    LookupResult find_unique(const std::string& attribute, std::string_view value,
                             const std::vector<std::string>& wanted_attributes) override;
    SearchResult search_paged(const std::string& filter, const std::vector<std::string>& attrs, int max_entries,
                              int page_size = 500, int* round_trips = nullptr) override;
    LookupResult read_dn(const std::string& dn, const std::vector<std::string>& wanted_attributes) override;
    Status modify_replace(const std::string& dn, const std::vector<AttributeChange>& changes,
                          std::string* message = nullptr) override;

    const Settings& settings() const { return settings_; }
    // This process's pooled connections (for the status page): open (leased + idle) and idle.
    int open_connections() const;
    int idle_connections() const;

    // Counts each host's operations, errors and state in `table` (shared by every child) instead
    // of in this object: hosts not in the table stay counted here. Call before the first request.
    void count_hosts_in(HostTable& table);

    // Whether the server is Active Directory (supportedCapabilities in the root DSE holds
    // 1.2.840.113556.1.4.800, as AD DS and Samba AD announce). Read once, then remembered; a
    // failed read is retried on the next call. nullopt: the root DSE could not be read.
    std::optional<bool> is_active_directory();

private:
    Settings settings_;
    Logger log_;
    std::unique_ptr<HostCounters[]> own_hosts_;  // one per server of the URL
    std::vector<HostCounters*> hosts_;           // where each server is counted
    std::unique_ptr<ConnectionPool> pool_;
    std::atomic<int> active_directory_{-1};  // -1 unknown, 0 no, 1 yes
};

// A binary objectGUID (16 bytes, the first three fields little-endian) as Active Directory shows
// it: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"; empty when the value is not 16 bytes.
std::string format_object_guid(std::string_view bytes);

}  // namespace userphoto::directory
