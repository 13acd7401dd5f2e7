#include "service/photo_service.h"

#include "service/windows_logins.h"

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

directory::LookupResult PhotoService::find_person(const PhotoQuery& query, const std::vector<std::string>& wanted,
                                                 std::string* attribute) {
    *attribute = attribute_for(query);
    directory::LookupResult found = directory_->find_unique(*attribute, query.value, wanted);
    if (found.status != directory::Status::NotFound || query.kind != IdentityKind::RemoteUser) return found;
    for (const LoginMatch& match : windows_login_matches(query.value)) {
        *attribute = match.attribute;
        found = directory_->find_unique(match.attribute, match.value, wanted);
        if (found.status != directory::Status::NotFound) return found;
    }
    return found;
}

ResolvedPerson PhotoService::resolve(const PhotoQuery& query, const Logger& log) {
    ResolvedPerson person;
    if (query.value.empty()) {
        person.status = query.kind == IdentityKind::RemoteUser ? PhotoStatus::NoSuchPerson : PhotoStatus::InvalidIdentity;
        return person;
    }
    std::vector<std::string> wanted = settings_.photo_attributes;
    wanted.insert(wanted.end(), settings_.change_marker_attributes.begin(), settings_.change_marker_attributes.end());
    std::string attribute;
    directory::LookupResult found = find_person(query, wanted, &attribute);
    switch (found.status) {
        case directory::Status::Found: break;
        case directory::Status::NotFound: person.status = PhotoStatus::NoSuchPerson; return person;
        case directory::Status::Ambiguous:
            log.error("more than one directory entry has " + attribute + "=" + query.value + "; refusing to guess");
            person.status = PhotoStatus::NoSuchPerson;
            return person;
        case directory::Status::InvalidInput: person.status = PhotoStatus::InvalidIdentity; return person;
        case directory::Status::Unavailable:
            log.error("directory unavailable: " + found.message);
            person.status = PhotoStatus::Unavailable;
            return person;
    }

    auto entry = std::make_shared<const directory::Entry>(std::move(found.entry));
    person.dn = entry->dn;
    person.change_marker = change_marker_of(*entry, settings_.change_marker_attributes);
    person.entry = entry;
    // Every stored value, in preference order; the fingerprint covers them all.
    std::vector<std::string_view> values;
    for (const std::string& name : settings_.photo_attributes) {
        const directory::Values* stored = entry->get(name);
        if (!stored) continue;
        for (const std::string& bytes : *stored) {
            values.emplace_back(bytes);
            image::ProbeResult probe = image::probe_jpeg(bytes, settings_.limits);
            if (probe.error != image::ImageError::None) {
                log.warn(entry->dn + ": " + name + " is not a usable photo (" + probe.message + ")");
                continue;
            }
            person.usable.push_back(StoredPhoto{name, bytes, probe});
        }
    }
    if (person.usable.empty()) {
        person.status = PhotoStatus::NoPhoto;
        return person;
    }
    person.etag = photo_etag(values);
    person.status = PhotoStatus::Ok;
    return person;
}

PhotoResult PhotoService::render(const ResolvedPerson& person, int edge, const Logger& log, ImageFormat format) const {
    PhotoResult result;
    result.status = person.status;
    result.etag = person.etag;
    if (person.status != PhotoStatus::Ok) return result;
    for (const StoredPhoto* photo : rank_for_edge(person.usable, edge)) {
        int target = image::choose_edge(edge, photo->probe.square_edge());
        image::RenderResult rendered = image::render_square_as(
            photo->bytes, target, image::Encoding{format, settings_.jpeg_quality}, settings_.limits);
        if (rendered.error == image::ImageError::None) {
            result.jpeg = std::move(rendered.jpeg);
            result.edge = rendered.edge;
            return result;
        }
        log.warn(person.dn + ": " + photo->attribute + " could not be rendered (" + rendered.message + ")");
    }
    result.status = PhotoStatus::NoPhoto;
    return result;
}

MarkerProbe PhotoService::probe_marker(const PhotoQuery& query, const Logger& log) {
    MarkerProbe probe;
    if (query.value.empty() || settings_.change_marker_attributes.empty()) {
        probe.status = directory::Status::InvalidInput;
        return probe;
    }
    std::string attribute;
    directory::LookupResult found = find_person(query, settings_.change_marker_attributes, &attribute);
    probe.status = found.status;
    if (found.status == directory::Status::Unavailable) log.debug("change marker probe: " + found.message);
    if (found.status != directory::Status::Found) return probe;
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
    PhotoResult result = render(person, query.edge, log, query.format);
    if (result.status != PhotoStatus::Ok) result.etag.clear();
    return result;
}

}  // namespace userphoto
