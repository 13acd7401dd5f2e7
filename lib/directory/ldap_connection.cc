#include "directory/ldap_connection.h"

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

OpenedConnection open_connection(const Settings& settings, std::chrono::milliseconds operation_timeout) {
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
    berval credentials{};
    credentials.bv_len = settings.bind_password.size();
    credentials.bv_val = const_cast<char*>(settings.bind_password.c_str());  // read only
    const char* dn = settings.bind_dn.empty() ? nullptr : settings.bind_dn.c_str();
    // The bind is the first request, so it also makes the TCP (and TLS) connection.
    out.rc = ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &credentials, nullptr, nullptr, nullptr);
    if (out.rc != LDAP_SUCCESS) {
        out.message = ldap_error_text(ld, out.rc);
        close_connection(ld);
        return out;
    }
    out.ld = ld;
    return out;
}

}  // namespace userphoto::directory
