#include "service/photo_writer.h"

#include <algorithm>

#include "image/silhouette.h"
#include "image/upload_image.h"
#include "service/photo_selection.h"
#include "util/numbers.h"

namespace userphoto {

PhotoWriter::PhotoWriter(PhotoWriterSettings settings, std::shared_ptr<directory::Directory> directory,
                         std::function<void(const std::string&)> invalidate)
    : settings_(std::move(settings)), directory_(std::move(directory)), invalidate_(std::move(invalidate)) {}

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
    if (who.value.empty()) {
        info.status = who.kind == IdentityKind::RemoteUser ? PhotoStatus::NoSuchPerson : PhotoStatus::InvalidIdentity;
        return info;
    }
    const PhotoServiceSettings& svc = settings_.service;
    std::string attribute = who.attribute;
    if (who.kind == IdentityKind::Email) attribute = svc.email_attribute;
    if (who.kind == IdentityKind::RemoteUser)
        attribute = svc.remote_user_attribute.empty() ? svc.email_attribute : svc.remote_user_attribute;
    std::vector<std::string> wanted = svc.photo_attributes;
    wanted.push_back(settings_.profile_id_attribute);
    directory::LookupResult found = directory_->find_unique(attribute, who.value, wanted);
    switch (found.status) {
        case directory::Status::Found: break;
        case directory::Status::NotFound: info.status = PhotoStatus::NoSuchPerson; return info;
        case directory::Status::Ambiguous:
            log.error("more than one directory entry has " + attribute + "=" + who.value + "; refusing to guess");
            info.status = PhotoStatus::NoSuchPerson;
            return info;
        case directory::Status::InvalidInput: info.status = PhotoStatus::InvalidIdentity; return info;
        case directory::Status::Unavailable:
            log.error("directory unavailable: " + found.message);
            info.status = PhotoStatus::Unavailable;
            return info;
    }
    info.dn = found.entry.dn;
    info.profile_id = found.entry.first(settings_.profile_id_attribute);
    // The same values and the same fingerprint as PhotoService::get_photo, so versions match ETags.
    std::vector<std::string_view> values;
    bool usable = false;
    for (const std::string& name : svc.photo_attributes) {
        const directory::Values* stored = found.entry.get(name);
        if (!stored) continue;
        for (const std::string& bytes : *stored) {
            values.emplace_back(bytes);
            const image::ProbeResult probe = image::probe_jpeg(bytes, svc.limits);
            if (probe.error != image::ImageError::None) continue;
            usable = true;
            info.largest_edge = std::max(info.largest_edge, probe.square_edge());
        }
    }
    info.status = usable ? PhotoStatus::Ok : PhotoStatus::NoPhoto;
    if (usable) info.fingerprint = parse_integer<uint32_t>(photo_etag(values), 16).value_or(0);
    return info;
}

WriteResult PhotoWriter::write(const std::string& dn, const std::vector<directory::AttributeChange>& changes,
                               const Logger& log) {
    WriteResult result;
    std::string message;
    switch (directory_->modify_replace(dn, changes, &message)) {
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
    image::RenderResult rendered = image::encode_jpeg(image::draw_silhouette(edge), settings_.service.jpeg_quality);
    return defaults_[edge] = rendered.jpeg;
}

}  // namespace userphoto
