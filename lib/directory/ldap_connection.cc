#include "directory/ldap_connection.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "directory/ldap_diagnosis.h"
#include "directory/tls_probe.h"

namespace userphoto::directory {

timeval to_timeval(std::chrono::milliseconds ms) {
    if (ms.count() < 1) ms = std::chrono::milliseconds(1);  // {0,0} would mean "poll" or be refused
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
    return tv;
}

void set_operation_timeout(LDAP* ld, std::chrono::milliseconds timeout) {
    timeval tv = to_timeval(timeout);
    ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
}

std::string ldap_error_text(LDAP* ld, int rc) {
    std::string text = ldap_err2string(rc);
    char* diagnostic = nullptr;
    if (ld && ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic) == LDAP_OPT_SUCCESS && diagnostic) {
        if (*diagnostic) text += std::string(" (") + diagnostic + ")";
        ldap_memfree(diagnostic);
    }
    return text;
}

bool is_connection_error(int rc) {
    return rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT || rc == LDAP_CONNECT_ERROR || rc == LDAP_UNAVAILABLE ||
           rc == LDAP_BUSY;
}

void close_connection(LDAP* ld) {
    if (ld) ldap_unbind_ext_s(ld, nullptr, nullptr);
}

namespace {

bool uses_ldaps(const Settings& settings) {
    for (const std::string& server : settings.url.servers)
        if (server.rfind("ldaps://", 0) == 0) return true;
    return false;
}

// Per-handle TLS options, then a new TLS context built from them: libldap's global TLS state is
// shared with every other LDAP user in the process (mod_ldap), so it is never touched.
bool apply_tls_options(LDAP* ld, const Settings& settings, std::string* error) {
    int require = settings.verify_server_cert ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER;
    if (ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &require) != LDAP_OPT_SUCCESS) {
        *error = "cannot set the TLS certificate check";
        return false;
    }
    if (!settings.trusted_ca.empty()) {
        struct stat st {};
        bool is_dir = ::stat(settings.trusted_ca.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
        int option = is_dir ? LDAP_OPT_X_TLS_CACERTDIR : LDAP_OPT_X_TLS_CACERTFILE;
        if (ldap_set_option(ld, option, settings.trusted_ca.c_str()) != LDAP_OPT_SUCCESS) {
            *error = "cannot use UserPhotoLDAPTrustedCA " + settings.trusted_ca;
            return false;
        }
    }
    if (!settings.client_cert.empty()) {
        if (ldap_set_option(ld, LDAP_OPT_X_TLS_CERTFILE, settings.client_cert.c_str()) != LDAP_OPT_SUCCESS ||
            ldap_set_option(ld, LDAP_OPT_X_TLS_KEYFILE, settings.client_key.c_str()) != LDAP_OPT_SUCCESS) {
            *error = "cannot use UserPhotoLDAPClientCert " + settings.client_cert + " " + settings.client_key;
            return false;
        }
    }
    int is_server = 0;
    if (ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &is_server) != LDAP_OPT_SUCCESS) {
        *error = "cannot create a TLS context (is UserPhotoLDAPTrustedCA a PEM CA certificate, and do "
                 "UserPhotoLDAPClientCert's certificate and key belong together?)";
        return false;
    }
    return true;
}

// Cyrus SASL's sasl_interact_t (sasl/sasl.h, a stable ABI); the list ends with id 0.
struct SaslInteract {
    unsigned long id;
    const char* challenge;
    const char* prompt;
    const char* defresult;
    const void* result;
    unsigned len;
};

// GSSAPI may ask for an authorisation identity: none (the ticket's principal is the identity).
int sasl_no_interaction(LDAP*, unsigned, void*, void* prompts) {
    for (auto* p = static_cast<SaslInteract*>(prompts); p && p->id != 0; ++p) {
        p->result = p->defresult ? p->defresult : "";
        p->len = static_cast<unsigned>(std::strlen(static_cast<const char*>(p->result)));
    }
    return LDAP_SUCCESS;
}

