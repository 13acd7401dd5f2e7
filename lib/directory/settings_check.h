// Start-up checks of the transport and bind settings that need no network (apachectl configtest):
// files readable, the mechanism's prerequisites, StartTLS together with ldaps://.
#pragma once
#include <string>
#include <vector>

#include "directory/directory.h"

namespace userphoto::directory {

struct SettingsCheck {
    std::vector<std::string> errors;    // the configuration cannot work: refuse to start
    std::vector<std::string> warnings;  // works, but weaker than it should be
};

SettingsCheck check_settings(const Settings& settings);

// "simple" / "GSSAPI" / "EXTERNAL" (case-insensitive); false for anything else.
bool parse_bind_mechanism(const std::string& text, BindMechanism* out);
const char* bind_mechanism_name(BindMechanism mechanism);

}  // namespace userphoto::directory
