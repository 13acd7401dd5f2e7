// The one way the services find a person and their stored photos: which attribute an identity is
// matched against, what the directory's answer means as a PhotoStatus, and which stored values are
// usable photos with the fingerprint over all of them. PhotoService, PhotoWriter and PeopleService
// all use it, so a photo's ETag, a writer's version and an onOffice version are one value.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "directory/directory_access.h"
#include "image/photo_image.h"
#include "log.h"
#include "service/photo_provider.h"
#include "service/photo_selection.h"

namespace userphoto {

struct IdentityAttributes {
    std::string email = "mail";
    std::string remote_user;  // empty: the e-mail attribute
};

// The stored photo values of an entry, in attribute order.
struct StoredPhotos {
    std::vector<StoredPhoto> usable;    // probed, not decoded; bytes owned by the entry
    std::string etag;                   // over every stored value; empty when none is usable
    std::vector<std::string> unusable;  // "<attribute> is not a usable photo (why)", for the log
};
StoredPhotos read_stored_photos(const directory::Entry& entry, const std::vector<std::string>& attributes,
                                const image::Limits& limits);

struct FoundPerson {
    // Ok (entry set), NoSuchPerson (also an ambiguous match: logged), InvalidIdentity, Unavailable.
    PhotoStatus status = PhotoStatus::NoSuchPerson;
    std::shared_ptr<const directory::Entry> entry;
    std::string message;  // why, when Unavailable
};

class PersonLookup {
public:
    PersonLookup(IdentityAttributes identity, std::shared_ptr<directory::DirectoryAccess> directory);

    // The attribute a query's identity is matched against.
    std::string attribute_for(const PhotoQuery& query) const;

    // The directory's own answer: find_unique on attribute_for(query); for a REMOTE_USER nobody has,
    // the Windows login forms (windows_logins.h). *attribute: the attribute that was matched last.
    directory::LookupResult find(const PhotoQuery& query, const std::vector<std::string>& wanted,
                                 std::string* attribute);

    // The same as a PhotoStatus; an empty identity is nobody (REMOTE_USER) or invalid (others).
    FoundPerson find_person(const PhotoQuery& query, const std::vector<std::string>& wanted, const Logger& log);

    directory::DirectoryAccess& directory() { return *directory_; }

private:
    IdentityAttributes identity_;
    std::shared_ptr<directory::DirectoryAccess> directory_;
};

}  // namespace userphoto
