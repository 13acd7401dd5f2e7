// Pixel operations on RGB buffers: orientation and area resampling. Pure C++, no codec.
#pragma once
#include "image/rgb_image.h"
#include "image/square_geometry.h"

namespace userphoto::image {

// Applies EXIF `orientation` (1..8; other values are treated as 1): turns pixels as stored into
// pixels as displayed. Orientations 5..8 swap width and height.
RgbImage orient(const RgbImage& stored, int orientation);

// Which form of the inner loops resampling runs (resample_passes.h): the fastest this build has
// (vectorised on x86-64), or the portable one. Both give the same pixels; tests compare them.
enum class PassForm { Fastest, Portable };

// Resamples the `window` of `source` (continuous coordinates, clamped to the picture) to
// out_width × out_height by area averaging: each output pixel is the mean of the source area it
// covers, partial pixels weighted by coverage. Exact for non-integer ratios; separable with
// precomputed fixed-point weights. An empty window or output yields an empty image.
RgbImage resample_area(const RgbImage& source, const RectF& window, int out_width, int out_height,
                       PassForm form = PassForm::Fastest);

// Resamples like resample_area but with the Lanczos2 kernel stretched by the ratio: sharper, and
// without the aliasing a box leaves at ratios below 2:1 (where each output pixel averages only
// one or two source pixels). Source pixels outside the picture are left out, the rest renormalised.
RgbImage resample_lanczos2(const RgbImage& source, const RectF& window, int out_width, int out_height,
                           PassForm form = PassForm::Fastest);

// The pipeline's downscale: area averaging at 2:1 and beyond (where it is exact and cheapest),
// Lanczos2 below (also when enlarging: the kernel is then not stretched).
RgbImage downsample(const RgbImage& source, const RectF& window, int out_width, int out_height);

}  // namespace userphoto::image
