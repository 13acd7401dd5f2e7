// Drawn "no photo" pictures (fallback_photos.h), kept once drawn: a picture depends only on its
// kind, initials, colour, edge and encoding, so many people share one, and drawing it costs far
// more than a lookup (the initials at 648 px take about 22 ms to draw and encode). In-process only
// (nothing is read back from a shared store), bounded by bytes, least recently used out first;
// thread-safe.
#pragma once
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace userphoto {

struct DrawnPicture {
    std::string bytes;  // encoded
    std::string etag;   // 8 hex digits of their hash
};

class DrawnPictureCache {
public:
    // Pictures larger than an eighth of the budget are not kept (one must not push out all others).
    explicit DrawnPictureCache(size_t max_bytes) : max_bytes_(max_bytes) {}

    std::shared_ptr<const DrawnPicture> find(const std::string& key);  // null: not kept
    void put(const std::string& key, std::shared_ptr<const DrawnPicture> picture);

    size_t bytes() const;  // the pictures, their keys and a fixed overhead per entry
    size_t entries() const;
    uint64_t hits() const;
    uint64_t misses() const;

private:
    using Entry = std::pair<std::string, std::shared_ptr<const DrawnPicture>>;
    static size_t cost(const Entry& entry) { return entry.first.size() + entry.second->bytes.size() + 128; }

    const size_t max_bytes_;
    mutable std::mutex mutex_;
    std::list<Entry> order_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    size_t bytes_ = 0;
    uint64_t hits_ = 0;
    uint64_t misses_ = 0;
};

// The process's cache of drawn pictures: 4 MiB (an initials picture is about 2 KiB at 96 px and
// 20 KiB at 648 px, so a few hundred of the largest fit).
inline constexpr size_t kDrawnPictureCacheBytes = size_t{4} << 20;
DrawnPictureCache& drawn_picture_cache();

}  // namespace userphoto
