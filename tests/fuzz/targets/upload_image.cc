// Uploaded pictures: PNG and GIF decoding and the whole upload pipeline (format detection,
// decoding, crop, renditions) under small limits, as an upload would meet them.
#include <optional>
#include <string>

#include "fuzz/protocol_targets.h"
#include "image/gif_codec.h"
#include "image/png_codec.h"
#include "image/upload_image.h"

using namespace userphoto::image;

USERPHOTO_FUZZ_TARGET(upload_image) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    Limits limits;
    limits.max_input_bytes = 1024 * 1024;
    limits.max_pixels = 4'000'000;
    (void)decode_png_rgb(bytes, limits);
    (void)decode_gif_rgb(bytes, limits);
    std::optional<CropRegion> crop;
    if (size > 0 && data[size - 1] % 2) crop = CropRegion{data[size - 1] % 7, 1, 2 + data[size - 1] % 50};
    (void)render_upload(bytes, crop, 96, 48, 75, limits);
    return 0;
}
