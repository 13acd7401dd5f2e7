#include "service/photo_service.h"

#include "service/photo_selection.h"

namespace userphoto {

const char* describe(PhotoStatus status) {
    switch (status) {
        case PhotoStatus::Ok: return "ok";
        case PhotoStatus::NotModified: return "not modified";
        case PhotoStatus::NoPhoto: return "no usable photo";
        case PhotoStatus::NoSuchPerson: return "no such person";
        case PhotoStatus::InvalidIdentity: return "invalid identity";
        case PhotoStatus::Unavailable: return "directory unavailable";
    }
    return "?";
}

PhotoService::PhotoService(PhotoServiceSettings settings, std::shared_ptr<directory::Directory> directory)
    : settings_(std::move(settings)), directory_(std::move(directory)) {}

void PhotoService::invalidate(const std::string&) {}

std::string PhotoService::attribute_for(const PhotoQuery& query) const {
    switch (query.kind) {
        case IdentityKind::Email: return settings_.email_attribute;
        case IdentityKind::RemoteUser:
            return settings_.remote_user_attribute.empty() ? settings_.email_attribute : settings_.remote_user_attribute;
        case IdentityKind::Attribute: return query.attribute;
    }
    return settings_.email_attribute;
}

PhotoResult PhotoService::get_photo(const PhotoQuery& query, const Logger& log) {
    PhotoResult result;
    if (query.value.empty()) {
        result.status = query.kind == IdentityKind::RemoteUser ? PhotoStatus::NoSuchPerson : PhotoStatus::InvalidIdentity;
        return result;
    }
    const std::string attribute = attribute_for(query);
    directory::LookupResult found = directory_->find_unique(attribute, query.value, settings_.photo_attributes);
    switch (found.status) {
        case directory::Status::Found: break;
        case directory::Status::NotFound: result.status = PhotoStatus::NoSuchPerson; return result;
        case directory::Status::Ambiguous:
            log.error("more than one directory entry has " + attribute + "=" + query.value + "; refusing to guess");
            result.status = PhotoStatus::NoSuchPerson;
            return result;
        case directory::Status::InvalidInput: result.status = PhotoStatus::InvalidIdentity; return result;
        case directory::Status::Unavailable:
            log.error("directory unavailable: " + found.message);
            result.status = PhotoStatus::Unavailable;
            return result;
    }

    // Every stored value, in preference order; the fingerprint covers them all.
    std::vector<std::string_view> values;
    std::vector<StoredPhoto> usable;
    for (const std::string& name : settings_.photo_attributes) {
        const directory::Values* stored = found.entry.get(name);
        if (!stored) continue;
        for (const std::string& bytes : *stored) {
            values.emplace_back(bytes);
            image::ProbeResult probe = image::probe_jpeg(bytes, settings_.limits);
            if (probe.error != image::ImageError::None) {
                log.warn(found.entry.dn + ": " + name + " is not a usable photo (" + probe.message + ")");
                continue;
            }
            usable.push_back(StoredPhoto{name, bytes, probe});
        }
    }
    if (usable.empty()) {
        result.status = PhotoStatus::NoPhoto;
        return result;
    }
    result.etag = photo_etag(values);
    if (!query.if_none_match.empty() && query.if_none_match == result.etag) {
        result.status = PhotoStatus::NotModified;
        return result;
    }
    for (const StoredPhoto* photo : rank_for_edge(usable, query.edge)) {
        int edge = image::choose_edge(query.edge, photo->probe.square_edge());
        image::RenderResult rendered = image::render_square(photo->bytes, edge, settings_.jpeg_quality, settings_.limits);
        if (rendered.error == image::ImageError::None) {
            result.status = PhotoStatus::Ok;
            result.jpeg = std::move(rendered.jpeg);
            result.edge = rendered.edge;
            return result;
        }
        log.warn(found.entry.dn + ": " + photo->attribute + " could not be rendered (" + rendered.message + ")");
    }
    result.status = PhotoStatus::NoPhoto;
    return result;
}

}  // namespace userphoto
