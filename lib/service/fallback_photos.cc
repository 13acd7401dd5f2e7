#include "service/fallback_photos.h"

#include <algorithm>
#include <memory>

#include "image/photo_image.h"
#include "image/placeholder.h"
#include "service/drawn_picture_cache.h"
#include "util/content_hash.h"
#include "util/image_format.h"
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
                          int jpeg_quality, DrawnPictureCache& cache) {
    if (no_photo.status != PhotoStatus::NoPhoto || picture == FallbackPicture::None) return no_photo;
    image::PlaceholderSpec spec;
    spec.kind = picture == FallbackPicture::Initials ? image::PlaceholderKind::Initials
                                                     : image::PlaceholderKind::Silhouette;
    // DNs compare case-insensitively: one colour for every spelling of one entry.
    spec.seed = to_lower(no_photo.person);
    spec.initials = no_photo.initials.substr(0, 3);
    spec.edge = std::clamp(query.edge, 1, kMaxFallbackEdge);
    const std::string key = image::placeholder_key(spec) + "/" + format_name(query.format) + "/" +
                            std::to_string(jpeg_quality);
    std::shared_ptr<const DrawnPicture> drawn = cache.find(key);
    if (!drawn) {
        image::RenderResult encoded =
            image::encode_as(image::draw_placeholder(spec), image::Encoding{query.format, jpeg_quality});
        if (encoded.error != image::ImageError::None) return no_photo;
        const std::string etag = etag_hex8(content_hash64(encoded.jpeg));
        drawn = std::make_shared<const DrawnPicture>(DrawnPicture{std::move(encoded.jpeg), etag});
        cache.put(key, drawn);
    }
    PhotoResult result;
    result.drawn = true;
    result.etag = drawn->etag;
    if (query.if_none_match.matches(format_etag(result.etag, query.format))) {
        result.status = PhotoStatus::NotModified;
        return result;
    }
    result.status = PhotoStatus::Ok;
    result.jpeg = drawn->bytes;
    result.edge = spec.edge;
    return result;
}

PhotoResult draw_fallback(const PhotoResult& no_photo, FallbackPicture picture, const PhotoQuery& query,
                          int jpeg_quality) {
    return draw_fallback(no_photo, picture, query, jpeg_quality, drawn_picture_cache());
}

PhotoResult FallbackPhotos::get_photo(const PhotoQuery& query, const Logger& log) {
    PhotoResult result = photos_.get_photo(query, log);
    if (result.status != PhotoStatus::NoPhoto || picture_ == FallbackPicture::None) return result;
    return draw_fallback(result, picture_, query, jpeg_quality_);
}

}  // namespace userphoto
