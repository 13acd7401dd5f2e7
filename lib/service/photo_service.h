// PhotoService: the one core every protocol calls. Resolves a person in the directory, picks the
// best stored photo for the requested size and renders it. Knows no protocol.
// Split into resolve (directory) and render (image work) so that a cache can keep each result.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "directory/directory_access.h"
#include "image/photo_image.h"
#include "service/person_lookup.h"
#include "service/photo_provider.h"
#include "service/photo_selection.h"

namespace userphoto {

struct PhotoServiceSettings {
    std::vector<std::string> photo_attributes{"thumbnailPhoto", "jpegPhoto"};  // preference order
    std::string email_attribute = "mail";
    std::string remote_user_attribute;  // empty: the e-mail attribute
    int jpeg_quality = 85;
    image::Limits limits;
    // Attributes whose values move whenever the entry changes (read with every lookup; operational
    // ones such as entryCSN must be named to be returned). Empty: no cheap revalidation.
    // uSNChanged is Active Directory's (absent elsewhere, so asking for it costs nothing).
    std::vector<std::string> change_marker_attributes{"entryCSN", "modifyTimestamp", "uSNChanged"};
    // The first present gives the initials of a person without a photo (drawn fallbacks).
    std::vector<std::string> name_attributes{"displayName", "cn"};
    // DN-valued: whose photo stands in for a person without one, when the query asks
    // (PhotoQuery::follow_linked_entry). Empty: none.
    std::string linked_entry_attribute;

    IdentityAttributes identity() const { return {email_attribute, remote_user_attribute}; }
};

// One person as the directory holds them now. status is Ok (dn, etag and usable photos set),
// NoPhoto (dn set), NoSuchPerson, InvalidIdentity or Unavailable.
struct ResolvedPerson {
    PhotoStatus status = PhotoStatus::NoSuchPerson;
    std::string dn;
    std::string etag;
    std::string change_marker;                     // empty when the entry has no marker attribute, or
                                                   // the photos are a linked entry's
    std::shared_ptr<const directory::Entry> entry;  // owns the bytes `usable` points into (the linked
                                                    // entry when the photos are borrowed from it)
    std::vector<StoredPhoto> usable;
    std::string initials;  // initials_of(the first name attribute present): up to 3 of [A-Z0-9]
};

// The entry's change marker alone: Ok (dn and marker set, the marker may be empty), NoSuchPerson
// (also an ambiguous match), InvalidIdentity or Unavailable. Service-level, so a cache needs no
// directory type.
struct MarkerProbe {
    PhotoStatus status = PhotoStatus::NoSuchPerson;
    std::string dn;
    std::string change_marker;
};

class PhotoService : public PhotoProvider {
public:
    PhotoService(PhotoServiceSettings settings, std::shared_ptr<directory::DirectoryAccess> directory);
    PhotoResult get_photo(const PhotoQuery& query, const Logger& log) override;

    // Directory work: the entry, its photos (probed, not decoded) and fingerprint.
    ResolvedPerson resolve(const PhotoQuery& query, const Logger& log);
    // Image work: the best rendition of a resolved person (status Ok or NoPhoto). A square picks
    // the stored photo that suits the edge best; AsStored takes the first usable in attribute order.
    PhotoResult render(const ResolvedPerson& person, int edge, const Logger& log,
                       ImageFormat format = ImageFormat::Jpeg, PhotoShape shape = PhotoShape::Square) const;
    // Only the change marker of the person's entry: a small search, no photo bytes.
    MarkerProbe probe_marker(const PhotoQuery& query, const Logger& log);

    // The attribute a query's identity is matched against.
    std::string attribute_for(const PhotoQuery& query) const;
    const PhotoServiceSettings& settings() const { return settings_; }

private:
    std::shared_ptr<const directory::Entry> linked_entry(const directory::Entry& entry, const Logger& log);

    PhotoServiceSettings settings_;
    PersonLookup lookup_;
};

// The initials of an entry's name: the first of `attributes` present, through initials_of.
std::string initials_of_entry(const directory::Entry& entry, const std::vector<std::string>& attributes);

// The change marker of an entry: its marker attributes' values joined, "" when it has none.
std::string change_marker_of(const directory::Entry& entry, const std::vector<std::string>& attributes);

}  // namespace userphoto
