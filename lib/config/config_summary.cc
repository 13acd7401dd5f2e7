#include "config/config_summary.h"

#include "directory/settings_check.h"
#include "directory/watch_settings.h"

namespace userphoto {
namespace {

using Lines = std::vector<std::pair<std::string, std::string>>;

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& v : values) out += (out.empty() ? "" : " ") + v;
    return out.empty() ? "none" : out;
}

template <typename T, typename Show>
void add(Lines& lines, const char* name, const std::optional<T>& value, Show show) {
    lines.emplace_back(name, value ? show(*value) : std::string("(default)"));
}

template <typename T>
void add_number(Lines& lines, const char* name, const std::optional<T>& value) {
    add(lines, name, value, [](T v) { return std::to_string(v); });
}

void add_text(Lines& lines, const char* name, const std::optional<std::string>& value) {
    add(lines, name, value, [](const std::string& v) { return v.empty() ? std::string("none") : v; });
}

void add_secret(Lines& lines, const char* name, const std::optional<std::string>& value) {
    add(lines, name, value, [](const std::string&) { return std::string(kMaskedSecret); });
}

void add_flag(Lines& lines, const char* name, const std::optional<bool>& value) {
    add(lines, name, value, [](bool on) { return std::string(on ? "on" : "off"); });
}

}  // namespace

Lines summarize_configuration(const ServerConfig& s, const DirConfig& d) {
    Lines lines;
    add(lines, "UserPhotoLDAPURL", s.ldap_url, [](const directory::LdapUrl& url) {
        return url.uri_list() + " base \"" + url.base_dn + "\" attribute " + url.attribute + " filter " + url.filter;
    });
    add_text(lines, "UserPhotoLDAPBindDN", s.bind_dn);
    add_secret(lines, "UserPhotoLDAPBindPassword", s.bind_password);
    add(lines, "UserPhotoLDAPBindMechanism", s.bind_mechanism,
        [](directory::BindMechanism m) { return std::string(directory::bind_mechanism_name(m)); });
    add_text(lines, "UserPhotoLDAPBindPrincipal", s.bind_principal);
    add_text(lines, "UserPhotoLDAPKeytab", s.keytab);
    add_flag(lines, "UserPhotoLDAPStartTLS", s.start_tls);
    add_text(lines, "UserPhotoLDAPTrustedCA", s.trusted_ca);
    add_flag(lines, "UserPhotoLDAPVerifyServerCert", s.verify_server_cert);
    add(lines, "UserPhotoLDAPClientCert", s.client_cert,
        [](const std::pair<std::string, std::string>& c) { return c.first + " " + c.second; });
    add_number(lines, "UserPhotoLDAPConnectTimeout (ms)", s.connect_timeout_ms);
    add_number(lines, "UserPhotoLDAPTimeout (ms)", s.operation_timeout_ms);
    add_number(lines, "UserPhotoLDAPPoolSize", s.pool_max);
    add(lines, "UserPhotoSourceAttributes", s.source_attributes, joined);
    add_text(lines, "UserPhotoRemoteUserAttribute", s.remote_user_attribute);
    add_text(lines, "UserPhotoEmailAliasAttribute", s.email_alias_attribute);
    add_number(lines, "UserPhotoJPEGQuality", s.jpeg_quality);
    add_number(lines, "UserPhotoMaxImagePixels", s.max_image_pixels);
    add_number(lines, "UserPhotoMaxImageBytes", s.max_image_bytes);
    add_text(lines, "UserPhotoChatterIdAttribute", s.chatter_id_attribute);
    add_secret(lines, "UserPhotoLinkSecret", s.link_secret);
    add(lines, "UserPhotoUploadAttributes", s.upload_attributes,
        [](const std::pair<std::string, std::string>& a) { return a.first + " " + a.second; });
    add(lines, "UserPhotoAdminUsers", s.admin_users, joined);
    add_number(lines, "UserPhotoMaxUploadPixels", s.max_upload_pixels);
    add_text(lines, "UserPhotoGraphIdAttribute", s.graph_id_attribute);
    add_text(lines, "UserPhotoGraphUPNAttribute", s.graph_upn_attribute);
    add_text(lines, "UserPhotoCache", s.cache_store);
    add_number(lines, "UserPhotoCacheTTL (s)", s.cache_ttl_s);
    add_number(lines, "UserPhotoCacheNegativeTTL (s)", s.cache_negative_ttl_s);
    add_number(lines, "UserPhotoCacheMemory (bytes)", s.cache_memory_bytes);
    add_number(lines, "UserPhotoDrawnPictureMemory (bytes)", s.drawn_picture_memory_bytes);
    add(lines, "UserPhotoChangeMarkerAttribute", s.change_marker_attributes, joined);
    add_text(lines, "UserPhotoIdAttribute", s.id_attribute);
    add_text(lines, "UserPhotoMessengerAttribute", s.messenger_attribute);
    add_text(lines, "UserPhotoLinkedEntryAttribute", s.linked_entry_attribute);
    add_number(lines, "UserPhotoLinkLifetime (s)", s.link_lifetime_s);
    add(lines, "UserPhotoDirectoryWatch", s.directory_watch,
        [](directory::WatchMode m) { return std::string(directory::watch_mode_name(m)); });
    add_number(lines, "UserPhotoDirectoryWatchInterval (ms)", s.directory_watch_interval_ms);
    add_number(lines, "UserPhotoAvatarIndexMemory (bytes)", s.avatar.index_memory_bytes);
    add_number(lines, "UserPhotoAvatarIndexRefresh (s)", s.avatar.index_refresh_s);
    // This location's settings.
    add_number(lines, "UserPhotoEWSNotFoundStatus", d.ews_not_found_status);
    add_flag(lines, "UserPhotoEWSAllowAnonymous", d.ews_allow_anonymous);
    add(lines, "UserPhotoFallback", d.fallback, [](FallbackPicture p) { return std::string(fallback_picture_name(p)); });
    add_number(lines, "UserPhotoMaxRequestBody", d.max_body_bytes);
    add_number(lines, "UserPhotoMaxUploadSize", d.max_upload_bytes);
    add(lines, "UserPhotoOnOfficeAPIUser", d.onoffice_users, [](const std::vector<OnOfficeApiUserConfig>& users) {
        std::string out;
        for (const auto& u : users)
            out += (out.empty() ? "" : ", ") + u.token + " (secret " + kMaskedSecret + (u.can_read ? "" : ", noread") + ")";
        return out.empty() ? std::string("none") : out;
    });
    add_number(lines, "UserPhotoOnOfficeMaxRecords", d.onoffice_max_records);
    add_number(lines, "UserPhotoOnOfficeMaxResponseBytes", d.onoffice_max_response_bytes);
    return lines;
}

}  // namespace userphoto
