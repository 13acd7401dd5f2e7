#include "protocol/onoffice/photo_link.h"

#include <charconv>
#include <vector>

#include "protocol/onoffice/hmac.h"
#include "util/base64.h"
#include "util/numbers.h"

namespace userphoto::onoffice {
namespace {

std::string signature(const PhotoLink& link, std::string_view secret) {
    const std::string message = "userphoto-link\n" + std::to_string(link.number) + "\n" + link.version + "\n" +
                                std::to_string(link.expires);
    std::string b64 = base64_encode(hmac_sha256(secret, message).substr(0, 16));
    std::string out;
    for (char c : b64) {
        if (c == '=') break;
        out += c == '+' ? '-' : c == '/' ? '_' : c;
    }
    return out;
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
    if (!number || !expires || !is_version(parts[1])) return std::nullopt;
    PhotoLink link{*number, std::string(parts[1]), *expires};
    if (!constant_time_equal(signature(link, secret), parts[3])) return std::nullopt;
    return link;
}

}  // namespace userphoto::onoffice
