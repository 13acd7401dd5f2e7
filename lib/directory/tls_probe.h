// After a TLS connection to the directory failed, libldap (GnuTLS build) often says no more than
// "Can't contact LDAP server" / "(unknown error code)". This probe repeats the handshake on its
// own with OpenSSL, checking the certificate and name the way the connection did, to say why:
// "certificate verify failed: self-signed certificate in certificate chain", "hostname mismatch".
#pragma once
#include <string>

#include "directory/directory.h"

namespace userphoto::directory {

// The first server of settings.url whose TLS handshake (after StartTLS on ldap://) fails a
// certificate check: "<uri>: <reason>"; empty when every handshake succeeds or no server answers.
// Bounded by settings.network_timeout_ms per server; at most one probe per 10 s per process (a
// flood of failures must not double the connection attempts): empty then.
std::string probe_tls_failure(const Settings& settings);

}  // namespace userphoto::directory
