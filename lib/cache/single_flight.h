// Concurrent misses for one key do the work once: the first caller runs it, the others wait for
// its result. Waiting is bounded: a follower that waits longer than `max_wait` does the work
// itself rather than hang behind a stuck leader.
#pragma once
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <string>

namespace userphoto::cache {

template <typename Result>
class SingleFlight {
public:
    explicit SingleFlight(std::chrono::milliseconds max_wait) : max_wait_(max_wait) {}

    template <typename Work>
    Result run(const std::string& key, Work&& work) {
        std::shared_future<Result> pending;
        std::promise<Result> promise;
        bool leader = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto it = flights_.find(key);
            if (it == flights_.end()) {
                pending = promise.get_future().share();
                flights_.emplace(key, pending);
                leader = true;
            } else {
                pending = it->second;
            }
        }
        if (!leader) {
            if (pending.wait_for(max_wait_) == std::future_status::ready) return pending.get();
            return work();
        }
        try {
            Result result = work();
            finish(key);
            promise.set_value(result);
            return result;
        } catch (...) {
            finish(key);
            promise.set_exception(std::current_exception());
            throw;
        }
    }

    size_t in_flight() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return flights_.size();
    }

private:
    void finish(const std::string& key) {
        std::lock_guard<std::mutex> lock(mutex_);
        flights_.erase(key);
    }

    const std::chrono::milliseconds max_wait_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_future<Result>> flights_;
};

}  // namespace userphoto::cache
