// Directive setters: each parses its arguments into the plain ServerConfig / DirConfig of lib/service
// and reports mistakes with the directive's name (httpd adds the file and line).
#include "config_directives.h"
#include "directive_setter.h"

#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "apr_strings.h"
#include "avatar_glue.h"
#include "chatter_glue.h"
#include "ews_glue.h"
#include "graph_glue.h"
#include "link_secrets.h"
#include "cache_directives.h"
#include "directory_directives.h"
#include "onoffice_glue.h"
#include "watch_directives.h"
#include "util/image_format.h"
#include "util/strings.h"

namespace userphoto::glue {
namespace {

extern "C" const char* set_ldap_url(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        std::string problem;
        auto url = config::parse_directory_url(arg, &problem);
        if (!url) return error(cmd, problem);
        server_config(cmd).ldap_url = *url;
        return nullptr;
    });
}

extern "C" const char* set_bind_dn(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        server_config(cmd).bind_dn = arg;
        return nullptr;
    });
}

// "exec:/path/prog args" runs the program once at start-up and takes its first output line,
// as AuthLDAPBindPassword does.
extern "C" const char* set_bind_password(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        std::string value = arg;
        if (istarts_with(value, "exec:")) {
            std::vector<std::string> words = split_ws(value.substr(5));
            if (words.empty()) return error(cmd, "exec: needs a program");
            std::vector<const char*> argv;
            for (const auto& w : words) argv.push_back(apr_pstrdup(cmd->temp_pool, w.c_str()));
            argv.push_back(nullptr);
            const char* line = ap_get_exec_line(cmd->pool, argv[0], argv.data());
            if (!line) return error(cmd, "could not read a password from " + words[0]);
            value = line;
        }
        server_config(cmd).bind_password = value;
        return nullptr;
    });
}

extern "C" const char* add_source_attribute(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (const char* bad = check_attribute(cmd, arg)) return bad;
        ServerConfig& config = server_config(cmd);
        // Within one server the arguments accumulate; a virtual host's list replaces the main one.
        if (!config.source_attributes) config.source_attributes = std::vector<std::string>();
        config.source_attributes->push_back(arg);
        return nullptr;
    });
}

extern "C" const char* set_remote_user_attribute(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (const char* bad = check_attribute(cmd, arg)) return bad;
        server_config(cmd).remote_user_attribute = arg;
        return nullptr;
    });
}

extern "C" const char* set_jpeg_quality(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto q = parse_int_in_range(arg, 1, 100);
        if (!q) return error(cmd, "expects a quality from 1 to 100");
        server_config(cmd).jpeg_quality = *q;
        return nullptr;
    });
}

extern "C" const char* set_timeout(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto ms = parse_duration_ms(arg);
        if (!ms) return error(cmd, "expects a duration such as 3, 3s or 500ms (at most one hour)");
        std::string which = cmd->directive->directive;
        if (iequals(which, "UserPhotoLDAPConnectTimeout"))
            server_config(cmd).connect_timeout_ms = *ms;
        else
            server_config(cmd).operation_timeout_ms = *ms;
        return nullptr;
    });
}

extern "C" const char* set_pool_size(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto n = parse_int_in_range(arg, 1, 1024);
        if (!n) return error(cmd, "expects a number of connections from 1 to 1024");
        server_config(cmd).pool_max = *n;
        return nullptr;
    });
}

extern "C" const char* set_max_image_pixels(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto n = parse_byte_size(arg);  // same suffixes: 40M = 40 Mi pixels
        if (!n) return error(cmd, "expects a pixel count such as 40000000 or 40M");
        server_config(cmd).max_image_pixels = *n;
        return nullptr;
    });
}

extern "C" const char* set_max_image_bytes(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto n = parse_byte_size(arg);
        if (!n) return error(cmd, "expects a size such as 10M");
        server_config(cmd).max_image_bytes = *n;
        return nullptr;
    });
}

