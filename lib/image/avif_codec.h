// AVIF (libavif with libaom, as Debian builds it) for served renditions: lossy encode from RGB
// (8-bit YUV 4:2:0), and a decoder (dav1d) the tests and the benchmark use. Each call owns its
// encoder with one thread: safe on any number of request threads, and never more than one core
// per request.
#pragma once
#include <string_view>

#include "image/photo_image.h"
#include "image/rgb_image.h"

namespace userphoto::image {

// The module's AVIF settings, chosen from bench/format_bench (README, "Formats"): the lowest
// quantizer (0 best .. 63 worst) any 48-240 px rendition needed at speed 8 to reach the SSIM of the
// JPEG at quality 85, and speed 8 (libavif's 0 slowest .. 10 fastest): speed 6 took 2-6 times as
// long for 10-25 % fewer bytes, speed 10 gave about twice the bytes.
inline constexpr int kAvifQuantizer = 30;
inline constexpr int kAvifSpeed = 8;

// Lossy AVIF of `image` at `quantizer` (clamped to 0..63) and `speed` (0..10).
// The bytes land in RenderResult::jpeg (the result's one byte field).
RenderResult encode_avif(const RgbImage& image, int quantizer = kAvifQuantizer, int speed = kAvifSpeed);

// Decodes AVIF to 8-bit RGB; false on any error or when the picture has more than `max_pixels`.
bool decode_avif(std::string_view bytes, RgbImage& out, uint32_t max_pixels = 40'000'000);

// The AV1 encoder libavif uses here ("aom"), and whether this libavif has it (Debian's does).
const char* avif_encoder_name();
bool avif_can_encode();

}  // namespace userphoto::image
