// A thread-safe LRU map bounded in bytes: the per-process cache tier. Values are shared immutable
// objects, so a hit hands out a reference count, never a copy of the photo. The key's hash is
// computed before the lock is taken (or given by the caller, ShardedLruCache), so a hit holds the
// lock only for one bucket probe, a key comparison and moving one list node.
#pragma once
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace userphoto::cache {

template <typename Value>
class LruCache {
public:
    using Ptr = std::shared_ptr<const Value>;

    explicit LruCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

    static size_t hash_of(std::string_view key) { return std::hash<std::string_view>{}(key); }

    // The value and marks it most recently used; null on a miss.
    Ptr get(const std::string& key) { return get(key, hash_of(key)); }
    Ptr get(std::string_view key, size_t hash) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = index_.find(KeyRef{key, hash});
        if (it == index_.end()) return nullptr;
        if (it->second != order_.begin()) order_.splice(order_.begin(), order_, it->second);
        return it->second->value;
    }

    // Inserts or replaces; `cost` is the bytes it accounts for (value + key + bookkeeping).
    // Evicts least recently used entries until the total fits; a value larger than the whole
    // capacity is not kept. Returns how many entries were evicted to make room.
    size_t put(const std::string& key, Ptr value, size_t cost) { return put(key, hash_of(key), std::move(value), cost); }
    size_t put(const std::string& key, size_t hash, Ptr value, size_t cost) {
        std::lock_guard<std::mutex> lock(mutex_);
        erase_locked(KeyRef{key, hash});
        cost += key.size() + kOverhead;
        if (cost > capacity_) return 0;
        order_.push_front(Node{key, hash, std::move(value), cost});
        index_.emplace(KeyRef{order_.front().key, hash}, order_.begin());
        used_ += cost;
        size_t evicted = 0;
        for (; used_ > capacity_; ++evicted) erase_locked(KeyRef{order_.back().key, order_.back().hash});
        return evicted;
    }

    void erase(const std::string& key) { erase(key, hash_of(key)); }
    void erase(std::string_view key, size_t hash) {
        std::lock_guard<std::mutex> lock(mutex_);
        erase_locked(KeyRef{key, hash});
    }

    // Removes every entry whose key and value satisfy `match` (a rare, linear operation).
    void erase_if(const std::function<bool(const std::string&, const Value&)>& match) {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto it = order_.begin(); it != order_.end();) {
            auto next = std::next(it);
            if (match(it->key, *it->value)) erase_locked(KeyRef{it->key, it->hash});
            it = next;
        }
    }

    size_t bytes_used() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return used_;
    }
    size_t size() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return index_.size();
    }
    size_t capacity() const { return capacity_; }

    // Rough per-entry cost of the list node, the index slot and the shared_ptr control block.
    static constexpr size_t kOverhead = 128;

private:
    struct Node {
        std::string key;
        size_t hash;
        Ptr value;
        size_t cost;
    };
    // An index key: a view of the node's key with its hash, so the map never hashes under the lock.
    struct KeyRef {
        std::string_view text;
        size_t hash;
        bool operator==(const KeyRef& other) const { return hash == other.hash && text == other.text; }
    };
    struct KeyRefHash {
        size_t operator()(const KeyRef& key) const { return key.hash; }
    };

    void erase_locked(const KeyRef& key) {
        auto it = index_.find(key);
        if (it == index_.end()) return;
        used_ -= it->second->cost;
        auto node = it->second;
        index_.erase(it);
        order_.erase(node);
    }

    const size_t capacity_;
    mutable std::mutex mutex_;
    std::list<Node> order_;  // most recently used first
    std::unordered_map<KeyRef, typename std::list<Node>::iterator, KeyRefHash> index_;  // views into order_
    size_t used_ = 0;
};

}  // namespace userphoto::cache
