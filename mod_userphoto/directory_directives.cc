#include "directory_directives.h"
#include "directive_setter.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "util/strings.h"

namespace userphoto::glue {
namespace {

// Relative paths are taken from ServerRoot, as httpd does for its own files.
std::string server_path(cmd_parms* cmd, const char* path) {
    const char* full = ap_server_root_relative(cmd->pool, path);
    return full ? full : path;
}

const char* readable_or_error(cmd_parms* cmd, const std::string& path, const char* what) {
    if (::access(path.c_str(), R_OK) != 0)
        return error(cmd, std::string(what) + " " + path + " is not readable by the server (" + std::strerror(errno) + ")");
    return nullptr;
}

}  // namespace

extern "C" const char* set_ldap_start_tls(cmd_parms* cmd, void*, int on) {
    return guarded(cmd, [&]() -> const char* {
        server_config(cmd).start_tls = on != 0;
        return nullptr;
    });
}

extern "C" const char* set_ldap_verify_server_cert(cmd_parms* cmd, void*, int on) {
    return guarded(cmd, [&]() -> const char* {
        server_config(cmd).verify_server_cert = on != 0;
        return nullptr;
    });
}

extern "C" const char* set_ldap_trusted_ca(cmd_parms* cmd, void*, const char* path) {
    return guarded(cmd, [&]() -> const char* {
        std::string full = server_path(cmd, path);
        if (const char* bad = readable_or_error(cmd, full, "CA certificate")) return bad;
        server_config(cmd).trusted_ca = full;
        return nullptr;
    });
}

extern "C" const char* set_ldap_client_cert(cmd_parms* cmd, void*, const char* cert, const char* key) {
    return guarded(cmd, [&]() -> const char* {
        std::string cert_path = server_path(cmd, cert), key_path = server_path(cmd, key);
        if (const char* bad = readable_or_error(cmd, cert_path, "certificate")) return bad;
        if (const char* bad = readable_or_error(cmd, key_path, "key")) return bad;
        server_config(cmd).client_cert = std::make_pair(cert_path, key_path);
        return nullptr;
    });
}

extern "C" const char* set_ldap_bind_mechanism(cmd_parms* cmd, void*, const char* name) {
    return guarded(cmd, [&]() -> const char* {
        auto mechanism = config::parse_bind_mechanism(name);
        if (!mechanism)
            return error(cmd, std::string("unknown mechanism '") + name + "': expects simple, GSSAPI or EXTERNAL");
        server_config(cmd).bind_mechanism = *mechanism;
        return nullptr;
    });
}

extern "C" const char* set_ldap_keytab(cmd_parms* cmd, void*, const char* path) {
    return guarded(cmd, [&]() -> const char* {
        std::string full = server_path(cmd, path);
        if (const char* bad = readable_or_error(cmd, full, "keytab")) return bad;
        server_config(cmd).keytab = full;
        return nullptr;
    });
}

extern "C" const char* set_ldap_bind_principal(cmd_parms* cmd, void*, const char* name) {
    return guarded(cmd, [&]() -> const char* {
        if (!*name) return error(cmd, "expects a principal such as photo@CORP.EXAMPLE");
        server_config(cmd).bind_principal = name;
        return nullptr;
    });
}

extern "C" const char* set_email_alias_attribute(cmd_parms* cmd, void*, const char* name) {
    return guarded(cmd, [&]() -> const char* {
        if (iequals(name, "none")) {
            server_config(cmd).email_alias_attribute = std::string();
            return nullptr;
        }
        if (const char* bad = check_attribute(cmd, name)) return bad;
        server_config(cmd).email_alias_attribute = name;
        return nullptr;
    });
}

bool check_directory_settings(server_rec* s) {
    auto settings = resolve(server_state(s)->config, nullptr);
    if (!settings) return true;  // no URL: reported elsewhere
    config::ConnectionCheck check = config::check_connection_settings(settings->directory);
    for (const std::string& warning : check.warnings)
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, "mod_userphoto: %s", warning.c_str());
    for (const std::string& problem : check.errors)
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s, "mod_userphoto: %s", problem.c_str());
    return check.errors.empty();
}

}  // namespace userphoto::glue
