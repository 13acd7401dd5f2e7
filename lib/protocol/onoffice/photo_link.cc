#include "protocol/onoffice/photo_link.h"

#include <ctime>
#include <vector>

#include "protocol/onoffice/hmac.h"
#include "service/link_signer.h"
#include "util/numbers.h"

namespace userphoto::onoffice {
namespace {

// The module's one signed-link scheme (LinkSigner: HMAC-SHA256, base64url) over the link's fields.
std::string signature(const PhotoLink& link, std::string_view secret) {
    const std::string fields = "userphoto-link\n" + std::to_string(link.number) + "\n" + link.version;
    return LinkSigner(std::string(secret)).sign(fields, static_cast<std::time_t>(link.expires));
}

std::optional<int64_t> parse_i64(std::string_view text) {
    if (text.size() > 19) return std::nullopt;
    return parse_integer<int64_t>(text);
}

bool is_version(std::string_view v) {
    if (v.empty() || v.size() > 32) return false;
    for (char c : v)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

}  // namespace

int64_t link_expiry(std::time_t now, int64_t lifetime_s) {
    const int64_t step = lifetime_s >= 4 ? lifetime_s / 4 : 1;
    const int64_t earliest = static_cast<int64_t>(now) + lifetime_s;
    return (earliest + step - 1) / step * step;
}

std::string link_path(const PhotoLink& link, std::string_view secret) {
    return "photo/" + std::to_string(link.number) + "/" + link.version + "/" + std::to_string(link.expires) + "/" +
           signature(link, secret) + ".jpg";
}

std::optional<PhotoLink> verify_link(std::string_view tail, std::string_view secret) {
    if (tail.size() > 200 || !tail.ends_with(".jpg")) return std::nullopt;
    tail.remove_suffix(4);
    std::vector<std::string_view> parts;
    while (true) {
        size_t slash = tail.find('/');
        parts.push_back(tail.substr(0, slash));
        if (slash == std::string_view::npos) break;
        tail.remove_prefix(slash + 1);
    }
    if (parts.size() != 4) return std::nullopt;
    auto number = parse_i64(parts[0]);
    auto expires = parse_i64(parts[2]);
    if (!number || !expires || !is_version(parts[1]) || parts[3].empty()) return std::nullopt;
    PhotoLink link{*number, std::string(parts[1]), *expires};
    if (!constant_time_equal(signature(link, secret), parts[3])) return std::nullopt;
    return link;
}

}  // namespace userphoto::onoffice
