#include "service/drawn_picture_cache.h"

namespace userphoto {

std::shared_ptr<const DrawnPicture> DrawnPictureCache::find(const std::string& key) {
    std::lock_guard guard(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
}

void DrawnPictureCache::put(const std::string& key, std::shared_ptr<const DrawnPicture> picture) {
    if (!picture) return;
    Entry entry{key, std::move(picture)};
    const size_t size = cost(entry);
    if (size > max_bytes_ / 8) return;
    std::lock_guard guard(mutex_);
    if (index_.count(key)) return;  // drawn by another thread meanwhile: the same bytes
    order_.push_front(std::move(entry));
    index_[key] = order_.begin();
    bytes_ += size;
    while (bytes_ > max_bytes_) {
        bytes_ -= cost(order_.back());
        index_.erase(order_.back().first);
        order_.pop_back();
    }
}

size_t DrawnPictureCache::bytes() const {
    std::lock_guard guard(mutex_);
    return bytes_;
}

size_t DrawnPictureCache::entries() const {
    std::lock_guard guard(mutex_);
    return order_.size();
}

uint64_t DrawnPictureCache::hits() const {
    std::lock_guard guard(mutex_);
    return hits_;
}

uint64_t DrawnPictureCache::misses() const {
    std::lock_guard guard(mutex_);
    return misses_;
}

DrawnPictureCache& drawn_picture_cache() {
    static DrawnPictureCache cache(kDrawnPictureCacheBytes);
    return cache;
}

}  // namespace userphoto