int bind_gssapi(LDAP* ld, KerberosCredentials* kerberos, bool sasl_layer, std::string* message) {
    if (!kerberos) {
        *message = "GSSAPI bind without Kerberos credentials";
        return LDAP_LOCAL_ERROR;
    }
    std::string error;
    std::shared_ptr<KerberosCredentials::Cache> cache = kerberos->current(&error);
    if (!cache) {
        *message = error;
        return LDAP_AUTH_UNKNOWN;
    }
    // The service ticket must name the host in the URL, not what reverse DNS says it is.
    ldap_set_option(ld, LDAP_OPT_X_SASL_NOCANON, LDAP_OPT_ON);
    if (!sasl_layer) ldap_set_option(ld, LDAP_OPT_X_SASL_SECPROPS, const_cast<char*>("maxssf=0"));
    KerberosCredentials::ThreadDefault use(*cache);
    if (!use.ok()) {
        *message = "cannot select the private Kerberos credential cache";
        return LDAP_LOCAL_ERROR;
    }
    return ldap_sasl_interactive_bind_s(ld, nullptr, "GSSAPI", nullptr, nullptr, LDAP_SASL_QUIET,
                                        sasl_no_interaction, nullptr);
}

}  // namespace

static OpenedConnection open_once(const Settings& settings, std::chrono::milliseconds operation_timeout,
                                   KerberosCredentials* kerberos, bool sasl_layer) {
    OpenedConnection out;
    LDAP* ld = nullptr;
    std::string uris = settings.url.uri_list();
    out.rc = ldap_initialize(&ld, uris.c_str());
    if (out.rc != LDAP_SUCCESS || !ld) {
        out.message = "ldap_initialize(" + uris + "): " + ldap_err2string(out.rc);
        if (out.rc == LDAP_SUCCESS) out.rc = LDAP_LOCAL_ERROR;
        return out;
    }
    int version = LDAP_VERSION3;
    timeval network = to_timeval(std::chrono::milliseconds(settings.network_timeout_ms));
    timeval operation = to_timeval(operation_timeout);
    bool options_ok = ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version) == LDAP_OPT_SUCCESS &&
                      ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &network) == LDAP_OPT_SUCCESS &&
                      ldap_set_option(ld, LDAP_OPT_TIMEOUT, &operation) == LDAP_OPT_SUCCESS &&
                      ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF) == LDAP_OPT_SUCCESS &&
                      ldap_set_option(ld, LDAP_OPT_RESTART, LDAP_OPT_ON) == LDAP_OPT_SUCCESS;
    if (!options_ok) {
        close_connection(ld);
        out.rc = LDAP_LOCAL_ERROR;
        out.message = "cannot set LDAP connection options";
        return out;
    }
    const bool tls = settings.start_tls || uses_ldaps(settings);
    if (tls && !apply_tls_options(ld, settings, &out.message)) {
        close_connection(ld);
        out.rc = LDAP_LOCAL_ERROR;
        return out;
    }
    auto fail = [&](int rc, std::string what) {
        out.rc = rc;
        what += ldap_error_text(ld, rc);
        // libldap rarely says why a handshake failed: ask the server again, outside libldap.
        if (tls && settings.verify_server_cert && (rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR)) {
            std::string why = probe_tls_failure(settings);
            if (!why.empty()) what += "; " + why;
        }
        out.message = explain_failure(rc, what);
        close_connection(ld);
        return out;
    };
    if (settings.start_tls) {
        // The first request: it also makes the TCP connection.
        int rc = ldap_start_tls_s(ld, nullptr, nullptr);
        if (rc != LDAP_SUCCESS) return fail(rc, "StartTLS: ");
    }
    switch (settings.bind_mechanism) {
        case BindMechanism::Simple: {
            berval credentials{};
            credentials.bv_len = settings.bind_password.size();
            credentials.bv_val = const_cast<char*>(settings.bind_password.c_str());  // read only
            const char* dn = settings.bind_dn.empty() ? nullptr : settings.bind_dn.c_str();
            // Without StartTLS the bind is the first request, so it also makes the TCP (and TLS) connection.
            out.rc = ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &credentials, nullptr, nullptr, nullptr);
            if (out.rc != LDAP_SUCCESS) return fail(out.rc, "simple bind: ");
            break;
        }
        case BindMechanism::External: {
            // The identity is the TLS client certificate's subject; Cyrus SASL runs the exchange.
            out.rc = ldap_sasl_interactive_bind_s(ld, nullptr, "EXTERNAL", nullptr, nullptr, LDAP_SASL_QUIET,
                                                  sasl_no_interaction, nullptr);
            if (out.rc != LDAP_SUCCESS) return fail(out.rc, "SASL EXTERNAL bind: ");
            break;
        }
        case BindMechanism::Gssapi: {
            std::string kerberos_error;
            out.rc = bind_gssapi(ld, kerberos, sasl_layer, &kerberos_error);
            if (out.rc != LDAP_SUCCESS && kerberos_error.empty()) return fail(out.rc, "GSSAPI bind: ");
            if (out.rc != LDAP_SUCCESS) {  // no ticket: the LDAP handle has nothing to add
                out.message = explain_failure(out.rc, "GSSAPI bind: " + kerberos_error);
                close_connection(ld);
                return out;
            }
            break;
        }
    }
    out.ld = ld;
    return out;
}

