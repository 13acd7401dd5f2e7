#include "config/config.h"

#include <charconv>
#include <cstdio>
#include <tuple>

#include "config/take.h"
#include "util/content_hash.h"
#include "util/numbers.h"

namespace userphoto {
ServerConfig merge(const ServerConfig& base, const ServerConfig& add) {
    ServerConfig out;
    take(out.ldap_url, base.ldap_url, add.ldap_url);
    take(out.bind_dn, base.bind_dn, add.bind_dn);
    take(out.bind_password, base.bind_password, add.bind_password);
    take(out.source_attributes, base.source_attributes, add.source_attributes);
    take(out.remote_user_attribute, base.remote_user_attribute, add.remote_user_attribute);
    take(out.jpeg_quality, base.jpeg_quality, add.jpeg_quality);
    take(out.connect_timeout_ms, base.connect_timeout_ms, add.connect_timeout_ms);
    take(out.operation_timeout_ms, base.operation_timeout_ms, add.operation_timeout_ms);
    take(out.pool_max, base.pool_max, add.pool_max);
    take(out.max_image_pixels, base.max_image_pixels, add.max_image_pixels);
    take(out.max_image_bytes, base.max_image_bytes, add.max_image_bytes);
    // Salesforce Connect photos
    take(out.chatter_id_attribute, base.chatter_id_attribute, add.chatter_id_attribute);
    take(out.link_secret, base.link_secret, add.link_secret);
    take(out.max_upload_pixels, base.max_upload_pixels, add.max_upload_pixels);
    take(out.upload_attributes, base.upload_attributes, add.upload_attributes);
    take(out.admin_users, base.admin_users, add.admin_users);
    take(out.graph_id_attribute, base.graph_id_attribute, add.graph_id_attribute);
    take(out.graph_upn_attribute, base.graph_upn_attribute, add.graph_upn_attribute);
    take(out.cache_store, base.cache_store, add.cache_store);
    take(out.cache_ttl_s, base.cache_ttl_s, add.cache_ttl_s);
    take(out.cache_negative_ttl_s, base.cache_negative_ttl_s, add.cache_negative_ttl_s);
    take(out.cache_memory_bytes, base.cache_memory_bytes, add.cache_memory_bytes);
    take(out.drawn_picture_memory_bytes, base.drawn_picture_memory_bytes, add.drawn_picture_memory_bytes);
    take(out.change_marker_attributes, base.change_marker_attributes, add.change_marker_attributes);
    // ---- onOffice ----
    take(out.id_attribute, base.id_attribute, add.id_attribute);
    take(out.messenger_attribute, base.messenger_attribute, add.messenger_attribute);
    take(out.linked_entry_attribute, base.linked_entry_attribute, add.linked_entry_attribute);
    take(out.link_lifetime_s, base.link_lifetime_s, add.link_lifetime_s);
    take(out.directory_watch, base.directory_watch, add.directory_watch);
    take(out.directory_watch_interval_ms, base.directory_watch_interval_ms, add.directory_watch_interval_ms);
    // ---- TLS, SASL binds, Active Directory ----
    take(out.start_tls, base.start_tls, add.start_tls);
    take(out.trusted_ca, base.trusted_ca, add.trusted_ca);
    take(out.verify_server_cert, base.verify_server_cert, add.verify_server_cert);
    take(out.client_cert, base.client_cert, add.client_cert);
    take(out.bind_mechanism, base.bind_mechanism, add.bind_mechanism);
    take(out.keytab, base.keytab, add.keytab);
    take(out.bind_principal, base.bind_principal, add.bind_principal);
    take(out.email_alias_attribute, base.email_alias_attribute, add.email_alias_attribute);
    // ---- avatars ----
    out.avatar = merge(base.avatar, add.avatar);
    return out;
}

DirConfig merge(const DirConfig& base, const DirConfig& add) {
    DirConfig out;
    take(out.ews_not_found_status, base.ews_not_found_status, add.ews_not_found_status);
    take(out.ews_allow_anonymous, base.ews_allow_anonymous, add.ews_allow_anonymous);
    take(out.fallback, base.fallback, add.fallback);
    take(out.max_body_bytes, base.max_body_bytes, add.max_body_bytes);
    take(out.max_upload_bytes, base.max_upload_bytes, add.max_upload_bytes);
    take(out.onoffice_max_records, base.onoffice_max_records, add.onoffice_max_records);
    take(out.onoffice_max_response_bytes, base.onoffice_max_response_bytes, add.onoffice_max_response_bytes);
    // ---- onOffice: an inner section's users add to (and for the same token replace) the outer ones ----
    if (base.onoffice_users || add.onoffice_users) {
        std::vector<OnOfficeApiUserConfig> users;
        for (const auto* list : {&base.onoffice_users, &add.onoffice_users}) {
            if (!*list) continue;
            for (const OnOfficeApiUserConfig& user : **list) {
                std::erase_if(users, [&](const OnOfficeApiUserConfig& u) { return u.token == user.token; });
                users.push_back(user);
            }
        }
        out.onoffice_users = std::move(users);
    }
    out.avatar = merge(base.avatar, add.avatar);  // ---- avatars ----
    take(out.formats, base.formats, add.formats);
    return out;
}

std::optional<ResolvedSettings> resolve(const ServerConfig& config, std::string* problem) {
    if (!config.ldap_url) {
        if (problem) *problem = "UserPhotoLDAPURL is not set: every photo request will fail with 500";
        return std::nullopt;
    }
    ResolvedSettings out;
    directory::Settings& dir = out.directory;
    dir.url = *config.ldap_url;
    dir.bind_dn = config.bind_dn.value_or("");
    dir.bind_password = config.bind_password.value_or("");
    if (config.connect_timeout_ms) dir.network_timeout_ms = *config.connect_timeout_ms;
    if (config.operation_timeout_ms) dir.operation_timeout_ms = *config.operation_timeout_ms;
    if (config.pool_max) dir.pool_max = *config.pool_max;
    // ---- TLS, SASL binds, Active Directory ----
    dir.start_tls = config.start_tls.value_or(false);
    dir.trusted_ca = config.trusted_ca.value_or("");
    dir.verify_server_cert = config.verify_server_cert.value_or(true);
    if (config.client_cert) std::tie(dir.client_cert, dir.client_key) = *config.client_cert;
    dir.bind_mechanism = config.bind_mechanism.value_or(directory::BindMechanism::Simple);
    dir.keytab = config.keytab.value_or("");
    dir.bind_principal = config.bind_principal.value_or("");
    dir.email_alias_attribute = config.email_alias_attribute.value_or("");

    PhotoServiceSettings& svc = out.service;
    if (config.source_attributes) svc.photo_attributes = *config.source_attributes;
    svc.email_attribute = dir.url.attribute;
    svc.remote_user_attribute = config.remote_user_attribute.value_or(dir.url.attribute);
    if (config.jpeg_quality) svc.jpeg_quality = *config.jpeg_quality;
    if (config.max_image_pixels) svc.limits.max_pixels = *config.max_image_pixels;
    if (config.max_image_bytes) svc.limits.max_input_bytes = static_cast<size_t>(*config.max_image_bytes);
    if (config.change_marker_attributes) svc.change_marker_attributes = *config.change_marker_attributes;
    svc.linked_entry_attribute = config.linked_entry_attribute.value_or("");

    cache::CacheSettings& cache = out.cache;
    const int ttl_s = config.cache_ttl_s.value_or(kDefaultCacheTtlS);
    out.cache_enabled = ttl_s > 0;
    cache.ttl_ms = int64_t(ttl_s) * 1000;
    cache.negative_ttl_ms = int64_t(config.cache_negative_ttl_s.value_or(kDefaultCacheNegativeTtlS)) * 1000;
    cache.memory_bytes = static_cast<size_t>(config.cache_memory_bytes.value_or(kDefaultCacheMemoryBytes));
    // Records of different directory views (servers, base, filter, attribute, bind DN: what the
    // directory shows depends on who asks) or photo attributes must not meet in one shared store;
    // the view is also in the records' MAC key, so even a namespace collision cannot mix them.
    std::string identity = dir.url.uri_list() + "\n" + dir.url.base_dn + "\n" + dir.url.filter + "\n" +
                           std::to_string(static_cast<int>(dir.url.scope)) + "\n" + std::to_string(svc.jpeg_quality);
    for (const auto& a : svc.photo_attributes) identity += "\n" + a;
    identity += "\nattribute " + dir.url.attribute + "\nbind " + dir.bind_dn;
    if (!dir.email_alias_attribute.empty()) identity += "\nalias:" + dir.email_alias_attribute;
    if (!svc.linked_entry_attribute.empty()) identity += "\nlinked:" + svc.linked_entry_attribute;
    cache.key_namespace = etag_hex8(content_hash64(identity));
    cache.record_key = cache::derive_record_key(config.link_secret.value_or(""), identity);
    // The default tier (shmcb) is on this machine, where the shared change clock covers every child.
    const std::string store = config.cache_store.value_or("shmcb");
    cache.shared_change_records = store != "none" && store.rfind("shmcb", 0) != 0;

    // ---- onOffice ----
    PeopleServiceSettings& people = out.people;
    people.attributes.number = config.id_attribute.value_or("uidNumber");
    people.attributes.messenger = config.messenger_attribute.value_or("");
    people.attributes.email = dir.url.attribute;
    people.linked_entry_attribute = config.linked_entry_attribute.value_or("");
    people.photo_attributes = svc.photo_attributes;
    people.limits = svc.limits;
    out.link_secret = config.link_secret.value_or("");
    out.link_lifetime_s = config.link_lifetime_s.value_or(kDefaultLinkLifetimeSeconds);
    if (config.directory_watch) out.watch.mode = *config.directory_watch;
    if (config.directory_watch_interval_ms) out.watch.interval_ms = *config.directory_watch_interval_ms;
    return out;
}

std::optional<int> parse_int_in_range(std::string_view text, int min, int max) {
    auto v = parse_integer<uint64_t>(text);
    if (!v || *v < static_cast<uint64_t>(min < 0 ? 0 : min) || *v > static_cast<uint64_t>(max)) return std::nullopt;
    return static_cast<int>(*v);
}

std::optional<int> parse_duration_ms(std::string_view text) {
    uint64_t scale = 1000;
    if (text.ends_with("ms")) {
        scale = 1;
        text.remove_suffix(2);
    } else if (text.ends_with("s")) {
        text.remove_suffix(1);
    }
    auto v = parse_integer<uint64_t>(text);
    // Compare before multiplying: a huge value times 1000 would wrap around to a small one.
    if (!v || *v == 0 || *v > 3'600'000 / scale) return std::nullopt;
    return static_cast<int>(*v * scale);
}

std::optional<uint64_t> parse_byte_size(std::string_view text) {
    uint64_t scale = 1;
    if (!text.empty()) {
        switch (text.back()) {
            case 'k': case 'K': scale = 1024; break;
            case 'm': case 'M': scale = 1024 * 1024; break;
            case 'g': case 'G': scale = 1024ULL * 1024 * 1024; break;
            default: break;
        }
        if (scale != 1) text.remove_suffix(1);
    }
    auto v = parse_integer<uint64_t>(text);
    if (!v || *v == 0 || *v > (1ULL << 40) / scale) return std::nullopt;
    return *v * scale;
}

}  // namespace userphoto

// ---- onOffice ----
namespace userphoto {

std::optional<int64_t> parse_lifetime_s(std::string_view text) {
    int64_t scale = 1;
    if (!text.empty()) {
        switch (text.back()) {
            case 's': scale = 1; break;
            case 'm': scale = 60; break;
            case 'h': scale = 3600; break;
            case 'd': scale = 86400; break;
            default: scale = 0; break;
        }
        if (scale != 0) text.remove_suffix(1);
        if (scale == 0) scale = 1;
    }
    auto v = parse_integer<uint64_t>(text);
    if (!v || *v > 366ULL * 86400) return std::nullopt;
    const int64_t seconds = static_cast<int64_t>(*v) * scale;
    if (seconds < 60 || seconds > 366LL * 86400) return std::nullopt;
    return seconds;
}

}  // namespace userphoto
