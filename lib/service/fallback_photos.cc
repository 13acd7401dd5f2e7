#include "service/fallback_photos.h"

#include <algorithm>

#include "image/photo_image.h"
#include "image/placeholder.h"
#include "util/content_hash.h"
#include "util/strings.h"

namespace userphoto {

bool parse_fallback_picture(const std::string& text, FallbackPicture& out) {
    if (iequals(text, "none")) out = FallbackPicture::None;
    else if (iequals(text, "initials")) out = FallbackPicture::Initials;
    else if (iequals(text, "silhouette")) out = FallbackPicture::Silhouette;
    else return false;
    return true;
}

const char* fallback_picture_name(FallbackPicture picture) {
    switch (picture) {
        case FallbackPicture::None: return "none";
        case FallbackPicture::Initials: return "initials";
        case FallbackPicture::Silhouette: return "silhouette";
    }
    return "none";
}

PhotoResult draw_fallback(const PhotoResult& no_photo, FallbackPicture picture, const PhotoQuery& query,
                          int jpeg_quality) {
    if (no_photo.status != PhotoStatus::NoPhoto || picture == FallbackPicture::None) return no_photo;
    image::PlaceholderSpec spec;
    spec.kind = picture == FallbackPicture::Initials ? image::PlaceholderKind::Initials
                                                     : image::PlaceholderKind::Silhouette;
    // DNs compare case-insensitively: one colour for every spelling of one entry.
    spec.seed = to_lower(no_photo.person);
    spec.initials = no_photo.initials.substr(0, 3);
    spec.edge = std::clamp(query.edge, 1, kMaxFallbackEdge);
    image::RenderResult encoded =
        image::encode_as(image::draw_placeholder(spec), image::Encoding{query.format, jpeg_quality});
    if (encoded.error != image::ImageError::None) return no_photo;
    PhotoResult result;
    result.etag = etag_hex8(content_hash64(encoded.jpeg));
    if (query.if_none_match.matches(format_etag(result.etag, query.format))) {
        result.status = PhotoStatus::NotModified;
        return result;
    }
    result.status = PhotoStatus::Ok;
    result.jpeg = std::move(encoded.jpeg);
    result.edge = spec.edge;
    return result;
}

PhotoResult FallbackPhotos::get_photo(const PhotoQuery& query, const Logger& log) {
    PhotoResult result = photos_.get_photo(query, log);
    if (result.status != PhotoStatus::NoPhoto || picture_ == FallbackPicture::None) return result;
    return draw_fallback(result, picture_, query, jpeg_quality_);
}

}  // namespace userphoto
