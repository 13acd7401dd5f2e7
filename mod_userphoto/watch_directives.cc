#include "watch_directives.h"
#include "directive_setter.h"

namespace userphoto::glue {

extern "C" const char* set_directory_watch(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto mode = config::parse_watch_mode(arg);
        if (!mode) return error(cmd, "expects auto, syncrepl, poll or off");
        server_config(cmd).directory_watch = *mode;
        return nullptr;
    });
}

extern "C" const char* set_directory_watch_interval(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto ms = parse_duration_ms(arg);
        if (!ms || !config::watch_interval_allowed(*ms))
            return error(cmd, "expects a duration from 250ms to 3600s, such as 10s");
        server_config(cmd).directory_watch_interval_ms = *ms;
        return nullptr;
    });
}

}  // namespace userphoto::glue
