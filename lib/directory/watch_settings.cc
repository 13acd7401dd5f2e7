#include "directory/watch_settings.h"

#include "util/strings.h"

namespace userphoto::directory {

std::optional<WatchMode> parse_watch_mode(std::string_view text) {
    if (iequals(text, "auto")) return WatchMode::Auto;
    if (iequals(text, "syncrepl")) return WatchMode::Syncrepl;
    if (iequals(text, "poll")) return WatchMode::Poll;
    if (iequals(text, "off")) return WatchMode::Off;
    return std::nullopt;
}

const char* watch_mode_name(WatchMode mode) {
    switch (mode) {
        case WatchMode::Auto: return "auto";
        case WatchMode::Syncrepl: return "syncrepl";
        case WatchMode::Poll: return "poll";
        case WatchMode::Off: return "off";
    }
    return "?";
}

}  // namespace userphoto::directory