static OpenedConnection open_host(const Settings& settings, std::chrono::milliseconds operation_timeout,
                                  KerberosCredentials* kerberos) {
    OpenedConnection out = open_once(settings, operation_timeout, kerberos, true);
    // GSSAPI inside TLS: Windows DCs refuse a SASL signing/sealing layer there ("Cannot bind using
    // sign/seal on a connection on which TLS or SSL is in effect", Samba: "Sign or Seal are not
    // allowed if TLS is used"); then bind again without the layer, TLS protecting the session.
    if (!out.ld && settings.bind_mechanism == BindMechanism::Gssapi &&
        (out.message.find("sign/seal") != std::string::npos || out.message.find("Seal are not allowed") != std::string::npos))
        out = open_once(settings, operation_timeout, kerberos, false);
    return out;
}

OpenedConnection open_connection(const Settings& settings, std::chrono::milliseconds operation_timeout,
                                 KerberosCredentials* kerberos, const std::vector<HostCounters*>* hosts) {
    using Clock = std::chrono::steady_clock;
    const size_t count = settings.url.servers.size();
    if (count <= 1 && !hosts) return open_host(settings, operation_timeout, kerberos);
    // One host at a time, in the URL's order, so that each answer and error is known per host.
    const auto deadline = Clock::now() + operation_timeout;
    Settings one = settings;
    OpenedConnection out;
    std::string messages;
    for (size_t i = 0; i < std::max<size_t>(count, 1); ++i) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (i > 0 && left.count() < 1) break;  // out.rc stays the last host's error
        if (count > 0) one.url.servers = {settings.url.servers[i]};
        out = open_host(one, i == 0 ? operation_timeout : left, kerberos);
        HostCounters* counters = hosts && i < hosts->size() ? (*hosts)[i] : nullptr;
        if (out.ld) {
            out.host = i;
            if (counters) counters->answered();
            return out;
        }
        if (counters) counters->failed(out.message, is_connection_error(out.rc));
        if (count > 1) messages += (messages.empty() ? "" : "; ") + settings.url.servers[i] + ": " + out.message;
        if (!is_connection_error(out.rc)) break;  // e.g. a wrong password: the next host would say the same
    }
    if (count > 1) out.message = messages;
    return out;
}

}  // namespace userphoto::directory
