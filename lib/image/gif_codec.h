// GIF decoding (giflib) for uploaded pictures: the first frame, to 8-bit RGB, transparent pixels
// white. Frame sizes are checked against the pixel limit before any raster is allocated.
#pragma once
#include <string_view>

#include "image/photo_image.h"

namespace userphoto::image {

bool looks_like_gif(std::string_view bytes);
DecodeResult decode_gif_rgb(std::string_view bytes, const Limits& limits);

}  // namespace userphoto::image
