#include "directory/settings_check.h"

#include <sys/stat.h>
#include <unistd.h>

#include "directory/kerberos_credentials.h"
#include "util/strings.h"

namespace userphoto::directory {
namespace {

// "ldap://127.0.0.1:389", "ldap://localhost", "ldap://[::1]:389": the password never leaves the machine.
bool is_loopback(const std::string& server) {
    size_t start = server.find("://");
    std::string host = start == std::string::npos ? server : server.substr(start + 3);
    return host.rfind("127.", 0) == 0 || host.rfind("localhost", 0) == 0 || host.rfind("[::1]", 0) == 0;
}

bool readable(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

void require_readable(const std::string& path, const char* directive, SettingsCheck& out) {
    if (!readable(path)) out.errors.push_back(std::string(directive) + " " + path + " is not readable");
}

}  // namespace

bool parse_bind_mechanism(const std::string& text, BindMechanism* out) {
    if (iequals(text, "simple")) *out = BindMechanism::Simple;
    else if (iequals(text, "GSSAPI")) *out = BindMechanism::Gssapi;
    else if (iequals(text, "EXTERNAL")) *out = BindMechanism::External;
    else return false;
    return true;
}

const char* bind_mechanism_name(BindMechanism mechanism) {
    switch (mechanism) {
        case BindMechanism::Simple: return "simple";
        case BindMechanism::Gssapi: return "GSSAPI";
        case BindMechanism::External: return "EXTERNAL";
    }
    return "simple";
}

SettingsCheck check_settings(const Settings& s) {
    SettingsCheck out;
    bool any_ldaps = false, all_ldaps = !s.url.servers.empty(), any_ldapi = false, all_loopback = true;
    for (const std::string& server : s.url.servers) {
        bool ldaps = server.rfind("ldaps://", 0) == 0;
        any_ldaps = any_ldaps || ldaps;
        all_ldaps = all_ldaps && ldaps;
        any_ldapi = any_ldapi || server.rfind("ldapi://", 0) == 0;
        all_loopback = all_loopback && (is_loopback(server) || server.rfind("ldapi://", 0) == 0);
    }
    const bool tls = s.start_tls || any_ldaps;
    if (s.start_tls && any_ldaps)
        out.errors.push_back("UserPhotoLDAPStartTLS on cannot be combined with ldaps:// in UserPhotoLDAPURL "
                             "(ldaps:// is TLS from the first byte): use one or the other");
    if (!s.trusted_ca.empty()) require_readable(s.trusted_ca, "UserPhotoLDAPTrustedCA", out);
    if (!s.client_cert.empty()) {
        require_readable(s.client_cert, "UserPhotoLDAPClientCert certificate", out);
        require_readable(s.client_key, "UserPhotoLDAPClientCert key", out);
    }
    if (!tls && (!s.trusted_ca.empty() || !s.client_cert.empty()))
        out.warnings.push_back("UserPhotoLDAPTrustedCA / UserPhotoLDAPClientCert are set but no connection uses "
                               "TLS: use ldaps:// or UserPhotoLDAPStartTLS on");
    if (tls && !s.verify_server_cert)
        out.warnings.push_back("UserPhotoLDAPVerifyServerCert off: the directory server's certificate and name are "
                               "not checked, so anyone in the network path can impersonate it");
    switch (s.bind_mechanism) {
        case BindMechanism::Simple:
            if (!s.bind_dn.empty() && !tls && !all_loopback)
                out.warnings.push_back("simple bind as " + s.bind_dn + " sends the password in clear text (and "
                                       "Active Directory refuses it): use ldaps://, UserPhotoLDAPStartTLS on, or "
                                       "UserPhotoLDAPBindMechanism GSSAPI");
            break;
        case BindMechanism::External:
            if (s.client_cert.empty())
                out.errors.push_back("UserPhotoLDAPBindMechanism EXTERNAL needs UserPhotoLDAPClientCert");
            if (!tls && !any_ldapi)
                out.errors.push_back("UserPhotoLDAPBindMechanism EXTERNAL needs TLS: use ldaps:// or "
                                     "UserPhotoLDAPStartTLS on");
            break;
        case BindMechanism::Gssapi:
            if (s.keytab.empty()) {
                out.errors.push_back("UserPhotoLDAPBindMechanism GSSAPI needs UserPhotoLDAPKeytab");
            } else if (!readable(s.keytab)) {
                out.errors.push_back("UserPhotoLDAPKeytab " + s.keytab + " is not readable");
            } else if (s.bind_principal.empty()) {
                std::string error;
                if (!first_keytab_principal(s.keytab, &error))
                    out.errors.push_back("UserPhotoLDAPKeytab " + s.keytab + ": " + error);
            }
            if (!s.bind_dn.empty())
                out.warnings.push_back("UserPhotoLDAPBindDN is ignored with UserPhotoLDAPBindMechanism GSSAPI");
            break;
    }
    if (s.bind_mechanism != BindMechanism::Gssapi && (!s.keytab.empty() || !s.bind_principal.empty()))
        out.warnings.push_back("UserPhotoLDAPKeytab / UserPhotoLDAPBindPrincipal are ignored without "
                               "UserPhotoLDAPBindMechanism GSSAPI");
    if (!all_ldaps && any_ldaps)
        out.warnings.push_back("UserPhotoLDAPURL mixes ldaps:// and ldap:// servers: the ldap:// ones are not "
                               "encrypted unless UserPhotoLDAPStartTLS is on");
    return out;
}

}  // namespace userphoto::directory
