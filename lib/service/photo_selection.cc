#include "service/photo_selection.h"

#include <algorithm>

#include "util/content_hash.h"

namespace userphoto {

std::string photo_etag(const std::vector<std::string_view>& values) {
    uint64_t h = content_hash64("");
    for (std::string_view v : values) {
        // Length-prefixed so that moving bytes between two values changes the hash.
        std::string length = std::to_string(v.size()) + ":";
        h = content_hash64(length, h);
        h = content_hash64(v, h);
    }
    return etag_hex8(h);
}

std::vector<const StoredPhoto*> rank_for_edge(const std::vector<StoredPhoto>& usable, int edge) {
    std::vector<const StoredPhoto*> large_enough, smaller;
    for (const auto& p : usable) (p.probe.square_edge() >= edge ? large_enough : smaller).push_back(&p);
    auto by_edge = [](const StoredPhoto* a, const StoredPhoto* b) { return a->probe.square_edge() < b->probe.square_edge(); };
    std::stable_sort(large_enough.begin(), large_enough.end(), by_edge);  // smallest sufficient first
    std::stable_sort(smaller.begin(), smaller.end(), [&](auto* a, auto* b) { return by_edge(b, a); });  // largest first
    large_enough.insert(large_enough.end(), smaller.begin(), smaller.end());
    return large_enough;
}

}  // namespace userphoto
