// WebP (libwebp) for served renditions: lossy encode from RGB, and a decoder the tests and the
// benchmark use to check what was encoded. No global state: safe on any number of threads.
#pragma once
#include <string_view>

#include "image/photo_image.h"
#include "image/rgb_image.h"

namespace userphoto::image {

// The module's WebP settings, chosen from bench/format_bench (README, "Formats"): the highest
// quality any 48-240 px rendition needed to reach the SSIM of the JPEG at quality 85 (the sizes
// browsers are served), and libwebp's default method 4.
inline constexpr int kWebpQuality = 55;
inline constexpr int kWebpMethod = 4;

// Lossy WebP of `image` at `quality` (clamped to 0..100), `method` (0 fastest .. 6 smallest).
// The bytes land in RenderResult::jpeg (the result's one byte field). Refuses images over
// libwebp's 16383-pixel edge.
RenderResult encode_webp(const RgbImage& image, int quality, int method = kWebpMethod);

// Decodes WebP to RGB; false on any error or when the picture has more than `max_pixels`.
bool decode_webp(std::string_view bytes, RgbImage& out, uint64_t max_pixels = 40'000'000);

}  // namespace userphoto::image
