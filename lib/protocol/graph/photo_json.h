// The profilePhoto metadata JSON, byte-compatible with Graph's (keys in Graph's order):
//   {"@odata.context":"<base>/<version>/$metadata#users('<id>')/photo/$entity",
//    "@odata.mediaContentType":"image/jpeg","@odata.mediaEtag":"\"BA09D118\"",
//    "id":"240x240","width":240,"height":240}
// and the photos collection {"@odata.context":".../photos","value":[ entity, ... ]}, whose entries
// carry no @odata.context of their own.
#pragma once
#include <string>
#include <vector>

#include "protocol/graph/routes.h"

namespace userphoto::graph {

struct PhotoMetadata {
    std::string service_root;  // "https://host/graph/v1.0": base URL, prefix and version
    std::string user_key;      // the user's id as shown in users('...')
    std::string etag;          // 8 hex digits, unquoted
};

// The sizes a stored photo of `largest_edge` can serve without upscaling; a photo smaller than the
// smallest size is listed at its own edge.
std::vector<int> available_sizes(int largest_edge);
// What a request for `size` (0: the largest) is answered with: that size, else the next smaller
// available one.
int served_size(int size, int largest_edge);

// One entity; `entity_path` is "photo" or "photos" (the context names the route it came from).
std::string render_photo(const PhotoMetadata& meta, int edge, const std::string& entity_path);
std::string render_photos(const PhotoMetadata& meta, const std::vector<int>& edges);

}  // namespace userphoto::graph
