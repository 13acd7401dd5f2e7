#include "image/square_geometry.h"

#include "image/photo_image.h"

namespace userphoto::image {

int scaled_dimension(int dimension, Scale scale) {
    if (dimension <= 0 || scale.num <= 0 || scale.denom <= 0) return 0;
    const long long scaled = (static_cast<long long>(dimension) * scale.num + scale.denom - 1) / scale.denom;
    return static_cast<int>(scaled);
}

Rect square_crop(int width, int height) {
    if (width <= 0 || height <= 0) return {};
    if (width >= height) return {(width - height) / 2, 0, height, height};
    const long long excess = height - width;
    // 35 % of the excess above the square, rounded to the nearest row.
    return {0, static_cast<int>((excess * 35 + 50) / 100), width, width};
}

Scale choose_scale(int source_edge, int target_edge, std::span<const Scale> candidates) {
    Scale best{1, 1};
    if (source_edge <= 0 || target_edge <= 0) return best;
    for (const Scale& s : candidates) {
        if (s.num <= 0 || s.denom <= 0 || s.num > s.denom) continue;  // never enlarge
        if (scaled_dimension(source_edge, s) < target_edge) continue;
        // Keep the smaller ratio: s < best  <=>  s.num * best.denom < best.num * s.denom.
        if (static_cast<long long>(s.num) * best.denom < static_cast<long long>(best.num) * s.denom) best = s;
    }
    return best;
}

bool orientation_swaps_axes(int orientation) { return orientation >= 5 && orientation <= 8; }

RectF display_to_stored(const RectF& d, int orientation, int stored_width, int stored_height) {
    const double W = stored_width;
    const double H = stored_height;
    switch (orientation) {
        case 2: return {W - d.x - d.width, d.y, d.width, d.height};                // mirrored
        case 3: return {W - d.x - d.width, H - d.y - d.height, d.width, d.height}; // 180°
        case 4: return {d.x, H - d.y - d.height, d.width, d.height};               // flipped
        case 5: return {d.y, d.x, d.height, d.width};                              // transposed
        case 6: return {d.y, H - d.x - d.width, d.height, d.width};                // 90° clockwise
        case 7: return {W - d.y - d.height, H - d.x - d.width, d.height, d.width}; // transverse
        case 8: return {W - d.y - d.height, d.x, d.height, d.width};               // 90° counter-clockwise
        default: return d;
    }
}

int choose_edge(int requested, int available) {
    if (available >= requested) return requested;
    if (available < kListedEdges[0]) return available;
    int chosen = kListedEdges[0];
    for (int edge : kListedEdges) {
        if (edge <= available) chosen = edge;
    }
    return chosen;
}

}  // namespace userphoto::image
