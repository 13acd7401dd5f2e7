// One OpenLDAP connection: open with our options, bind, close; and what its errors mean.
// Internal to lib/directory (the public headers never include ldap.h).
#pragma once
#include <ldap.h>

#include <chrono>
#include <string>
#include <vector>

#include "directory/directory.h"
#include "directory/kerberos_credentials.h"

namespace userphoto::directory {

struct OpenedConnection {
    LDAP* ld = nullptr;   // bound and ready, or nullptr on failure
    int rc = LDAP_SUCCESS;
    std::string message;  // on failure: ldap_err2string + the server's diagnostic
    size_t host = 0;      // which of settings.url.servers it is connected to
};

// Tries the URL's hosts in order, each with its own handle (so that every host's answer and error
// is known), going on to the next only after a connection error (is_connection_error), while
// `operation_timeout` lasts. `hosts` (optional, one per server): where each attempt is counted.
// Per host: ldap_initialize, LDAPv3, network / operation timeouts, no referral chasing, restart
// on EINTR; TLS options on the handle for ldaps:// or StartTLS; StartTLS; then the bind: simple (anonymous when settings.bind_dn is
// empty), SASL EXTERNAL (the TLS client certificate) or GSSAPI (tickets from `kerberos`).
// `operation_timeout` bounds the bind. A failure's message names its cause (ldap_diagnosis.h).
OpenedConnection open_connection(const Settings& settings, std::chrono::milliseconds operation_timeout,
                                 KerberosCredentials* kerberos = nullptr,
                                 const std::vector<HostCounters*>* hosts = nullptr);

// Unbinds and frees; ld may be nullptr.
void close_connection(LDAP* ld);

// LDAP_OPT_TIMEOUT: bounds the next synchronous call on this handle.
void set_operation_timeout(LDAP* ld, std::chrono::milliseconds timeout);

timeval to_timeval(std::chrono::milliseconds ms);

// "Can't contact LDAP server (diagnostic)"; ld may be nullptr.
std::string ldap_error_text(LDAP* ld, int rc);

// Codes after which the connection is useless and one retry on a new connection is worthwhile.
bool is_connection_error(int rc);

}  // namespace userphoto::directory
