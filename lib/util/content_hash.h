// Content fingerprints: the EWS ETag (8 uppercase hex digits) and longer version ids are derived
// from the photo bytes, so every size of one photo shares them and any change moves them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace userphoto {

// 64-bit FNV-1a over the bytes; not a security hash.
uint64_t content_hash64(std::string_view bytes, uint64_t seed = 0xcbf29ce484222325ULL);
// The same hash of the bytes with ASCII letters lowered, without making the lowered copy (for keys
// that compare case-insensitively, such as DNs, on hot paths).
uint64_t content_hash64_folded(std::string_view bytes, uint64_t seed = 0xcbf29ce484222325ULL);

// "1A2B3C4D": the 64-bit hash folded to 32 bits, uppercase hex.
std::string etag_hex8(uint64_t hash);

}  // namespace userphoto
