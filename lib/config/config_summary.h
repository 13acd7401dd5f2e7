// The configuration a server runs with, as directive name → value lines for the status page.
// Secrets (the bind password, the link secret, onOffice API secrets) are never shown, only
// whether they are set; unset directives read "(default)".
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"

namespace userphoto {

inline constexpr const char* kMaskedSecret = "(set, not shown)";

std::vector<std::pair<std::string, std::string>> summarize_configuration(const ServerConfig& server,
                                                                         const DirConfig& dir);

}  // namespace userphoto
