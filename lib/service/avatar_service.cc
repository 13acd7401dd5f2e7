#include "service/avatar_service.h"

#include "image/exact_square.h"
#include "image/placeholder.h"

namespace userphoto {
namespace {

image::OutputFormat output_format(AvatarFormat format) {
    switch (format) {
        case AvatarFormat::Png: return image::OutputFormat::Png;
        case AvatarFormat::Webp: return image::OutputFormat::Webp;
        case AvatarFormat::Avif: return image::OutputFormat::Avif;
        case AvatarFormat::Jpeg: break;
    }
    return image::OutputFormat::Jpeg;
}

// The format of the cached rendition an avatar is made from: WebP and AVIF have their own (an
// exact-size one is served as it is); JPEG and PNG start from the JPEG.
ImageFormat rendition_format(AvatarFormat format) {
    switch (format) {
        case AvatarFormat::Webp: return ImageFormat::Webp;
        case AvatarFormat::Avif: return ImageFormat::Avif;
        default: return ImageFormat::Jpeg;
    }
}

image::PlaceholderKind placeholder_kind(AvatarPictureKind kind) {
    switch (kind) {
        case AvatarPictureKind::Silhouette: return image::PlaceholderKind::Silhouette;
        case AvatarPictureKind::Initials: return image::PlaceholderKind::Initials;
        case AvatarPictureKind::Identicon: return image::PlaceholderKind::Identicon;
        case AvatarPictureKind::Color: return image::PlaceholderKind::Color;
        case AvatarPictureKind::Blank: return image::PlaceholderKind::Blank;
    }
    return image::PlaceholderKind::Silhouette;
}

}  // namespace

AvatarService::AvatarService(AvatarServiceSettings settings, avatar::HashIndex index,
                             std::shared_ptr<PhotoProvider> photos)
    : settings_(std::move(settings)), index_(index), photos_(std::move(photos)) {}

AvatarPerson AvatarService::find(const AddressDigest& digest, const Logger&) {
    AvatarPerson person;
    avatar::IndexedPerson found;
    switch (index_.find(digest, &found)) {
        case avatar::FindStatus::NotReady: person.status = AvatarPerson::Status::NotReady; return person;
        case avatar::FindStatus::Unknown: person.status = AvatarPerson::Status::Unknown; return person;
        case avatar::FindStatus::Known: break;
    }
    person.status = AvatarPerson::Status::Known;
    person.dn = std::move(found.dn);
    person.key = std::move(found.key);
    person.key_is_alias = found.key_is_alias;
    person.initials = std::move(found.initials);
    return person;
}

AvatarImage AvatarService::photo(const AvatarPerson& person, int edge, AvatarFormat format,
                                 const EtagCondition& if_none_match, const Logger& log) {
    AvatarImage answer;
    if (person.status != AvatarPerson::Status::Known || person.key.empty()) {
        answer.status = AvatarImage::Status::NoPhoto;
        return answer;
    }
    PhotoQuery query;
    if (person.key_is_alias) {
        query.kind = IdentityKind::Attribute;
        query.attribute = settings_.alias_attribute;
    }
    query.value = person.key;
    query.edge = edge;
    query.format = rendition_format(format);
    PhotoResult result = photos_->get_photo(query, log);
    switch (result.status) {
        case PhotoStatus::Ok: break;
        case PhotoStatus::Unavailable: answer.status = AvatarImage::Status::Unavailable; return answer;
        default: answer.status = AvatarImage::Status::NoPhoto; return answer;
    }
    // One tag per photo, edge and format: every rendition of one photo differs from the others.
    answer.etag = result.etag + "-" + std::to_string(edge) + format_letter(format);
    if (if_none_match.matches(answer.etag)) {
        answer.status = AvatarImage::Status::NotModified;
        return answer;
    }
    if (query.format != ImageFormat::Jpeg) {
        // The photo covers the edge: the cached rendition is the answer, encoded once per format.
        if (result.edge == edge) {
            answer.bytes = std::move(result.jpeg);
            answer.status = AvatarImage::Status::Ok;
            return answer;
        }
        // Smaller than asked: upscaled from the JPEG rendition, as JPEG and PNG avatars are.
        query.format = ImageFormat::Jpeg;
        result = photos_->get_photo(query, log);
        if (result.status != PhotoStatus::Ok) {
            answer.status = result.status == PhotoStatus::Unavailable ? AvatarImage::Status::Unavailable
                                                                      : AvatarImage::Status::NoPhoto;
            return answer;
        }
    }
    if (format == AvatarFormat::Jpeg && result.edge == edge) {
        // The rendition is the edge x edge square already: served as it is, as render_exact_square
        // would, without probing its header on every hit.
        answer.bytes = std::move(result.jpeg);
        answer.status = AvatarImage::Status::Ok;
        return answer;
    }
    image::RenderResult rendered =
        image::render_exact_square(result.jpeg, edge, output_format(format), settings_.jpeg_quality, settings_.limits);
    if (rendered.error != image::ImageError::None) {
        log.warn(person.dn + ": avatar rendition failed (" + rendered.message + ")");
        answer.status = AvatarImage::Status::NoPhoto;
        return answer;
    }
    answer.bytes = std::move(rendered.jpeg);
    answer.status = AvatarImage::Status::Ok;
    return answer;
}

AvatarImage AvatarService::picture(AvatarPictureKind kind, const std::string& seed, const std::string& text, int edge,
                                   AvatarFormat format, const Logger& log) {
    AvatarImage answer;
    image::PlaceholderSpec spec;
    spec.kind = placeholder_kind(kind);
    spec.seed = seed;
    spec.initials = text;
    spec.edge = edge;
    image::RenderResult rendered = image::encode_picture(image::draw_placeholder(spec), output_format(format),
                                                         settings_.jpeg_quality, kind == AvatarPictureKind::Blank);
    if (rendered.error != image::ImageError::None) {
        log.error("avatar picture could not be drawn: " + rendered.message);
        return answer;
    }
    answer.bytes = std::move(rendered.jpeg);
    answer.status = AvatarImage::Status::Ok;
    return answer;
}

}  // namespace userphoto
