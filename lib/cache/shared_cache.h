// The cache tier shared between processes (and between httpd instances): bytes in, bytes out,
// with an absolute expiry. The glue implements it over Apache's ap_socache providers (shmcb,
// memcache, ...); lib/ only sees this interface. Implementations must be thread-safe and must
// never throw; a failing store is a miss, not an error.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace userphoto::cache {

class SharedCache {
public:
    virtual ~SharedCache() = default;
    // max_bytes: the largest value the caller accepts; a larger one is a miss (small records
    // need no large read buffer).
    virtual std::optional<std::string> get(const std::string& key, size_t max_bytes) = 0;
    // expires_at_ms: wall-clock milliseconds since the epoch.
    virtual void put(const std::string& key, const std::string& value, int64_t expires_at_ms) = 0;
    virtual void remove(const std::string& key) = 0;
};

}  // namespace userphoto::cache
