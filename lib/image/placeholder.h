// Pictures for people without a photo, drawn in code at any edge: the silhouette, initials on a
// colour, an identicon, a flat colour, or blank. Deterministic: the same spec gives the same pixels.
#pragma once
#include <string>
#include <string_view>

#include "image/photo_image.h"
#include "image/rgb_image.h"

namespace userphoto::image {

enum class PlaceholderKind { Silhouette, Initials, Identicon, Color, Blank };

struct PlaceholderSpec {
    PlaceholderKind kind = PlaceholderKind::Silhouette;
    std::string seed;      // bytes that choose colours and patterns (e.g. the hash of an address)
    std::string initials;  // Initials: up to 3 characters; A-Z, 0-9 are drawn, others as '?'
    int edge = 80;
};

// The picture, edge × edge (edge clamped to 1..4096). Blank is white (its PNG is transparent).
RgbImage draw_placeholder(const PlaceholderSpec& spec);

// What draw_placeholder's pixels depend on, as a short text: specs with equal keys draw equal
// pixels. The seed counts only through what it chooses (the colour; an identicon's whole hash), so
// people whose seeds give one colour and who have the same initials share a key (a cache key).
std::string placeholder_key(const PlaceholderSpec& spec);

}  // namespace userphoto::image
