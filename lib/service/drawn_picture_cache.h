// Drawn "no photo" pictures (fallback_photos.h, the avatar defaults), kept once drawn: a picture
// depends only on its kind, seed, initials, edge and encoding, so many people share one, and
// drawing it costs far more than a lookup (the initials at 648 px take about 22 ms to draw and
// encode). One cache per process (each child), in-process only (nothing is read back from a
// shared store), bounded by bytes (`UserPhotoDrawnPictureMemory`), least recently used out first;
// thread-safe.
#pragma once
#include <atomic>
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
    std::string etag;   // 8 hex digits of their hash (empty where the caller makes its own)
};

// Lookups, lock-free so that every child can count into one block of shared memory.
struct DrawnPictureCounters {
    std::atomic<uint64_t> hits{0};
    std::atomic<uint64_t> misses{0};
};

class DrawnPictureCache {
public:
    // Pictures larger than an eighth of the budget are not kept (one must not push out all
    // others); a budget of 0 keeps none.
    explicit DrawnPictureCache(size_t max_bytes) : max_bytes_(max_bytes) {}

    std::shared_ptr<const DrawnPicture> find(const std::string& key);  // null: not kept
    void put(const std::string& key, std::shared_ptr<const DrawnPicture> picture);

    // A new budget (child start-up, from the configuration); pictures beyond it leave at once.
    void set_budget(size_t max_bytes);
    // Count lookups into `counters` (the status page's shared block) instead of this cache's own;
    // null: its own again. The counters must outlive the cache's use.
    void count_into(DrawnPictureCounters* counters);

    size_t budget() const;
    size_t bytes() const;  // the pictures, their keys and a fixed overhead per entry
    size_t entries() const;
    uint64_t hits() const;
    uint64_t misses() const;

private:
    using Entry = std::pair<std::string, std::shared_ptr<const DrawnPicture>>;
    static size_t cost(const Entry& entry) { return entry.first.size() + entry.second->bytes.size() + 128; }
    void evict_beyond_budget();  // mutex_ held

    mutable std::mutex mutex_;
    size_t max_bytes_;
    std::list<Entry> order_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    size_t bytes_ = 0;
    DrawnPictureCounters own_counters_;
    std::atomic<DrawnPictureCounters*> counters_{&own_counters_};
};

// The process's cache of drawn pictures, 4 MiB until configured (an initials picture is about
// 2 KiB at 96 px and 20 KiB at 648 px, so a few hundred of the largest fit).
inline constexpr size_t kDrawnPictureCacheBytes = size_t{4} << 20;
DrawnPictureCache& drawn_picture_cache();

}  // namespace userphoto