extern "C" const char* set_fallback(cmd_parms* cmd, void* dir, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        FallbackPicture picture;
        if (!parse_fallback_picture(arg, picture)) return error(cmd, "expects none, initials or silhouette");
        static_cast<DirConfig*>(dir)->fallback = picture;
        return nullptr;
    });
}

extern "C" const char* set_ews_not_found_status(cmd_parms* cmd, void* dir, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        std::string v = arg;
        if (v != "404" && v != "500") return error(cmd, "expects 404 (what Exchange sends) or 500 (what the EWS reference page documents)");
        static_cast<DirConfig*>(dir)->ews_not_found_status = v == "404" ? 404 : 500;
        return nullptr;
    });
}

extern "C" const char* set_max_body(cmd_parms* cmd, void* dir, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto n = parse_byte_size(arg);
        if (!n) return error(cmd, "expects a size such as 64k");
        static_cast<DirConfig*>(dir)->max_body_bytes = *n;
        return nullptr;
    });
}

// ---- onOffice ----------------------------------------------------------------------------

extern "C" const char* set_id_attribute(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (const char* bad = check_attribute(cmd, arg)) return bad;
        server_config(cmd).id_attribute = arg;
        return nullptr;
    });
}

extern "C" const char* set_messenger_attribute(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (const char* bad = check_attribute(cmd, arg)) return bad;
        server_config(cmd).messenger_attribute = arg;
        return nullptr;
    });
}

extern "C" const char* set_linked_entry_attribute(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        if (iequals(arg, "none")) {
            server_config(cmd).linked_entry_attribute = std::string();
            return nullptr;
        }
        if (const char* bad = check_attribute(cmd, arg)) return bad;
        server_config(cmd).linked_entry_attribute = arg;
        return nullptr;
    });
}

extern "C" const char* set_link_lifetime(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto seconds = parse_lifetime_s(arg);
        if (!seconds) return error(cmd, "expects a lifetime such as 86400, 12h or 1d (1 minute to 1 year)");
        server_config(cmd).link_lifetime_s = *seconds;
        return nullptr;
    });
}

// UserPhotoOnOfficeAPIUser token secret [noread]
extern "C" const char* add_onoffice_user(cmd_parms* cmd, void* dir, const char* token, const char* secret,
                                         const char* flag) {
    return guarded(cmd, [&]() -> const char* {
        if (!*token || !*secret) return error(cmd, "expects a token and a secret");
        if (flag && !iequals(flag, "noread")) return error(cmd, std::string("unknown flag '") + flag + "' (only noread)");
        auto& users = static_cast<DirConfig*>(dir)->onoffice_users;
        if (!users) users = std::vector<OnOfficeApiUserConfig>();
        std::erase_if(*users, [&](const OnOfficeApiUserConfig& u) { return u.token == token; });
        users->push_back(OnOfficeApiUserConfig{token, secret, flag == nullptr});
        return nullptr;
    });
}

// UserPhotoFormats jpeg [webp] [avif]: the formats the avatar, Salesforce picture and onOffice link
// routes offer by Accept. JPEG is always offered (every other client gets it); naming it alone
// turns negotiation off.
extern "C" const char* set_formats(cmd_parms* cmd, void* dir, const char* a, const char* b, const char* c) {
    return guarded(cmd, [&]() -> const char* {
        FormatSet formats;
        for (const char* arg : {a, b, c}) {
            if (!arg) continue;
            const std::optional<ImageFormat> format = parse_format_name(arg);
            if (!format) return error(cmd, std::string("unknown format '") + arg + "' (jpeg, webp, avif)");
            if (*format == ImageFormat::Webp) formats.webp = true;
            if (*format == ImageFormat::Avif) formats.avif = true;
        }
        static_cast<DirConfig*>(dir)->formats = formats;
        return nullptr;
    });
}

}  // namespace
}  // namespace userphoto::glue

using namespace userphoto::glue;

