#include "protocol/write_access.h"

#include <algorithm>

namespace userphoto {

WriteAccess check_write_access(const std::string& remote_user, bool target_is_me, const std::string& target_dn,
                               const std::vector<std::string>& admin_users, PhotoEditor& editor, const Logger& log) {
    if (remote_user.empty()) return WriteAccess::Denied;
    if (target_is_me) return WriteAccess::Allowed;
    if (std::find(admin_users.begin(), admin_users.end(), remote_user) != admin_users.end()) return WriteAccess::Allowed;
    PhotoQuery me;
    me.kind = IdentityKind::RemoteUser;
    me.value = remote_user;
    PersonPhotoInfo caller = editor.lookup(me, log);
    if (caller.status == PhotoStatus::Unavailable) return WriteAccess::Unavailable;
    if (!caller.dn.empty() && caller.dn == target_dn) return WriteAccess::Allowed;
    return WriteAccess::Denied;
}

}  // namespace userphoto
