// Address digests as avatar URLs carry them: 32 (MD5) or 64 (SHA-256) hex digits.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace userphoto {

enum class DigestKind : uint8_t { Md5, Sha256 };

struct AddressDigest {
    DigestKind kind = DigestKind::Md5;
    std::array<uint8_t, 32> bytes{};  // MD5 uses the first 16
    size_t size() const { return kind == DigestKind::Md5 ? 16 : 32; }
};

// 32 or 64 hex digits (either case) → the digest; false for any other length or character.
bool parse_hex_digest(std::string_view hex, AddressDigest* digest);
std::string hex_of(const uint8_t* bytes, size_t length);

}  // namespace userphoto
