#include "service/person_lookup.h"

#include "service/windows_logins.h"

namespace userphoto {

StoredPhotos read_stored_photos(const directory::Entry& entry, const std::vector<std::string>& attributes,
                                const image::Limits& limits) {
    StoredPhotos photos;
    std::vector<std::string_view> values;
    for (const std::string& name : attributes) {
        const directory::Values* stored = entry.get(name);
        if (!stored) continue;
        for (const std::string& bytes : *stored) {
            values.emplace_back(bytes);
            image::ProbeResult probe = image::probe_jpeg(bytes, limits);
            if (probe.error != image::ImageError::None) {
                photos.unusable.push_back(name + " is not a usable photo (" + probe.message + ")");
                continue;
            }
            photos.usable.push_back(StoredPhoto{name, bytes, probe});
        }
    }
    if (!photos.usable.empty()) photos.etag = photo_etag(values);
    return photos;
}

PersonLookup::PersonLookup(IdentityAttributes identity, std::shared_ptr<directory::DirectoryAccess> directory)
    : identity_(std::move(identity)), directory_(std::move(directory)) {}

std::string PersonLookup::attribute_for(const PhotoQuery& query) const {
    switch (query.kind) {
        case IdentityKind::Email: return identity_.email;
        case IdentityKind::RemoteUser: return identity_.remote_user.empty() ? identity_.email : identity_.remote_user;
        case IdentityKind::Attribute: return query.attribute;
    }
    return identity_.email;
}

directory::LookupResult PersonLookup::find(const PhotoQuery& query, const std::vector<std::string>& wanted,
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

FoundPerson PersonLookup::find_person(const PhotoQuery& query, const std::vector<std::string>& wanted,
                                      const Logger& log) {
    FoundPerson person;
    if (query.value.empty()) {
        person.status = query.kind == IdentityKind::RemoteUser ? PhotoStatus::NoSuchPerson : PhotoStatus::InvalidIdentity;
        return person;
    }
    std::string attribute;
    directory::LookupResult found = find(query, wanted, &attribute);
    switch (found.status) {
        case directory::Status::Found:
            person.status = PhotoStatus::Ok;
            person.entry = std::make_shared<const directory::Entry>(std::move(found.entry));
            break;
        case directory::Status::NotFound: person.status = PhotoStatus::NoSuchPerson; break;
        case directory::Status::Ambiguous:
            log.error("more than one directory entry has " + attribute + "=" + query.value + "; refusing to guess");
            person.status = PhotoStatus::NoSuchPerson;
            break;
        case directory::Status::InvalidInput: person.status = PhotoStatus::InvalidIdentity; break;
        case directory::Status::Unavailable:
            person.status = PhotoStatus::Unavailable;
            person.message = found.message;
            break;
    }
    return person;
}

}  // namespace userphoto
