// Avatar-style renditions: exactly the requested edge (upscaled when the photo is smaller, since
// avatar clients lay out by the size they asked for), as JPEG, PNG, WebP or AVIF.
#pragma once
#include <string_view>

#include "image/photo_image.h"
#include "image/rgb_image.h"

namespace userphoto::image {

enum class OutputFormat { Jpeg, Png, Webp, Avif };

// The photo (JPEG bytes) as an exactly edge × edge square in `format`. A JPEG that already is
// that square is passed through unchanged. RenderResult::jpeg holds the encoded bytes.
RenderResult render_exact_square(std::string_view jpeg, int edge, OutputFormat format, int quality,
                                 const Limits& limits);

// A drawn picture in `format`; `transparent` makes a PNG fully transparent (the others stay as drawn).
RenderResult encode_picture(const RgbImage& image, OutputFormat format, int quality, bool transparent);

}  // namespace userphoto::image
