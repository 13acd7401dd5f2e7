#include "util/image_format.h"

#include "util/jpeg_signature.h"
#include "util/strings.h"

namespace userphoto {

const char* format_name(ImageFormat format) {
    switch (format) {
        case ImageFormat::Jpeg: return "jpeg";
        case ImageFormat::Webp: return "webp";
        case ImageFormat::Avif: return "avif";
    }
    return "jpeg";
}

std::optional<ImageFormat> parse_format_name(std::string_view name) {
    for (ImageFormat format : {ImageFormat::Jpeg, ImageFormat::Webp, ImageFormat::Avif})
        if (iequals(name, format_name(format))) return format;
    return std::nullopt;
}

const char* media_type(ImageFormat format) {
    switch (format) {
        case ImageFormat::Jpeg: return "image/jpeg";
        case ImageFormat::Webp: return "image/webp";
        case ImageFormat::Avif: return "image/avif";
    }
    return "image/jpeg";
}

std::string format_etag(std::string_view photo_etag, ImageFormat format) {
    std::string tag(photo_etag);
    if (format != ImageFormat::Jpeg && !tag.empty()) {
        tag += '-';
        tag += format_name(format);
    }
    return tag;
}

bool has_signature(ImageFormat format, std::string_view bytes) {
    switch (format) {
        case ImageFormat::Jpeg: return starts_like_jpeg(bytes);
        case ImageFormat::Webp:
            return bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP";
        case ImageFormat::Avif:
            return bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp" && bytes.substr(8, 4) == "avif";
    }
    return false;
}

}  // namespace userphoto
