// The output formats a photo can be served in (UserPhotoFormats), their media types, names and
// signatures, and the per-format ETag. Known to every part (codecs negotiate, the cache keys by
// it, the service encodes in it), so it lives in the base.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace userphoto {

enum class ImageFormat { Jpeg, Webp, Avif };

// "jpeg", "webp", "avif": the directive's words and the cache's bucket names.
const char* format_name(ImageFormat format);
std::optional<ImageFormat> parse_format_name(std::string_view name);  // case-insensitive

// "image/jpeg", "image/webp", "image/avif".
const char* media_type(ImageFormat format);

// The tag of one photo version in one format: the photo's tag itself for JPEG (today's tags stay
// valid), "<tag>-webp" / "<tag>-avif" otherwise, so a client holding one format never gets a 304
// for another.
std::string format_etag(std::string_view photo_etag, ImageFormat format);

// Magic bytes: FF D8 FF (JPEG), "RIFF" size "WEBP" (WebP), an ISO-BMFF "ftyp" box of brand
// "avif" (AVIF). Only the start is looked at.
bool has_signature(ImageFormat format, std::string_view bytes);

}  // namespace userphoto

namespace userphoto {

// The formats a browser-facing route offers (UserPhotoFormats): JPEG always, as the answer to
// every client that names no other; WebP and AVIF when configured.
struct FormatSet {
    bool webp = false;
    bool avif = false;

    bool negotiates() const { return webp || avif; }  // only then does the answer vary by Accept
    bool offers(ImageFormat format) const {
        return format == ImageFormat::Jpeg || (format == ImageFormat::Webp ? webp : avif);
    }
};

}  // namespace userphoto
