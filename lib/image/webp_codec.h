// WebP (libwebp) for served renditions: lossy encode from RGB, and a decoder the tests and the
// benchmark use to check what was encoded. No global state: safe on any number of threads.
#pragma once
#include <string_view>

#include "image/photo_image.h"
#include "image/rgb_image.h"

namespace userphoto::image {

// The module's WebP settings, chosen from bench/format_bench (README, "Formats"): the quality that
// matches the JPEG's SSIM at the default JPEG quality, and libwebp's method 4 (its default: method
// 5-6 cost about twice the time for ~2 % fewer bytes at these sizes).
inline constexpr int kWebpQuality = 80;
inline constexpr int kWebpMethod = 4;

// Lossy WebP of `image` at `quality` (clamped to 0..100), `method` (0 fastest .. 6 smallest).
// The bytes land in RenderResult::jpeg (the result's one byte field). Refuses images over
// libwebp's 16383-pixel edge.
RenderResult encode_webp(const RgbImage& image, int quality, int method = kWebpMethod);

// Decodes WebP to RGB; false on any error or when the picture has more than `max_pixels`.
bool decode_webp(std::string_view bytes, RgbImage& out, uint64_t max_pixels = 40'000'000);

}  // namespace userphoto::image
