// HMAC-SHA256 and constant-time comparison: the one copy every signature in the module uses
// (onOffice requests, signed photo links, shared-cache records).
#pragma once
#include <string>
#include <string_view>

namespace userphoto {

// Raw 32-byte HMAC-SHA256; throws std::runtime_error when the crypto library fails.
std::string hmac_sha256(std::string_view key, std::string_view message);

// CRYPTO_memcmp over equal lengths; different lengths are unequal (length is not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace userphoto
