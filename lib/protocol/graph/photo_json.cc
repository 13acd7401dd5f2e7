#include "protocol/graph/photo_json.h"

#include <nlohmann/json.hpp>

#include "protocol/etag_header.h"

namespace userphoto::graph {
namespace {

using ordered = nlohmann::ordered_json;

// OData key literal: single quotes doubled.
std::string key_literal(const std::string& key) {
    std::string out;
    for (char c : key) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out;
}

std::string context(const PhotoMetadata& meta, const std::string& tail) {
    return meta.service_root + "/$metadata#users('" + key_literal(meta.user_key) + "')/" + tail;
}

ordered entity(const PhotoMetadata& meta, int edge) {
    ordered out = ordered::object();
    out["@odata.mediaContentType"] = "image/jpeg";
    out["@odata.mediaEtag"] = quoted_etag(meta.etag);
    out["id"] = size_id(edge);
    out["width"] = edge;
    out["height"] = edge;
    return out;
}

std::string dump(const ordered& doc) { return doc.dump(-1, ' ', false, ordered::error_handler_t::replace); }

}  // namespace

std::vector<int> available_sizes(int largest_edge) {
    std::vector<int> sizes;
    for (int size : kSizes)
        if (size <= largest_edge) sizes.push_back(size);
    if (sizes.empty() && largest_edge > 0) sizes.push_back(largest_edge);
    return sizes;
}

int served_size(int size, int largest_edge) {
    const std::vector<int> sizes = available_sizes(largest_edge);
    if (sizes.empty()) return 0;
    if (size == 0) return sizes.back();
    int chosen = sizes.front();
    for (int s : sizes)
        if (s <= size) chosen = s;
    return chosen;
}

std::string render_photo(const PhotoMetadata& meta, int edge, const std::string& entity_path) {
    ordered doc = ordered::object();
    doc["@odata.context"] = context(meta, entity_path + "/$entity");
    const ordered fields = entity(meta, edge);  // kept alive for the loop
    for (auto& [key, value] : fields.items()) doc[key] = value;
    return dump(doc);
}

std::string render_photos(const PhotoMetadata& meta, const std::vector<int>& edges) {
    ordered doc = ordered::object();
    doc["@odata.context"] = context(meta, "photos");
    ordered list = ordered::array();
    for (int edge : edges) list.push_back(entity(meta, edge));
    doc["value"] = std::move(list);
    return dump(doc);
}

}  // namespace userphoto::graph
