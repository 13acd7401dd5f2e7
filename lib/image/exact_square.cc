#include "image/exact_square.h"

#include <exception>

#include "image/pixel_ops.h"
#include "image/png_codec.h"
#include "image/square_geometry.h"

namespace userphoto::image {
namespace {

RenderResult failure(ImageError error, std::string message) {
    RenderResult result;
    result.error = error;
    result.message = std::move(message);
    return result;
}

RenderResult exact_unguarded(std::string_view jpeg, int edge, OutputFormat format, int quality,
                             const Limits& limits) {
    if (edge <= 0) return failure(ImageError::InvalidArgument, "edge must be positive");
    ProbeResult probe = probe_jpeg(jpeg, limits);
    if (probe.error != ImageError::None) return failure(probe.error, probe.message);
    const bool square_already = probe.display_width == edge && probe.display_height == edge;
    if (square_already && format == OutputFormat::Jpeg) {
        RenderResult same;
        same.jpeg.assign(jpeg);
        same.edge = edge;
        return same;
    }
    if (probe.square_edge() >= edge && format == OutputFormat::Jpeg)
        return render_square(jpeg, edge, quality, limits);  // DCT-scaled downsampling
    // Smaller than asked (or PNG wanted): decode, crop the square and resample to the edge, with
    // the main path's filters (Lanczos2 below 2:1, which includes enlarging; area from 2:1).
    DecodeResult decoded = decode_jpeg_rgb(jpeg, limits);
    if (decoded.error != ImageError::None) return failure(decoded.error, decoded.message);
    const Rect square = square_crop(decoded.image.width, decoded.image.height);
    const RectF window{static_cast<double>(square.x), static_cast<double>(square.y),
                       static_cast<double>(square.width), static_cast<double>(square.height)};
    return encode_picture(downsample(decoded.image, window, edge, edge), format, quality, false);
}

}  // namespace

RenderResult render_exact_square(std::string_view jpeg, int edge, OutputFormat format, int quality,
                                 const Limits& limits) {
    try {
        return exact_unguarded(jpeg, edge, format, quality, limits);
    } catch (const std::bad_alloc&) {
        return failure(ImageError::TooLarge, "out of memory while processing the picture");
    } catch (const std::exception& e) {
        return failure(ImageError::Corrupt, std::string("picture processing failed: ") + e.what());
    }
}

RenderResult encode_picture(const RgbImage& image, OutputFormat format, int quality, bool transparent) {
    try {
        switch (format) {
            case OutputFormat::Png: return encode_png(image, transparent);
            case OutputFormat::Webp: return encode_as(image, Encoding{ImageFormat::Webp, quality});
            case OutputFormat::Avif: return encode_as(image, Encoding{ImageFormat::Avif, quality});
            case OutputFormat::Jpeg: break;
        }
        return encode_jpeg(image, quality);
    } catch (const std::exception& e) {
        return failure(ImageError::Corrupt, std::string("picture encoding failed: ") + e.what());
    }
}

}  // namespace userphoto::image
