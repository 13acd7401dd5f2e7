#include "config/avatar_config.h"

#include "config/take.h"

namespace userphoto {

AvatarServerConfig merge(const AvatarServerConfig& base, const AvatarServerConfig& add) {
    AvatarServerConfig out;
    take(out.index_memory_bytes, base.index_memory_bytes, add.index_memory_bytes);
    take(out.index_refresh_s, base.index_refresh_s, add.index_refresh_s);
    return out;
}

AvatarDirConfig merge(const AvatarDirConfig& base, const AvatarDirConfig& add) {
    AvatarDirConfig out;
    // The two hash kinds are set together by one directive.
    if (add.md5 || add.sha256) {
        out.md5 = add.md5;
        out.sha256 = add.sha256;
    } else {
        out.md5 = base.md5;
        out.sha256 = base.sha256;
    }
    take(out.default_kind, base.default_kind, add.default_kind);
    take(out.redirect_hosts, base.redirect_hosts, add.redirect_hosts);
    take(out.max_age_s, base.max_age_s, add.max_age_s);
    return out;
}

}  // namespace userphoto
