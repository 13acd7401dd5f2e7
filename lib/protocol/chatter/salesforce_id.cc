#include "protocol/chatter/salesforce_id.h"

namespace userphoto::chatter {
namespace {

constexpr std::string_view kChecksumAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

}  // namespace

std::string id_checksum(std::string_view id15) {
    std::string suffix;
    for (size_t chunk = 0; chunk < 3; ++chunk) {
        unsigned bits = 0;
        for (size_t i = 0; i < 5; ++i) {
            const size_t at = chunk * 5 + i;
            const char c = at < id15.size() ? id15[at] : '0';
            if (c >= 'A' && c <= 'Z') bits |= 1u << i;
        }
        suffix += kChecksumAlphabet[bits];
    }
    return suffix;
}

std::string to_id18(std::string_view id15) {
    if (id15.size() == 18) return std::string(id15);
    return std::string(id15) + id_checksum(id15);
}

std::optional<std::string> parse_user_id(std::string_view id) {
    if (id.size() != 15 && id.size() != 18) return std::nullopt;
    for (char c : id)
        if (!is_alnum(c)) return std::nullopt;
    if (id.substr(0, 3) != "005") return std::nullopt;
    const std::string_view id15 = id.substr(0, 15);
    // The suffix letters are case-insensitive in Salesforce's own parser.
    if (id.size() == 18) {
        const std::string expected = id_checksum(id15);
        for (size_t i = 0; i < 3; ++i) {
            char got = id[15 + i];
            if (got >= 'a' && got <= 'z') got = static_cast<char>(got - 'a' + 'A');
            if (got != expected[i]) return std::nullopt;
        }
    }
    return std::string(id15);
}

bool is_community_id(std::string_view id) {
    if (id == "internal") return true;
    if ((id.size() != 15 && id.size() != 18) || id.substr(0, 3) != "0DB") return false;
    for (char c : id)
        if (!is_alnum(c)) return false;
    return true;
}

std::string photo_version_id(uint64_t fingerprint) {
    std::string body(12, '0');
    for (size_t i = 12; i-- > 0;) {
        body[i] = kBase62[fingerprint % 62];
        fingerprint /= 62;
    }
    const std::string id15 = "729" + body;
    return id15 + id_checksum(id15);
}

}  // namespace userphoto::chatter
