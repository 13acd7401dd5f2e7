#include "service/photo_service.h"

#include <algorithm>

#include "util/initials.h"

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

std::string change_marker_of(const directory::Entry& entry, const std::vector<std::string>& attributes) {
    std::string marker;
    for (const std::string& name : attributes) {
        const directory::Values* values = entry.get(name);
        if (!values) continue;
        for (const std::string& v : *values) {
            if (!marker.empty()) marker += '|';
            marker += v;
        }
    }
    return marker;
}

std::string initials_of_entry(const directory::Entry& entry, const std::vector<std::string>& attributes) {
    for (const std::string& name : attributes) {
        const std::string value = entry.first(name);
        if (!value.empty()) return initials_of(value);
    }
    return "";
}

PhotoService::PhotoService(PhotoServiceSettings settings, std::shared_ptr<directory::DirectoryAccess> directory)
    : settings_(std::move(settings)), lookup_(settings_.identity(), std::move(directory)) {}

std::string PhotoService::attribute_for(const PhotoQuery& query) const { return lookup_.attribute_for(query); }

ResolvedPerson PhotoService::resolve(const PhotoQuery& query, const Logger& log) {
    ResolvedPerson person;
    std::vector<std::string> wanted = settings_.photo_attributes;
    wanted.insert(wanted.end(), settings_.change_marker_attributes.begin(), settings_.change_marker_attributes.end());
    wanted.insert(wanted.end(), settings_.name_attributes.begin(), settings_.name_attributes.end());
    const bool follow_link = query.follow_linked_entry && !settings_.linked_entry_attribute.empty();
    if (follow_link) wanted.push_back(settings_.linked_entry_attribute);
    FoundPerson found = lookup_.find_person(query, wanted, log);
    if (found.status == PhotoStatus::Unavailable) log.error("directory unavailable: " + found.message);
    if (found.status != PhotoStatus::Ok) {
        person.status = found.status;
        return person;
    }
    person.entry = found.entry;
    person.dn = found.entry->dn;
    person.change_marker = change_marker_of(*found.entry, settings_.change_marker_attributes);
    person.initials = initials_of_entry(*found.entry, settings_.name_attributes);
    StoredPhotos photos = read_stored_photos(*found.entry, settings_.photo_attributes, settings_.limits);
    for (const std::string& why : photos.unusable) log.warn(person.dn + ": " + why);
    if (photos.usable.empty() && follow_link) {
        if (auto linked = linked_entry(*found.entry, log)) {
            photos = read_stored_photos(*linked, settings_.photo_attributes, settings_.limits);
            for (const std::string& why : photos.unusable) log.warn(linked->dn + ": " + why);
            person.entry = linked;
            // The person's marker does not move when the linked entry's photo does: a cache must
            // read both again rather than confirm the record by the marker alone.
            person.change_marker.clear();
        }
    }
    if (photos.usable.empty()) {
        person.status = PhotoStatus::NoPhoto;
        return person;
    }
    person.usable = std::move(photos.usable);
    person.etag = std::move(photos.etag);
    person.status = PhotoStatus::Ok;
    return person;
}

// The photo of the entry `entry`'s linked-entry attribute names (one level; read_dn keeps to the
// entries the directory URL covers). Null when there is none or it cannot be read (logged).
std::shared_ptr<const directory::Entry> PhotoService::linked_entry(const directory::Entry& entry, const Logger& log) {
    const std::string dn = entry.first(settings_.linked_entry_attribute);
    if (dn.empty()) return nullptr;
    directory::LookupResult read = lookup_.directory().read_dn(dn, settings_.photo_attributes);
    if (read.status == directory::Status::Found) return std::make_shared<const directory::Entry>(std::move(read.entry));
    if (read.status != directory::Status::NotFound) log.warn(entry.dn + ": linked entry unreadable: " + read.message);
    return nullptr;
}

