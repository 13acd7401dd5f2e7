// Configuration of the avatar route (UserPhotoAvatar*): plain data with unset sentinels, merged
// like the rest of the configuration.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace userphoto {

// Per server / virtual host: the shared hash index.
struct AvatarServerConfig {
    std::optional<uint64_t> index_memory_bytes;  // UserPhotoAvatarIndexMemory
    std::optional<int> index_refresh_s;          // UserPhotoAvatarIndexRefresh; 0: off
};

// Per <Location>.
struct AvatarDirConfig {
    std::optional<bool> md5;                          // UserPhotoAvatarHashes
    std::optional<bool> sha256;
    std::optional<std::string> default_kind;          // UserPhotoAvatarDefault, as written
    std::optional<std::vector<std::string>> redirect_hosts;  // UserPhotoAvatarRedirectHosts, lower case
    std::optional<int> max_age_s;                     // UserPhotoAvatarMaxAge
};

AvatarServerConfig merge(const AvatarServerConfig& base, const AvatarServerConfig& add);
AvatarDirConfig merge(const AvatarDirConfig& base, const AvatarDirConfig& add);

inline constexpr uint64_t kDefaultAvatarIndexMemory = 32ULL << 20;
inline constexpr uint64_t kMinAvatarIndexMemory = 64ULL << 10;
// Fallback while no directory watcher keeps the index current: a full rebuild this often.
inline constexpr int kDefaultAvatarIndexRefreshS = 3600;
inline constexpr int kDefaultAvatarMaxAgeS = 3600;
inline constexpr const char* kDefaultAvatarDefault = "mp";

}  // namespace userphoto
