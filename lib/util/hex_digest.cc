#include "util/hex_digest.h"

#include "util/strings.h"

namespace userphoto {

bool parse_hex_digest(std::string_view hex, AddressDigest* digest) {
    if (hex.size() != 32 && hex.size() != 64) return false;
    AddressDigest parsed;
    parsed.kind = hex.size() == 32 ? DigestKind::Md5 : DigestKind::Sha256;
    for (size_t i = 0; i < hex.size(); i += 2) {
        const int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        parsed.bytes[i / 2] = static_cast<uint8_t>(hi << 4 | lo);
    }
    *digest = parsed;
    return true;
}

std::string hex_of(const uint8_t* bytes, size_t length) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (size_t i = 0; i < length; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 15];
    }
    return out;
}

}  // namespace userphoto
