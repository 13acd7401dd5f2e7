// The module's configuration as plain data: filled by the directive setters in the glue, merged
// vhost-over-server and Location-over-parent with explicit unset sentinels (std::optional), and
// resolved once into the settings the directory and the service take.
#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "cache/caching_photo_provider.h"
#include "config/avatar_config.h"
#include "directory/directory.h"
#include "directory/watch_settings.h"
#include "service/people_service.h"
#include "service/fallback_photos.h"
#include "service/photo_service.h"
#include "util/image_format.h"

namespace userphoto {

// Per server / virtual host.
struct ServerConfig {
    std::optional<directory::LdapUrl> ldap_url;
    std::optional<std::string> bind_dn;
    std::optional<std::string> bind_password;  // already resolved when it came from exec:
    std::optional<std::vector<std::string>> source_attributes;
    std::optional<std::string> remote_user_attribute;
    std::optional<int> jpeg_quality;
    std::optional<int> connect_timeout_ms;
    std::optional<int> operation_timeout_ms;
    std::optional<int> pool_max;
    std::optional<uint64_t> max_image_pixels;
    std::optional<uint64_t> max_image_bytes;

    // ---- Salesforce Connect photos (userphoto-chatter) ----
    std::optional<std::string> chatter_id_attribute;    // UserPhotoChatterIdAttribute
    std::optional<std::string> link_secret;             // UserPhotoLinkSecret (random when unset)
    std::optional<std::pair<std::string, std::string>> upload_attributes;  // large, thumbnail
    std::optional<std::vector<std::string>> admin_users;  // UserPhotoAdminUsers
    std::optional<uint64_t> max_upload_pixels;            // UserPhotoMaxUploadPixels
    // ---- Microsoft Graph photos (userphoto-graph) ----
    std::optional<std::string> graph_id_attribute;   // UserPhotoGraphIdAttribute
    std::optional<std::string> graph_upn_attribute;  // UserPhotoGraphUPNAttribute
    // ---- cache (UserPhotoCache*, UserPhotoChangeMarkerAttribute) ----
    std::optional<std::string> cache_store;    // "shmcb:/path(32M)", "memcache:host:port", "none"
    std::optional<int> cache_ttl_s;            // 0: no caching at all
    std::optional<int> cache_negative_ttl_s;
    std::optional<uint64_t> cache_memory_bytes;
    std::optional<uint64_t> drawn_picture_memory_bytes;  // UserPhotoDrawnPictureMemory (main server only)
    std::optional<std::vector<std::string>> change_marker_attributes;  // empty list: "none"
    // ---- onOffice: user numbers, messenger ids, linked entries, photo links ----
    std::optional<std::string> id_attribute;            // onOffice Nr (default uidNumber)
    std::optional<std::string> messenger_attribute;     // messengerUIds (default: off)
    std::optional<std::string> linked_entry_attribute;  // "" = none (the default)
    std::optional<int64_t> link_lifetime_s;
    // ---- directory watch (UserPhotoDirectoryWatch, UserPhotoDirectoryWatchInterval) ----
    std::optional<directory::WatchMode> directory_watch;
    std::optional<int> directory_watch_interval_ms;
    // ---- TLS, SASL binds, Active Directory (UserPhotoLDAPStartTLS ... UserPhotoEmailAliasAttribute) ----
    std::optional<bool> start_tls;
    std::optional<std::string> trusted_ca;
    std::optional<bool> verify_server_cert;
    std::optional<std::pair<std::string, std::string>> client_cert;  // certificate, key
    std::optional<directory::BindMechanism> bind_mechanism;
    std::optional<std::string> keytab;
    std::optional<std::string> bind_principal;
    std::optional<std::string> email_alias_attribute;  // smtp:-prefixed further addresses (proxyAddresses)
    // ---- avatars ----
    AvatarServerConfig avatar;
};

// ---- onOffice ----
struct OnOfficeApiUserConfig {
    std::string token;
    std::string secret;
    bool can_read = true;  // false with the "noread" flag
};

// Per <Location> / <Directory>.
struct DirConfig {
    std::optional<int> ews_not_found_status;  // 404 (default) or 500
    std::optional<bool> ews_allow_anonymous;  // UserPhotoEWSAllowAnonymous (default off)
    std::optional<FallbackPicture> fallback;  // UserPhotoFallback: EWS / Graph picture for NoPhoto (none)
    std::optional<uint64_t> max_body_bytes;   // request body cap, enforced while reading
    std::optional<uint64_t> max_upload_bytes; // UserPhotoMaxUploadSize: POST body cap of uploads
    // ---- onOffice: API users (server, vhost or <Location>; inner ones add to outer ones) ----
    std::optional<std::vector<OnOfficeApiUserConfig>> onoffice_users;
    std::optional<uint64_t> onoffice_max_records;         // records one API request may return
    std::optional<uint64_t> onoffice_max_response_bytes;  // bytes of records one API request may return
    // ---- avatars ----
    AvatarDirConfig avatar;
    // ---- UserPhotoFormats: what the browser-facing routes offer by Accept (unset: JPEG only) ----
    std::optional<FormatSet> formats;
};

ServerConfig merge(const ServerConfig& base, const ServerConfig& add);
DirConfig merge(const DirConfig& base, const DirConfig& add);

inline constexpr uint64_t kDefaultMaxBodyBytes = 64 * 1024;
inline constexpr int kDefaultEwsNotFoundStatus = 404;
inline constexpr uint64_t kDefaultMaxUploadBytes = 10 * 1024 * 1024;
inline constexpr const char* kDefaultChatterIdAttribute = "employeeNumber";
inline constexpr uint64_t kDefaultMaxUploadPixels = 25'000'000;
inline constexpr const char* kDefaultGraphIdAttribute = "entryUUID";
inline constexpr const char* kDefaultGraphUpnAttribute = "userPrincipalName";
inline constexpr uint64_t kGraphMaxUploadBytes = 4 * 1024 * 1024;  // Graph's own limit for a photo

inline constexpr int kDefaultCacheTtlS = 300;
inline constexpr int kDefaultCacheNegativeTtlS = 60;
inline constexpr uint64_t kDefaultCacheMemoryBytes = 64ULL << 20;
inline constexpr uint64_t kMinCacheMemoryBytes = 1ULL << 20;
inline constexpr uint64_t kMaxDrawnPictureMemoryBytes = 1ULL << 30;

inline constexpr int64_t kDefaultLinkLifetimeSeconds = 86400;
inline constexpr uint64_t kDefaultOnOfficeMaxRecords = 1000;
inline constexpr uint64_t kDefaultOnOfficeMaxResponseBytes = 32ULL << 20;

struct ResolvedSettings {
    directory::Settings directory;
    PhotoServiceSettings service;
    bool cache_enabled = true;           // UserPhotoCacheTTL 0 turns every tier off
    cache::CacheSettings cache;          // key_namespace identifies the directory and attributes
    // ---- onOffice ----
    PeopleServiceSettings people;
    std::string link_secret;  // UserPhotoLinkSecret, or the random one made at start-up
    int64_t link_lifetime_s = kDefaultLinkLifetimeSeconds;
    directory::WatchSettings watch;  // UserPhotoDirectoryWatch*
};

// Defaults filled in; nullopt (with one message) when the LDAP URL is missing.
std::optional<ResolvedSettings> resolve(const ServerConfig& config, std::string* problem);

// Directive argument parsers: nullopt on a bad value (the setter then reports the directive's syntax).
std::optional<int> parse_int_in_range(std::string_view text, int min, int max);
std::optional<int> parse_duration_ms(std::string_view text);  // "5", "5s", "250ms"
std::optional<uint64_t> parse_byte_size(std::string_view text);  // "65536", "64k", "10M"
// ---- onOffice ----
std::optional<int64_t> parse_lifetime_s(std::string_view text);  // "86400", "90s", "30m", "12h", "1d"; 1 min .. 1 year

}  // namespace userphoto
