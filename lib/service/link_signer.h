// Signed, expiring links: lets a URL be used without authentication for a while (e-mail photo
// links). HMAC-SHA256 under a server secret over the link's path and its expiry time.
#pragma once
#include <ctime>
#include <string>
#include <string_view>

namespace userphoto {

class LinkSigner {
public:
    explicit LinkSigner(std::string secret) : secret_(std::move(secret)) {}

    // base64url (no padding) of HMAC-SHA256(secret, path + "\n" + expires).
    std::string sign(std::string_view path, std::time_t expires) const;

    // True when `signature` is sign(path, expires) (constant-time compare) and now <= expires.
    bool verify(std::string_view path, std::time_t expires, std::string_view signature, std::time_t now) const;

    bool has_secret() const { return !secret_.empty(); }

private:
    std::string secret_;
};

// `bytes` random bytes from the system's CSPRNG, hex encoded; empty on failure.
std::string random_secret_hex(size_t bytes);

}  // namespace userphoto
