// Choosing among several stored photos of one person, and their shared fingerprint.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "image/photo_image.h"

namespace userphoto {

struct StoredPhoto {
    std::string attribute;   // where it came from, for log lines
    std::string_view bytes;  // owned by the directory entry
    image::ProbeResult probe;
};

// ETag source: every stored photo value in attribute order, so any change to any of them moves it.
std::string photo_etag(const std::vector<std::string_view>& values);

// Preference for a requested edge: the smallest photo at least that large, else the largest.
// Returns the usable photos in the order they should be tried.
std::vector<const StoredPhoto*> rank_for_edge(const std::vector<StoredPhoto>& usable, int edge);

}  // namespace userphoto
