// The per-process cache tier for many threads: the byte budget split evenly over up to kMaxShards
// LruCaches, a key's shard chosen by its hash. A hit takes only its shard's lock, so threads
// serving different people rarely wait for each other. Eviction is least recently used within a
// shard, and each shard keeps to its share of the budget (a value larger than one share is not
// kept); shards are only made as many as leave each at least `min_shard_bytes`, so a small budget
// stays one plain LRU.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cache/lru_cache.h"

namespace userphoto::cache {

template <typename Value>
class ShardedLruCache {
public:
    using Ptr = typename LruCache<Value>::Ptr;
    static constexpr size_t kMaxShards = 16;

    // `capacity()` is the sum of the shards' shares: at most `capacity_bytes`.
    ShardedLruCache(size_t capacity_bytes, size_t min_shard_bytes) {
        size_t count = min_shard_bytes ? capacity_bytes / min_shard_bytes : kMaxShards;
        count = count < 1 ? 1 : count > kMaxShards ? kMaxShards : count;
        shards_.reserve(count);
        for (size_t i = 0; i < count; ++i) shards_.push_back(std::make_unique<LruCache<Value>>(capacity_bytes / count));
        capacity_ = count * (capacity_bytes / count);
    }

    // The key is hashed once: the hash picks the shard and is the shard's index hash too.
    Ptr get(const std::string& key) {
        const size_t hash = LruCache<Value>::hash_of(key);
        return shard(hash).get(key, hash);
    }
    // As LruCache::put, within the key's shard.
    size_t put(const std::string& key, Ptr value, size_t cost) {
        const size_t hash = LruCache<Value>::hash_of(key);
        return shard(hash).put(key, hash, std::move(value), cost);
    }
    void erase(const std::string& key) {
        const size_t hash = LruCache<Value>::hash_of(key);
        shard(hash).erase(key, hash);
    }
    void erase_if(const std::function<bool(const std::string&, const Value&)>& match) {
        for (auto& one : shards_) one->erase_if(match);
    }

    size_t bytes_used() const { return sum(&LruCache<Value>::bytes_used); }
    size_t size() const { return sum(&LruCache<Value>::size); }
    size_t capacity() const { return capacity_; }
    size_t shard_count() const { return shards_.size(); }
    size_t shard_capacity() const { return shards_.front()->capacity(); }
    // Which shard a key lives in (for tests that fill one shard).
    size_t shard_index(std::string_view key) const { return index_of(LruCache<Value>::hash_of(key)); }

private:
    // The hash's high half picks the shard; the shard's map buckets use all of it. (Half the
    // width of size_t: shifting a 32-bit size_t by 32 would be undefined.)
    size_t index_of(size_t hash) const { return (hash >> (sizeof(size_t) * 4)) % shards_.size(); }
    LruCache<Value>& shard(size_t hash) { return *shards_[index_of(hash)]; }
    size_t sum(size_t (LruCache<Value>::*of)() const) const {
        size_t total = 0;
        for (const auto& one : shards_) total += ((*one).*of)();
        return total;
    }

    size_t capacity_ = 0;
    std::vector<std::unique_ptr<LruCache<Value>>> shards_;  // fixed after construction
};

}  // namespace userphoto::cache
