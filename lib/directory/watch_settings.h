// UserPhotoDirectoryWatch / UserPhotoDirectoryWatchInterval as plain data: how the directory
// watcher learns about changes (RFC 4533 content sync, polling the change markers, or not at all).
#pragma once
#include <optional>
#include <string_view>

namespace userphoto::directory {

enum class WatchMode { Auto, Syncrepl, Poll, Off };

struct WatchSettings {
    WatchMode mode = WatchMode::Auto;
    int interval_ms = 10000;  // polling interval; also the longest wait between reconnect attempts
};

inline constexpr int kMinWatchIntervalMs = 250;
inline constexpr int kMaxWatchIntervalMs = 3600 * 1000;

// "auto", "syncrepl", "poll", "off" (any case); nullopt otherwise.
std::optional<WatchMode> parse_watch_mode(std::string_view text);
const char* watch_mode_name(WatchMode mode);

}  // namespace userphoto::directory
