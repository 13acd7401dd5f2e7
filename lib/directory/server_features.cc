#include "directory/server_features.h"

#include "directory/sync_messages.h"

namespace userphoto::directory {
namespace {

bool has_value(const Entry& entry, const char* attribute, const char* value) {
    const Values* values = entry.get(attribute);
    if (!values) return false;
    for (const auto& v : *values)
        if (iequals(v, value)) return true;
    return false;
}

}  // namespace

ServerFeatures classify_root_dse(const Entry& root) {
    ServerFeatures out;
    out.content_sync = has_value(root, "supportedControl", sync::kRequestControlOid);
    out.active_directory = has_value(root, "supportedCapabilities", "1.2.840.113556.1.4.800") ||
                           root.get("isGlobalCatalogReady") != nullptr;
    if (out.active_directory) out.highest_usn = root.first("highestCommittedUSN");
    return out;
}

}  // namespace userphoto::directory
