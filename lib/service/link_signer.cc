#include "service/link_signer.h"

#include <openssl/rand.h>

#include <exception>
#include <vector>

#include "util/base64.h"
#include "util/hmac.h"

namespace userphoto {
std::string LinkSigner::sign(std::string_view path, std::time_t expires) const {
    const std::string message = std::string(path) + "\n" + std::to_string(static_cast<long long>(expires));
    std::string mac;
    try {
        mac = hmac_sha256(secret_, message);
    } catch (const std::exception&) {
        return std::string();
    }
    return base64url_encode(mac);
}

bool LinkSigner::verify(std::string_view path, std::time_t expires, std::string_view signature,
                        std::time_t now) const {
    if (secret_.empty() || now > expires) return false;
    const std::string expected = sign(path, expires);
    return !expected.empty() && constant_time_equal(expected, signature);
}

std::string random_secret_hex(size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) return std::string();
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : raw) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

}  // namespace userphoto
