// What every protocol asks of the core: "the photo of this person at this size".
// The codecs depend on this interface only; PhotoService is the real implementation.
#pragma once
#include <string>

#include "log.h"
#include "util/etag_condition.h"
#include "util/image_format.h"

namespace userphoto {

enum class IdentityKind {
    Email,       // matched against the URL's e-mail attribute
    RemoteUser,  // the authenticated user, matched against UserPhotoRemoteUserAttribute
    Attribute,   // any configured attribute (user number, messenger id, chatter id)
};

// The rendition's shape: a square (every route but one), or the stored photo as it is: its own bytes
// (any aspect) when it fits within edge × edge and the format is JPEG, re-encoded in its own shape
// for another format, and a square of at most `edge` when it is larger (onOffice's records).
enum class PhotoShape { Square, AsStored };

struct PhotoQuery {
    IdentityKind kind = IdentityKind::Email;
    std::string value;
    std::string attribute;       // for IdentityKind::Attribute
    int edge = 96;               // requested square edge in pixels
    ImageFormat format = ImageFormat::Jpeg;  // the rendition's format (browser-facing routes negotiate it)
    EtagCondition if_none_match; // the ETags the client holds (If-None-Match), compared with format_etag(etag, format)
    bool case_exact = false;     // the value is compared byte for byte (15-character Salesforce ids, binary GUIDs): caches keep it
    PhotoShape shape = PhotoShape::Square;
    // A person without a usable photo of their own shows the one of the entry their linked-entry
    // attribute (UserPhotoLinkedEntryAttribute) names, one level deep.
    bool follow_linked_entry = false;
    // The photo's ETag the caller has just read from the directory, or the one a link it verified
    // names (empty: none): a cached record of another version is confirmed before it is trusted.
    std::string seen_etag;
};

enum class PhotoStatus {
    Ok,               // jpeg + etag set
    NotModified,      // if_none_match matches the current etag; etag set, jpeg empty
    NoPhoto,          // the person exists but has no usable photo
    NoSuchPerson,     // nobody matches (or the match is ambiguous)
    InvalidIdentity,  // the identity value is not acceptable (too long, empty, ...)
    Unavailable,      // the directory cannot be reached / timed out
};
const char* describe(PhotoStatus status);

struct PhotoResult {
    PhotoStatus status = PhotoStatus::NoSuchPerson;
    std::string etag;  // 8 uppercase hex digits, unquoted; same for every size of one photo
    std::string jpeg;  // the rendition, in the query's format
    int edge = 0;      // its edge in pixels
    // NoPhoto only: who the person is, for a drawn fallback (fallback_photos.h). `person` is the
    // entry's DN (it chooses the colour), `initials` up to 3 of [A-Z0-9] from its name (may be empty).
    std::string person;
    std::string initials;
    bool drawn = false;  // Ok / NotModified of a drawn picture (fallback_photos.h): a shorter life
};

class PhotoProvider {
public:
    virtual ~PhotoProvider() = default;
    virtual PhotoResult get_photo(const PhotoQuery& query, const Logger& log) = 0;
};

}  // namespace userphoto
