// Turns what libldap, the TLS library, SASL and Kerberos report into one log line that says what
// is wrong and what to change: the raw texts alone ("Can't contact LDAP server") do not.
#pragma once
#include <string>
#include <string_view>

namespace userphoto::directory {

// What went wrong, as far as the error texts tell.
enum class Cause {
    Unknown,
    Unreachable,               // no TCP connection
    CertificateNotTrusted,     // issuer unknown, self-signed, expired, ...
    NameMismatch,              // the certificate does not name the host in the URL
    StrongAuthRequired,        // the server wants TLS or signing before this bind
    InvalidCredentials,        // wrong DN / password, disabled or expired account
    KdcUnreachable,            // Kerberos: no KDC answered for the realm
    ClockSkew,                 // Kerberos: our clock and the KDC's differ too much
    KerberosPrincipalUnknown,  // the service principal (SPN) or the client is unknown to the KDC
    KeytabProblem,             // keytab unreadable or without the principal
    TlsHandshake,              // other TLS failures (protocol, client certificate refused, ...)
};

const char* cause_name(Cause cause);

// rc: the libldap result code; text: ldap_err2string plus the diagnostic message, SASL or
// Kerberos text. Case-insensitive substring rules over the texts that libldap (GnuTLS and
// OpenSSL builds), Cyrus SASL, MIT Kerberos, Active Directory and slapd produce.
Cause classify_failure(int rc, std::string_view text);

// What to change, naming the directives; empty for Unknown.
std::string advice_for(Cause cause);

// "<cause>: <text> (<advice>)", or just text when the cause is unknown.
std::string explain_failure(int rc, std::string_view text);

}  // namespace userphoto::directory