namespace {

// PhotoShape::AsStored: the stored bytes when they fit edge × edge (JPEG), the same picture in its
// own shape re-encoded (another format), else a square of at most `edge`.
image::RenderResult render_as_stored(const StoredPhoto& photo, int edge, const image::Encoding& encoding,
                                     const image::Limits& limits) {
    if (photo.probe.width > edge || photo.probe.height > edge)
        return image::render_square_as(photo.bytes, std::min(edge, photo.probe.square_edge()), encoding, limits);
    const int longer = std::max(photo.probe.display_width, photo.probe.display_height);
    if (encoding.format == ImageFormat::Jpeg) {
        image::RenderResult stored;
        stored.jpeg.assign(photo.bytes);
        stored.edge = longer;
        return stored;
    }
    image::DecodeResult decoded = image::decode_jpeg_rgb(photo.bytes, limits);
    if (decoded.error != image::ImageError::None) {
        image::RenderResult failed;
        failed.error = decoded.error;
        failed.message = std::move(decoded.message);
        return failed;
    }
    image::RenderResult encoded = image::encode_as(decoded.image, encoding);
    encoded.edge = longer;
    return encoded;
}

}  // namespace

PhotoResult PhotoService::render(const ResolvedPerson& person, int edge, const Logger& log, ImageFormat format,
                                 PhotoShape shape) const {
    PhotoResult result;
    result.status = person.status;
    result.etag = person.etag;
    if (person.status == PhotoStatus::NoPhoto) {
        result.person = person.dn;
        result.initials = person.initials;
    }
    if (person.status != PhotoStatus::Ok) return result;
    const image::Encoding encoding{format, settings_.jpeg_quality};
    std::vector<const StoredPhoto*> order;
    if (shape == PhotoShape::AsStored)
        for (const StoredPhoto& photo : person.usable) order.push_back(&photo);
    else
        order = rank_for_edge(person.usable, edge);
    for (const StoredPhoto* photo : order) {
        image::RenderResult rendered =
            shape == PhotoShape::AsStored
                ? render_as_stored(*photo, edge, encoding, settings_.limits)
                : image::render_square_as(photo->bytes, image::choose_edge(edge, photo->probe.square_edge()), encoding,
                                          settings_.limits);
        if (rendered.error == image::ImageError::None) {
            result.jpeg = std::move(rendered.jpeg);
            result.edge = rendered.edge;
            return result;
        }
        log.warn(person.dn + ": " + photo->attribute + " could not be rendered (" + rendered.message + ")");
    }
    result.status = PhotoStatus::NoPhoto;
    result.person = person.dn;
    result.initials = person.initials;
    return result;
}

MarkerProbe PhotoService::probe_marker(const PhotoQuery& query, const Logger& log) {
    MarkerProbe probe;
    if (query.value.empty() || settings_.change_marker_attributes.empty()) {
        probe.status = PhotoStatus::InvalidIdentity;
        return probe;
    }
    std::string attribute;
    directory::LookupResult found = lookup_.find(query, settings_.change_marker_attributes, &attribute);
    switch (found.status) {
        case directory::Status::Found: probe.status = PhotoStatus::Ok; break;
        case directory::Status::NotFound:
        case directory::Status::Ambiguous: probe.status = PhotoStatus::NoSuchPerson; break;  // the full read logs it
        case directory::Status::InvalidInput: probe.status = PhotoStatus::InvalidIdentity; break;
        case directory::Status::Unavailable:
            probe.status = PhotoStatus::Unavailable;
            log.debug("change marker probe: " + found.message);
            break;
    }
    if (probe.status != PhotoStatus::Ok) return probe;
    probe.dn = found.entry.dn;
    probe.change_marker = change_marker_of(found.entry, settings_.change_marker_attributes);
    return probe;
}

PhotoResult PhotoService::get_photo(const PhotoQuery& query, const Logger& log) {
    ResolvedPerson person = resolve(query, log);
    if (person.status == PhotoStatus::Ok && query.if_none_match.matches(format_etag(person.etag, query.format))) {
        PhotoResult result;
        result.status = PhotoStatus::NotModified;
        result.etag = person.etag;
        return result;
    }
    PhotoResult result = render(person, query.edge, log, query.format, query.shape);
    if (result.status != PhotoStatus::Ok) result.etag.clear();
    return result;
}

}  // namespace userphoto
