#include "service/photo_writer.h"

#include <algorithm>

#include "image/placeholder.h"
#include "image/upload_image.h"
#include "service/photo_selection.h"
#include "util/numbers.h"

namespace userphoto {

PhotoWriter::PhotoWriter(PhotoWriterSettings settings, std::shared_ptr<directory::DirectoryAccess> directory,
                         std::function<void(const std::string&)> invalidate)
    : settings_(std::move(settings)),
      lookup_(settings_.service.identity(), std::move(directory)),
      invalidate_(std::move(invalidate)) {}

std::vector<std::string> PhotoWriter::all_photo_attributes() const {
    std::vector<std::string> names = settings_.service.photo_attributes;
    for (const std::string& extra : {settings_.large_attribute, settings_.thumb_attribute}) {
        bool known = false;
        for (const auto& n : names) known = known || iequals(n, extra);
        if (!known) names.push_back(extra);
    }
    return names;
}

PersonPhotoInfo PhotoWriter::lookup(const PhotoQuery& who, const Logger& log) {
    PersonPhotoInfo info;
    const PhotoServiceSettings& svc = settings_.service;
    std::vector<std::string> wanted = svc.photo_attributes;
    wanted.push_back(settings_.profile_id_attribute);
    FoundPerson found = lookup_.find_person(who, wanted, log);
    if (found.status == PhotoStatus::Unavailable) log.error("directory unavailable: " + found.message);
    if (found.status != PhotoStatus::Ok) {
        info.status = found.status;
        return info;
    }
    info.dn = found.entry->dn;
    info.profile_id = found.entry->first(settings_.profile_id_attribute);
    StoredPhotos photos = read_stored_photos(*found.entry, svc.photo_attributes, svc.limits);
    for (const StoredPhoto& photo : photos.usable) info.largest_edge = std::max(info.largest_edge, photo.probe.square_edge());
    info.status = photos.usable.empty() ? PhotoStatus::NoPhoto : PhotoStatus::Ok;
    // The photo's ETag as a number: the value PhotoService::get_photo sends.
    if (!photos.usable.empty()) info.fingerprint = parse_integer<uint32_t>(photos.etag, 16).value_or(0);
    return info;
}

WriteResult PhotoWriter::write(const std::string& dn, const std::vector<directory::AttributeChange>& changes,
                               const Logger& log) {
    WriteResult result;
    std::string message;
    switch (lookup_.directory().modify_replace(dn, changes, &message)) {
        case directory::Status::Found:
            result.status = WriteStatus::Ok;
            if (invalidate_) invalidate_(dn);
            return result;
        case directory::Status::NotFound: result.status = WriteStatus::NoSuchPerson; break;
        case directory::Status::InvalidInput: result.status = WriteStatus::Refused; break;
        default: result.status = WriteStatus::Unavailable; break;
    }
    log.error("photo write failed: " + message);
    result.message = message;
    return result;
}

WriteResult PhotoWriter::upload(const std::string& dn, std::string_view picture, const std::optional<PhotoCrop>& crop,
                                const Logger& log) {
    std::optional<image::CropRegion> region;
    if (crop) region = image::CropRegion{crop->x, crop->y, crop->size};
    const PhotoServiceSettings& svc = settings_.service;
    image::Limits limits = svc.limits;
    limits.max_pixels = std::min(limits.max_pixels, settings_.max_upload_pixels);
    image::UploadRenditions renditions = image::render_upload(picture, region, settings_.large_edge,
                                                              settings_.thumb_edge, svc.jpeg_quality, limits);
    WriteResult result;
    switch (renditions.error) {
        case image::ImageError::None: break;
        case image::ImageError::InvalidArgument: result.status = WriteStatus::BadCrop; break;
        case image::ImageError::TooLarge: result.status = WriteStatus::ImageTooLarge; break;
        default: result.status = WriteStatus::NotAnImage; break;
    }
    if (renditions.error != image::ImageError::None) {
        result.message = renditions.message;
        return result;
    }
    // The two renditions, and every other photo attribute cleared: one modify, one new photo.
    std::vector<directory::AttributeChange> changes;
    for (const std::string& name : all_photo_attributes()) {
        if (iequals(name, settings_.large_attribute))
            changes.emplace_back(name, renditions.large);
        else if (iequals(name, settings_.thumb_attribute))
            changes.emplace_back(name, renditions.thumb);
        else
            changes.emplace_back(name, std::nullopt);
    }
    return write(dn, changes, log);
}

WriteResult PhotoWriter::remove(const std::string& dn, const Logger& log) {
    std::vector<directory::AttributeChange> changes;
    for (const std::string& name : all_photo_attributes()) changes.emplace_back(name, std::nullopt);
    return write(dn, changes, log);
}

std::string PhotoWriter::default_photo(int edge) {
    edge = std::clamp(edge, 16, 1024);
    std::lock_guard<std::mutex> lock(defaults_mutex_);
    auto it = defaults_.find(edge);
    if (it != defaults_.end()) return it->second;
    image::PlaceholderSpec spec;  // the one renderer of "no photo" pictures
    spec.kind = image::PlaceholderKind::Silhouette;
    spec.edge = edge;
    image::RenderResult rendered = image::encode_jpeg(image::draw_placeholder(spec), settings_.service.jpeg_quality);
    return defaults_[edge] = rendered.jpeg;
}

}  // namespace userphoto
