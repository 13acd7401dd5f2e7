#include "directory/ldap_diagnosis.h"

#include <ldap.h>

#include <initializer_list>

#include "util/strings.h"

namespace userphoto::directory {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
    if (needle.size() > haystack.size()) return false;
    for (size_t i = 0; i + needle.size() <= haystack.size(); ++i)
        if (iequals(haystack.substr(i, needle.size()), needle)) return true;
    return false;
}

bool contains_any(std::string_view text, std::initializer_list<std::string_view> needles) {
    for (std::string_view needle : needles)
        if (contains(text, needle)) return true;
    return false;
}

}  // namespace

const char* cause_name(Cause cause) {
    switch (cause) {
        case Cause::Unknown: return "LDAP failure";
        case Cause::Unreachable: return "directory server unreachable";
        case Cause::CertificateNotTrusted: return "server certificate not trusted";
        case Cause::NameMismatch: return "server certificate name mismatch";
        case Cause::StrongAuthRequired: return "strong authentication required";
        case Cause::InvalidCredentials: return "invalid credentials";
        case Cause::KdcUnreachable: return "Kerberos KDC unreachable";
        case Cause::ClockSkew: return "Kerberos clock skew";
        case Cause::KerberosPrincipalUnknown: return "Kerberos principal unknown";
        case Cause::KeytabProblem: return "Kerberos keytab problem";
        case Cause::TlsHandshake: return "TLS handshake failed";
    }
    return "LDAP failure";
}

Cause classify_failure(int rc, std::string_view text) {
    // Kerberos first: its texts travel inside SASL errors whose rc says little.
    if (contains_any(text, {"clock skew", "KRB_AP_ERR_SKEW"})) return Cause::ClockSkew;
    if (contains_any(text, {"Cannot contact any KDC", "Cannot find KDC", "KDC unreachable"}))
        return Cause::KdcUnreachable;
    if (contains_any(text, {"not found in Kerberos database", "KDC_ERR_S_PRINCIPAL_UNKNOWN",
                            "KDC_ERR_C_PRINCIPAL_UNKNOWN"}))
        return Cause::KerberosPrincipalUnknown;
    if (contains_any(text, {"keytab", "Key table"})) return Cause::KeytabProblem;
    // TLS: GnuTLS and OpenSSL wordings of a failed host name check and of an unknown issuer.
    if (contains_any(text, {"hostname does not match", "host name does not match", "does not match the hostname",
                            "doesn't match", "Hostname mismatch", "name mismatch", "IP address mismatch"}))
        return Cause::NameMismatch;
    if (contains_any(text, {"not trusted", "issuer is unknown", "unknown ca", "unable to get local issuer",
                            "self-signed", "self signed", "certificate verify failed", "certificate has expired",
                            "certificate is not yet activated", "signer not found", "issuer is not known"}))
        return Cause::CertificateNotTrusted;
    if (rc == LDAP_STRONG_AUTH_REQUIRED || rc == LDAP_CONFIDENTIALITY_REQUIRED ||
        contains_any(text, {"Transport encryption required", "Strong(er) authentication required",
                            "stronger authentication", "confidentiality required"}))
        return Cause::StrongAuthRequired;
    if (rc == LDAP_INVALID_CREDENTIALS) return Cause::InvalidCredentials;
    if (contains_any(text, {"TLS", "SSL", "handshake", "certificate"}) &&
        (rc == LDAP_CONNECT_ERROR || rc == LDAP_SERVER_DOWN || rc == LDAP_UNAVAILABLE || rc == LDAP_PROTOCOL_ERROR))
        return Cause::TlsHandshake;
    if (rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR) return Cause::Unreachable;
    return Cause::Unknown;
}

std::string advice_for(Cause cause) {
    switch (cause) {
        case Cause::Unknown: return "";
        case Cause::Unreachable: return "check the host and port in UserPhotoLDAPURL and that the server runs";
        case Cause::CertificateNotTrusted:
            return "set UserPhotoLDAPTrustedCA to the CA certificate that issued the server's certificate";
        case Cause::NameMismatch:
            return "use a host name in UserPhotoLDAPURL that the server's certificate names (subjectAltName)";
        case Cause::StrongAuthRequired:
            return "the server refuses this bind without TLS or signing: use ldaps://, UserPhotoLDAPStartTLS on, "
                   "or UserPhotoLDAPBindMechanism GSSAPI";
        case Cause::InvalidCredentials:
            return "check UserPhotoLDAPBindDN and UserPhotoLDAPBindPassword (on Active Directory the data code "
                   "says why: 52e wrong password, 525 no such user, 532/773 password expired, 533 disabled, "
                   "775 locked out)";
        case Cause::KdcUnreachable:
            return "no KDC of the realm answered: check krb5.conf ([realms] kdc or DNS SRV records) and port 88";
        case Cause::ClockSkew:
            return "this machine's clock differs from the KDC's by more than 5 minutes: synchronise it (NTP)";
        case Cause::KerberosPrincipalUnknown:
            return "the KDC does not know the principal: check UserPhotoLDAPBindPrincipal, and that the host name "
                   "in UserPhotoLDAPURL matches a servicePrincipalName (ldap/host) of the directory server";
        case Cause::KeytabProblem:
            return "check that UserPhotoLDAPKeytab is readable by the server's user and holds the principal";
        case Cause::TlsHandshake:
            return "check the TLS settings (UserPhotoLDAPClientCert, protocol versions) on both sides";
    }
    return "";
}

std::string explain_failure(int rc, std::string_view text) {
    Cause cause = classify_failure(rc, text);
    if (cause == Cause::Unknown) return std::string(text);
    return std::string(cause_name(cause)) + ": " + std::string(text) + " (" + advice_for(cause) + ")";
}

}  // namespace userphoto::directory
