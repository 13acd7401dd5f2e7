// The Microsoft Graph profile-photo endpoint (SetHandler userphoto-graph): metadata and bytes of
// /me and /users/{id | userPrincipalName | address} photos, uploads and removal.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "log.h"
#include "protocol/body_source.h"
#include "protocol/graph/guid.h"
#include "protocol/http_exchange.h"
#include "service/photo_editor.h"
#include "service/photo_provider.h"

namespace userphoto::graph {

struct GraphOptions {
    std::string id_attribute = "entryUUID";           // the object id behind users/{GUID}
    GuidEncoding id_encoding = GuidEncoding::Text;    // Microsoft for AD's binary objectGUID
    std::string upn_attribute = "userPrincipalName";  // users/{name@domain}, before the addresses
    uint64_t max_upload_bytes = 4 * 1024 * 1024;      // PUT body (413 above)
    std::vector<std::string> admin_users;             // REMOTE_USER names that may change anyone's photo
};

// Answers GET/HEAD of metadata (JSON) and $value (image/jpeg, ETag, 304 on If-None-Match),
// PUT/PATCH photo/$value (200), DELETE photo or photo/$value (204); errors in Graph's JSON shape
// (errors.h). No REMOTE_USER → 401 before anything else is looked at. `photos` are the reads (cached),
// `editor` the directory lookups of metadata and the writes. Never throws.
HttpResponse handle_graph(const HttpRequest& request, BodySource& body, PhotoProvider& photos, PhotoEditor& editor,
                          const GraphOptions& options, const Logger& log) noexcept;

}  // namespace userphoto::graph
