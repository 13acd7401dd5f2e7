#include "cache/avatar_picture_cache.h"

namespace userphoto::cache {

AvatarPictureCache::AvatarPictureCache(std::shared_ptr<AvatarProvider> inner, DrawnPictureCache& pictures,
                                       int jpeg_quality)
    : inner_(std::move(inner)), pictures_(pictures), quality_(std::to_string(jpeg_quality)) {}

AvatarPerson AvatarPictureCache::find(const AddressDigest& digest, const Logger& log) {
    return inner_->find(digest, log);
}

AvatarImage AvatarPictureCache::photo(const AvatarPerson& person, int edge, AvatarFormat format,
                                      const EtagCondition& if_none_match, const Logger& log) {
    return inner_->photo(person, edge, format, if_none_match, log);
}

AvatarImage AvatarPictureCache::picture(AvatarPictureKind kind, const std::string& seed, const std::string& text,
                                        int edge, AvatarFormat format, const Logger& log) {
    // The silhouette and blank do not depend on the seed: one entry per size serves every hash.
    const bool seeded = kind != AvatarPictureKind::Silhouette && kind != AvatarPictureKind::Blank;
    const std::string key = "avatar|" + std::to_string(static_cast<int>(kind)) + "|" + (seeded ? seed : std::string()) +
                            "|" + text + "|" + std::to_string(edge) + format_letter(format) + quality_;
    if (auto hit = pictures_.find(key)) {
        AvatarImage image;
        image.status = AvatarImage::Status::Ok;
        image.bytes = hit->bytes;
        return image;
    }
    AvatarImage image = inner_->picture(kind, seed, text, edge, format, log);
    if (image.status == AvatarImage::Status::Ok)
        pictures_.put(key, std::make_shared<const DrawnPicture>(DrawnPicture{image.bytes, {}}));
    return image;
}

}  // namespace userphoto::cache
