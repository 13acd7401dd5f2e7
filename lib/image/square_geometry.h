// Pure geometry of the photo pipeline: which square to crop, which DCT scale to decode at, and how
// a rectangle in display (EXIF-oriented) coordinates maps back to stored pixel coordinates.
#pragma once
#include <span>

namespace userphoto::image {

struct Rect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

// A rectangle in continuous pixel coordinates (pixel i covers [i, i+1)).
struct RectF {
    double x = 0;
    double y = 0;
    double width = 0;
    double height = 0;
};

// A DCT scaling factor num/denom, as libjpeg-turbo offers them.
struct Scale {
    int num = 1;
    int denom = 1;
};

// Size of a dimension decoded at `scale` (rounded up, as TurboJPEG's TJSCALED does).
int scaled_dimension(int dimension, Scale scale);

// The largest square of a width × height picture: horizontally centred, vertically 35 % of the
// excess from the top (portraits keep the face rather than the chest).
Rect square_crop(int width, int height);

// The smallest of `candidates` (each <= 1) that still decodes a `source_edge` square to at least
// `target_edge`: the DCT does as much of the reduction as it can, one resample does the rest
// (see downsample); 1/1 when none qualifies.
Scale choose_scale(int source_edge, int target_edge, std::span<const Scale> candidates);

// Maps `display`, given in display coordinates of a picture stored as stored_width × stored_height
// with EXIF `orientation` (1..8), to the same pixels in stored coordinates.
RectF display_to_stored(const RectF& display, int orientation, int stored_width, int stored_height);

// True for orientations 5..8, whose display width is the stored height.
bool orientation_swaps_axes(int orientation);

}  // namespace userphoto::image
