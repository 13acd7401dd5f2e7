#include "service/link_signer.h"

#include <openssl/rand.h>

#include <exception>
#include <vector>

#include "util/hmac.h"

namespace userphoto {
namespace {

std::string base64url(const unsigned char* data, size_t size) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    size_t i = 0;
    for (; i + 2 < size; i += 3) {
        const unsigned v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i < size) {
        unsigned v = data[i] << 16;
        if (i + 1 < size) v |= data[i + 1] << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (i + 1 < size) out += alphabet[(v >> 6) & 63];
    }
    return out;
}

}  // namespace

std::string LinkSigner::sign(std::string_view path, std::time_t expires) const {
    const std::string message = std::string(path) + "\n" + std::to_string(static_cast<long long>(expires));
    std::string mac;
    try {
        mac = hmac_sha256(secret_, message);
    } catch (const std::exception&) {
        return std::string();
    }
    return base64url(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
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
