// Turns an uploaded picture (JPEG, PNG or GIF) and an optional square crop into the JPEG
// renditions that are stored: a large square and a thumbnail. All decoders honour Limits before
// allocating pixels (decompression bombs fail fast).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "image/photo_image.h"

namespace userphoto::image {

enum class UploadFormat { Unknown, Jpeg, Png, Gif };
UploadFormat detect_upload_format(std::string_view bytes);

struct UploadRenditions {
    ImageError error = ImageError::None;
    std::string message;
    std::string large;  // large_edge (or the crop's edge when smaller) square JPEG
    std::string thumb;  // thumb_edge (or smaller) square JPEG
    int large_edge = 0;
    int thumb_edge = 0;
};

// Without a crop: the default square (centred horizontally, 35 % of the vertical excess from the
// top). With one: that square in display coordinates; it must lie inside the picture
// (InvalidArgument otherwise). NotJpeg stands for "not a picture we accept".
UploadRenditions render_upload(std::string_view bytes, const std::optional<CropRegion>& crop, int large_edge,
                               int thumb_edge, int quality, const Limits& limits);

}  // namespace userphoto::image
