// Stored photos are outside bytes too (anyone who may write their own jpegPhoto): probe, render a
// square, decode to RGB. Limits are smaller than the defaults to keep executions fast; the code
// paths are the same.
#include "fuzz/fuzz_targets.h"
#include "image/photo_image.h"

namespace userphoto::fuzz {

void jpeg(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    image::Limits limits;
    limits.max_input_bytes = 1 << 20;
    limits.max_pixels = 1 << 20;

    auto probe = image::probe_jpeg(bytes, limits);
    if (probe.error != image::ImageError::None) return;
    check(probe.width > 0 && probe.height > 0, "probed dimensions are positive");
    check(static_cast<std::uint64_t>(probe.width) * probe.height <= limits.max_pixels, "probe enforces max_pixels");
    check(probe.orientation >= 1 && probe.orientation <= 8, "orientation is 1..8");

    int edge = image::choose_edge(size % 2 ? 48 : 96, probe.square_edge());
    auto rendered = image::render_square(bytes, edge, 80, limits);
    if (rendered.error == image::ImageError::None) {
        check(rendered.edge == edge, "rendered edge is the one asked for");
        auto again = image::probe_jpeg(rendered.jpeg, limits);
        check(again.error == image::ImageError::None, "a rendition is a readable JPEG");
        check(again.width == edge && again.height == edge, "a rendition is the square asked for");
    }

    auto decoded = image::decode_jpeg_rgb(bytes, limits);
    if (decoded.error == image::ImageError::None) {
        check(decoded.image.valid(), "a decoded picture is consistent");
        check(decoded.image.width == probe.display_width && decoded.image.height == probe.display_height,
              "decode gives the probed display size");
    }
}

}  // namespace userphoto::fuzz
