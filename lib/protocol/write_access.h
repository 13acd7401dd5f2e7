// Who may change a photo: the person themself, or one of the admin users (UserPhotoAdminUsers).
// Shared by every codec that writes photos.
#pragma once
#include <string>
#include <vector>

#include "log.h"
#include "service/photo_editor.h"

namespace userphoto {

enum class WriteAccess { Allowed, Denied, Unavailable };

// `remote_user` may change the photo of the entry `target_dn` (`target_is_me`: the route named the
// caller as "me"). Costs one directory lookup of the caller unless that settles it.
WriteAccess check_write_access(const std::string& remote_user, bool target_is_me, const std::string& target_dn,
                               const std::vector<std::string>& admin_users, PhotoEditor& editor, const Logger& log);

}  // namespace userphoto
