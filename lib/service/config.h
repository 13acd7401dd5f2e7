// The module's configuration as plain data: filled by the directive setters in the glue, merged
// vhost-over-server and Location-over-parent with explicit unset sentinels (std::optional), and
// resolved once into the settings the directory and the service take.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directory/directory.h"
#include "service/people_service.h"
#include "service/photo_service.h"

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

    // ---- onOffice: user numbers, messenger ids, linked entries, photo links ----
    std::optional<std::string> id_attribute;            // onOffice Nr (default uidNumber)
    std::optional<std::string> messenger_attribute;     // messengerUIds (default: off)
    std::optional<std::string> linked_entry_attribute;  // "" = none (the default)
    std::optional<std::string> link_secret;             // default: random per start (see runtime)
    std::optional<int64_t> link_lifetime_s;
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
    std::optional<uint64_t> max_body_bytes;   // request body cap, enforced while reading
    // ---- onOffice: API users (server, vhost or <Location>; inner ones add to outer ones) ----
    std::optional<std::vector<OnOfficeApiUserConfig>> onoffice_users;
};

ServerConfig merge(const ServerConfig& base, const ServerConfig& add);
DirConfig merge(const DirConfig& base, const DirConfig& add);

inline constexpr uint64_t kDefaultMaxBodyBytes = 64 * 1024;
inline constexpr int kDefaultEwsNotFoundStatus = 404;

inline constexpr int64_t kDefaultLinkLifetimeSeconds = 86400;

struct ResolvedSettings {
    directory::Settings directory;
    PhotoServiceSettings service;
    // ---- onOffice ----
    PeopleServiceSettings people;
    std::string link_secret;  // empty: the glue's start-up secret
    int64_t link_lifetime_s = kDefaultLinkLifetimeSeconds;
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
