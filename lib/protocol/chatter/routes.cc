#include "protocol/chatter/routes.h"

#include <vector>

#include "protocol/chatter/salesforce_id.h"

namespace userphoto::chatter {
namespace {

constexpr std::string_view kFiles = "userphoto-files";
constexpr std::string_view kPublic = "userphoto-public";

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos <= path.size()) {
        size_t slash = path.find('/', pos);
        if (slash == std::string_view::npos) slash = path.size();
        if (slash > pos) out.push_back(path.substr(pos, slash - pos));
        pos = slash + 1;
    }
    return out;
}

bool is_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// "v50.0", "v23", "v61.0"
bool is_api_version(std::string_view s) {
    if (s.size() < 2 || s.size() > 12 || s[0] != 'v') return false;
    s.remove_prefix(1);
    const size_t dot = s.find('.');
    if (dot == std::string_view::npos) return is_digits(s);
    return is_digits(s.substr(0, dot)) && is_digits(s.substr(dot + 1));
}

std::string join_prefix(const std::vector<std::string_view>& segments, size_t count) {
    std::string prefix;
    for (size_t i = 0; i < count; ++i) {
        prefix += '/';
        prefix += segments[i];
    }
    return prefix;
}

std::optional<Variant> parse_variant(std::string_view file) {
    if (file == "small.jpg") return Variant::Small;
    if (file == "medium.jpg") return Variant::Medium;
    if (file == "large.jpg") return Variant::Large;
    return std::nullopt;
}

std::optional<Route> parse_photo_tail(const std::vector<std::string_view>& s, size_t at, Route route) {
    const size_t n = s.size() - at;
    auto is = [&](size_t i, std::string_view text) { return s[at + i] == text; };
    if (n == 4 && is(0, "chatter") && is(1, "users") && is(3, "photo")) {
        route.legacy = true;
        route.user = s[at + 2];
        return route;
    }
    if (n == 4 && is(0, "connect") && is(1, "user-profiles") && is(3, "photo")) {
        route.user = s[at + 2];
        return route;
    }
    if (n == 6 && is(0, "connect") && is(1, "communities") && is(3, "user-profiles") && is(5, "photo")) {
        // "internal" or a 0DB community id; anything else is no such resource (and is never echoed
        // back into the Photo's URLs).
        const std::string_view community = s[at + 2];
        if (!is_community_id(community)) return std::nullopt;
        route.community = community;
        route.user = s[at + 4];
        return route;
    }
    return std::nullopt;
}

}  // namespace

std::optional<Route> parse_route(std::string_view path) {
    const std::vector<std::string_view> s = split_path(path);
    for (size_t i = 0; i < s.size(); ++i) {
        Route route;
        route.prefix = join_prefix(s, i);
        if (is_api_version(s[i]) && i + 1 < s.size()) {
            route.kind = RouteKind::Photo;
            route.api_version = s[i];
            if (auto found = parse_photo_tail(s, i + 1, route)) return found;
            continue;  // a version-like segment inside the prefix
        }
        if (s[i] == kPublic && s.size() == i + 2 && s[i + 1] == "unauthenticated") {
            route.kind = RouteKind::Unauthenticated;
            return route;
        }
        if ((s[i] == kFiles || s[i] == kPublic) && s.size() == i + 4) {
            auto variant = parse_variant(s[i + 3]);
            if (!variant) return std::nullopt;
            route.kind = s[i] == kFiles ? RouteKind::File : RouteKind::PublicFile;
            route.user = s[i + 1];
            route.version = s[i + 2];
            route.variant = *variant;
            return route;
        }
    }
    return std::nullopt;
}

int variant_edge(Variant variant) {
    switch (variant) {
        case Variant::Small: return 64;
        case Variant::Medium: return 160;
        case Variant::Large: return 200;
    }
    return 64;
}

const char* variant_name(Variant variant) {
    switch (variant) {
        case Variant::Small: return "small";
        case Variant::Medium: return "medium";
        case Variant::Large: return "large";
    }
    return "small";
}

std::string photo_path(const Route& route, std::string_view user_id) {
    std::string path = route.prefix + "/" + route.api_version;
    if (route.legacy) return path + "/chatter/users/" + std::string(user_id) + "/photo";
    if (!route.community.empty()) path += "/connect/communities/" + route.community;
    else path += "/connect";
    return path + "/user-profiles/" + std::string(user_id) + "/photo";
}

std::string signed_part(std::string_view user_id, std::string_view version, Variant variant) {
    return std::string(user_id) + "/" + std::string(version) + "/" + variant_name(variant) + ".jpg";
}

std::string file_path(std::string_view prefix, std::string_view user_id, std::string_view version, Variant variant,
                      bool public_link) {
    return std::string(prefix) + "/" + std::string(public_link ? kPublic : kFiles) + "/" +
           signed_part(user_id, version, variant);
}

}  // namespace userphoto::chatter
