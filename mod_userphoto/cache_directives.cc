#include "cache_directives.h"
#include "directive_setter.h"

#include <exception>
#include <string>

#include "apr_strings.h"
#include "util/strings.h"

namespace userphoto::glue {
extern "C" const char* set_cache_store(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        std::string value(trim(arg));
        if (value.empty()) return error(cmd, "expects none or provider:arguments");
        std::string provider = value.substr(0, value.find(':'));
        if (provider.empty()) return error(cmd, "expects none or provider:arguments");
        server_config(cmd).cache_store = iequals(value, "none") ? std::string("none") : value;
        return nullptr;
    });
}

extern "C" const char* set_cache_ttl(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto seconds = parse_int_in_range(arg, 0, 30 * 24 * 3600);
        if (!seconds) return error(cmd, "expects seconds from 0 to 2592000");
        if (iequals(cmd->directive->directive, "UserPhotoCacheTTL"))
            server_config(cmd).cache_ttl_s = *seconds;
        else
            server_config(cmd).cache_negative_ttl_s = *seconds;
        return nullptr;
    });
}

extern "C" const char* set_cache_memory(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        auto bytes = parse_byte_size(arg);
        if (!bytes || *bytes < kMinCacheMemoryBytes) return error(cmd, "expects a size of at least 1M, such as 64M");
        server_config(cmd).cache_memory_bytes = *bytes;
        return nullptr;
    });
}

extern "C" const char* set_drawn_picture_memory(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        // One cache per child serves every virtual host: a per-host size would have no meaning.
        if (const char* outside = ap_check_cmd_context(cmd, GLOBAL_ONLY)) return outside;
        auto bytes = trim(arg) == "0" ? std::optional<uint64_t>(0) : parse_byte_size(trim(arg));
        if (!bytes || *bytes > kMaxDrawnPictureMemoryBytes)
            return error(cmd, "expects a size from 0 to 1G, such as 4M (0: keep no drawn picture)");
        server_config(cmd).drawn_picture_memory_bytes = *bytes;
        return nullptr;
    });
}

extern "C" const char* add_change_marker_attribute(cmd_parms* cmd, void*, const char* arg) {
    return guarded(cmd, [&]() -> const char* {
        ServerConfig& config = server_config(cmd);
        if (!config.change_marker_attributes) config.change_marker_attributes = std::vector<std::string>();
        if (iequals(arg, "none")) {
            config.change_marker_attributes->clear();  // every revalidation re-reads the photo
            return nullptr;
        }
        if (const char* bad = check_attribute(cmd, arg)) return bad;
        config.change_marker_attributes->push_back(arg);
        return nullptr;
    });
}

}  // namespace userphoto::glue
