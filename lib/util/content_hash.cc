#include "util/content_hash.h"

#include <cstdio>

namespace userphoto {

uint64_t content_hash64(std::string_view bytes, uint64_t seed) {
    uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t content_hash64_folded(std::string_view bytes, uint64_t seed) {
    uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::string etag_hex8(uint64_t hash) {
    uint32_t folded = static_cast<uint32_t>(hash ^ (hash >> 32));
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08X", folded);
    return buf;
}

}  // namespace userphoto
