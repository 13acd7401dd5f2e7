// PNG decoding (libpng's simplified API) for uploaded pictures: to 8-bit RGB, alpha composed over
// white. The pixel limit is checked from the header before any pixel buffer is allocated.
#pragma once
#include <string_view>

#include "image/photo_image.h"

namespace userphoto::image {

bool looks_like_png(std::string_view bytes);
DecodeResult decode_png_rgb(std::string_view bytes, const Limits& limits);

}  // namespace userphoto::image

namespace userphoto::image {

// Encodes `image` as an 8-bit PNG (RGB; RGBA with every pixel fully transparent when
// `transparent`). The bytes land in RenderResult::jpeg (the result's one byte field).
RenderResult encode_png(const RgbImage& image, bool transparent);

}  // namespace userphoto::image
