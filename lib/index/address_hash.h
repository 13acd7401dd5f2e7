// The hashes avatar clients send: MD5 and SHA-256 of the trimmed, lower-cased e-mail address.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace userphoto::avatar {

struct AddressDigests {
    std::array<uint8_t, 16> md5{};
    std::array<uint8_t, 32> sha256{};
};

// " Alice@Example.TEST " → "alice@example.test"
std::string normalize_address(std::string_view address);
// Both digests of the normalized address.
AddressDigests digest_address(std::string_view address);

}  // namespace userphoto::avatar
