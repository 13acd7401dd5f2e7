// What the directory server offers the watcher, read from its root DSE: RFC 4533 content sync
// (supportedControl 1.3.6.1.4.1.4203.1.9.1.1) and whether it is Active Directory
// (supportedCapabilities 1.2.840.113556.1.4.800, or isGlobalCatalogReady), with AD's current
// highestCommittedUSN.
#pragma once
#include <string>
#include <vector>

#include "directory/directory.h"

namespace userphoto::directory {

struct ServerFeatures {
    bool content_sync = false;
    bool active_directory = false;
    std::string highest_usn;  // AD only; "" when not given
};

inline const std::vector<std::string> kRootDseAttributes{"supportedControl", "supportedCapabilities",
                                                         "isGlobalCatalogReady", "highestCommittedUSN"};

ServerFeatures classify_root_dse(const Entry& root);

}  // namespace userphoto::directory
