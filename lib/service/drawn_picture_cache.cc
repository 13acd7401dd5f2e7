#include "service/drawn_picture_cache.h"

namespace userphoto {

std::shared_ptr<const DrawnPicture> DrawnPictureCache::find(const std::string& key) {
    DrawnPictureCounters& counters = *counters_.load(std::memory_order_relaxed);
    std::lock_guard guard(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) {
        counters.misses.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    counters.hits.fetch_add(1, std::memory_order_relaxed);
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
}

void DrawnPictureCache::put(const std::string& key, std::shared_ptr<const DrawnPicture> picture) {
    if (!picture) return;
    Entry entry{key, std::move(picture)};
    const size_t size = cost(entry);
    std::lock_guard guard(mutex_);
    if (size > max_bytes_ / 8) return;
    if (index_.count(key)) return;  // drawn by another thread meanwhile: the same bytes
    order_.push_front(std::move(entry));
    index_[key] = order_.begin();
    bytes_ += size;
    evict_beyond_budget();
}

void DrawnPictureCache::evict_beyond_budget() {
    while (bytes_ > max_bytes_ && !order_.empty()) {
        bytes_ -= cost(order_.back());
        index_.erase(order_.back().first);
        order_.pop_back();
    }
}

void DrawnPictureCache::set_budget(size_t max_bytes) {
    std::lock_guard guard(mutex_);
    max_bytes_ = max_bytes;
    evict_beyond_budget();
}

void DrawnPictureCache::count_into(DrawnPictureCounters* counters) {
    counters_.store(counters ? counters : &own_counters_);
}

size_t DrawnPictureCache::budget() const {
    std::lock_guard guard(mutex_);
    return max_bytes_;
}

size_t DrawnPictureCache::bytes() const {
    std::lock_guard guard(mutex_);
    return bytes_;
}

size_t DrawnPictureCache::entries() const {
    std::lock_guard guard(mutex_);
    return order_.size();
}

uint64_t DrawnPictureCache::hits() const { return counters_.load()->hits.load(); }
uint64_t DrawnPictureCache::misses() const { return counters_.load()->misses.load(); }

DrawnPictureCache& drawn_picture_cache() {
    static DrawnPictureCache cache(kDrawnPictureCacheBytes);
    return cache;
}

}  // namespace userphoto