extern "C" {

const command_rec userphoto_directives[] = {
    AP_INIT_TAKE1("UserPhotoLDAPURL", set_ldap_url, nullptr, RSRC_CONF,
                  "RFC 4516 URL of the directory: ldap://host1 host2/base?emailattr?scope?filter"),
    AP_INIT_TAKE1("UserPhotoLDAPBindDN", set_bind_dn, nullptr, RSRC_CONF, "DN to bind as (default: anonymous)"),
    AP_INIT_TAKE1("UserPhotoLDAPBindPassword", set_bind_password, nullptr, RSRC_CONF,
                  "bind password, or exec:/path/prog to read it from a program"),
    AP_INIT_ITERATE("UserPhotoSourceAttributes", add_source_attribute, nullptr, RSRC_CONF,
                    "attributes that may hold a photo, in preference order"),
    AP_INIT_TAKE1("UserPhotoRemoteUserAttribute", set_remote_user_attribute, nullptr, RSRC_CONF,
                  "attribute the authenticated user name is matched against"),
    AP_INIT_TAKE1("UserPhotoJPEGQuality", set_jpeg_quality, nullptr, RSRC_CONF, "JPEG quality of served photos, 1-100 (85)"),
    AP_INIT_TAKE1("UserPhotoLDAPConnectTimeout", set_timeout, nullptr, RSRC_CONF, "LDAP connect timeout (3s)"),
    AP_INIT_TAKE1("UserPhotoLDAPTimeout", set_timeout, nullptr, RSRC_CONF, "LDAP bind/search/modify timeout (5s)"),
    AP_INIT_TAKE1("UserPhotoLDAPPoolSize", set_pool_size, nullptr, RSRC_CONF, "LDAP connections per child process (8)"),
    AP_INIT_TAKE1("UserPhotoMaxImagePixels", set_max_image_pixels, nullptr, RSRC_CONF,
                  "largest stored image (width x height) that will be decoded (40000000)"),
    AP_INIT_TAKE1("UserPhotoMaxImageBytes", set_max_image_bytes, nullptr, RSRC_CONF, "largest stored image in bytes (10M)"),
    AP_INIT_TAKE1("UserPhotoEWSNotFoundStatus", set_ews_not_found_status, nullptr, RSRC_CONF | ACCESS_CONF,
                  "HTTP status of an EWS GetUserPhoto for an unknown person: 404 or 500"),
    AP_INIT_TAKE1("UserPhotoFallback", set_fallback, nullptr, RSRC_CONF | ACCESS_CONF,
                  "picture for a person without a photo on EWS and Graph: none (404, default), initials or silhouette"),
    AP_INIT_FLAG("UserPhotoEWSAllowAnonymous", set_ews_allow_anonymous, nullptr, RSRC_CONF | ACCESS_CONF,
                 "serve EWS requests without an authenticated user (default off: 401)"),
    AP_INIT_TAKE1("UserPhotoMaxRequestBody", set_max_body, nullptr, RSRC_CONF | ACCESS_CONF,
                  "largest request body the module reads (64k)"),
    // ---- Salesforce Connect photos (userphoto-chatter) ----
    AP_INIT_TAKE1("UserPhotoChatterIdAttribute", set_chatter_id_attribute, nullptr, RSRC_CONF,
                  "attribute holding the 005... user id (employeeNumber)"),
    AP_INIT_TAKE1("UserPhotoLinkSecret", set_link_secret, nullptr, RSRC_CONF,
                  "secret that signs expiring photo links (default: random at start-up)"),
    AP_INIT_TAKE2("UserPhotoUploadAttributes", set_upload_attributes, nullptr, RSRC_CONF,
                  "attributes uploads write: large photo and thumbnail (jpegPhoto thumbnailPhoto)"),
    AP_INIT_ITERATE("UserPhotoAdminUsers", add_admin_user, nullptr, RSRC_CONF,
                    "authenticated user names that may change anyone's photo"),
    AP_INIT_TAKE1("UserPhotoMaxUploadSize", set_max_upload, nullptr, RSRC_CONF | ACCESS_CONF,
                  "largest photo upload request body (10M)"),
    AP_INIT_TAKE1("UserPhotoMaxUploadPixels", set_max_upload_pixels, nullptr, RSRC_CONF,
                  "uploaded pictures with more pixels are refused before decoding (25000000)"),
    // ---- Microsoft Graph photos (userphoto-graph) ----
    AP_INIT_TAKE1("UserPhotoGraphIdAttribute", set_graph_id_attribute, nullptr, RSRC_CONF,
                  "attribute holding the Graph object id: entryUUID (default) or AD's binary objectGUID"),
    AP_INIT_TAKE1("UserPhotoGraphUPNAttribute", set_graph_upn_attribute, nullptr, RSRC_CONF,
                  "attribute a /users/{name@domain} is matched against before the addresses (userPrincipalName)"),
    // ---- cache ----
    USERPHOTO_CACHE_DIRECTIVES,
    USERPHOTO_WATCH_DIRECTIVES,
    // ---- TLS, SASL binds, Active Directory ----
    USERPHOTO_DIRECTORY_DIRECTIVES,
    // ---- onOffice ----
    AP_INIT_TAKE1("UserPhotoIdAttribute", set_id_attribute, nullptr, RSRC_CONF,
                  "attribute holding the numeric user number (onOffice Nr; default uidNumber)"),
    AP_INIT_TAKE1("UserPhotoMessengerAttribute", set_messenger_attribute, nullptr, RSRC_CONF,
                  "attribute holding the numeric messenger user id (default: none)"),
    AP_INIT_TAKE1("UserPhotoLinkedEntryAttribute", set_linked_entry_attribute, nullptr, RSRC_CONF,
                  "DN-valued attribute whose entry's photo stands in for a missing one, or none (default)"),
    AP_INIT_TAKE1("UserPhotoLinkLifetime", set_link_lifetime, nullptr, RSRC_CONF,
                  "how long a photo link stays valid (1d)"),
    AP_INIT_TAKE23("UserPhotoOnOfficeAPIUser", add_onoffice_user, nullptr, RSRC_CONF | ACCESS_CONF,
                   "an onOffice API user: token secret [noread]"),
    AP_INIT_TAKE1("UserPhotoOnOfficeMaxRecords", set_onoffice_max_records, nullptr, RSRC_CONF | ACCESS_CONF,
                  "records one onOffice API request may return over all its actions (1000)"),
    AP_INIT_TAKE1("UserPhotoOnOfficeMaxResponseBytes", set_onoffice_max_response_bytes, nullptr, RSRC_CONF | ACCESS_CONF,
                  "bytes of records one onOffice API request may return (32M)"),
    // ---- avatars (userphoto-avatar) ----
    USERPHOTO_AVATAR_DIRECTIVES,
    // ---- formats offered by Accept on the browser-facing routes ----
    AP_INIT_TAKE123("UserPhotoFormats", set_formats, nullptr, RSRC_CONF | ACCESS_CONF,
                    "formats the avatar, Salesforce picture and onOffice link routes offer by Accept: jpeg webp avif "
                    "(jpeg)"),
    {nullptr, {nullptr}, nullptr, 0, RAW_ARGS, nullptr},
};

void* userphoto_create_server_config(apr_pool_t* pool, server_rec*) { return pool_new<ServerState>(pool); }

void* userphoto_merge_server_config(apr_pool_t* pool, void* base, void* add) {
    auto* merged = pool_new<ServerState>(pool);
    merged->config = userphoto::merge(static_cast<ServerState*>(base)->config, static_cast<ServerState*>(add)->config);
    return merged;
}

void* userphoto_create_dir_config(apr_pool_t* pool, char*) { return pool_new<userphoto::DirConfig>(pool); }

void* userphoto_merge_dir_config(apr_pool_t* pool, void* base, void* add) {
    return pool_new<userphoto::DirConfig>(pool, userphoto::merge(*static_cast<userphoto::DirConfig*>(base),
                                                                 *static_cast<userphoto::DirConfig*>(add)));
}

}  // extern "C"
