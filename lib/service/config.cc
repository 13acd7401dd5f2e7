#include "service/config.h"

#include <charconv>

namespace userphoto {
namespace {

template <typename T>
void take(std::optional<T>& into, const std::optional<T>& base, const std::optional<T>& add) {
    into = add ? add : base;
}

std::optional<uint64_t> parse_u64(std::string_view text) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

}  // namespace

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
    return out;
}

DirConfig merge(const DirConfig& base, const DirConfig& add) {
    DirConfig out;
    take(out.ews_not_found_status, base.ews_not_found_status, add.ews_not_found_status);
    take(out.max_body_bytes, base.max_body_bytes, add.max_body_bytes);
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

    PhotoServiceSettings& svc = out.service;
    if (config.source_attributes) svc.photo_attributes = *config.source_attributes;
    svc.email_attribute = dir.url.attribute;
    svc.remote_user_attribute = config.remote_user_attribute.value_or(dir.url.attribute);
    if (config.jpeg_quality) svc.jpeg_quality = *config.jpeg_quality;
    if (config.max_image_pixels) svc.limits.max_pixels = *config.max_image_pixels;
    if (config.max_image_bytes) svc.limits.max_input_bytes = static_cast<size_t>(*config.max_image_bytes);
    return out;
}

std::optional<int> parse_int_in_range(std::string_view text, int min, int max) {
    auto v = parse_u64(text);
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
    auto v = parse_u64(text);
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
    auto v = parse_u64(text);
    if (!v || *v == 0 || *v > (1ULL << 40) / scale) return std::nullopt;
    return *v * scale;
}

}  // namespace userphoto
