// What the avatar codec asks of the core: who has this address digest, their photo at exactly this
// edge, or a drawn picture. Knows no URL or query syntax; AvatarService implements it.
#pragma once
#include <string>

#include "log.h"
#include "util/etag_condition.h"
#include "util/hex_digest.h"

namespace userphoto {

enum class AvatarFormat { Jpeg, Png, Webp, Avif };

// One letter per format, for tags and cache keys: j, p, w, a.
inline char format_letter(AvatarFormat format) {
    switch (format) {
        case AvatarFormat::Png: return 'p';
        case AvatarFormat::Webp: return 'w';
        case AvatarFormat::Avif: return 'a';
        case AvatarFormat::Jpeg: break;
    }
    return 'j';
}

struct AvatarPerson {
    enum class Status { NotReady, Unknown, Known, Unavailable } status = Status::Unknown;
    std::string initials;  // from the directory's name, for the initials picture (may be empty)
    std::string dn;        // Known: the person
    std::string key;       // Known: the value that finds them again (e-mail or alias value)
    bool key_is_alias = false;
};

enum class AvatarPictureKind { Silhouette, Initials, Identicon, Color, Blank };

struct AvatarImage {
    enum class Status { Ok, NotModified, NoPhoto, Unavailable, Failed } status = Status::Failed;
    std::string bytes;  // Ok: the encoded picture
    std::string etag;   // Ok / NotModified: opaque, unquoted
};

class AvatarProvider {
public:
    virtual ~AvatarProvider() = default;
    virtual AvatarPerson find(const AddressDigest& digest, const Logger& log) = 0;
    // A Known person's photo as an exactly edge × edge square. NoPhoto when they have none.
    virtual AvatarImage photo(const AvatarPerson& person, int edge, AvatarFormat format,
                              const EtagCondition& if_none_match, const Logger& log) = 0;
    // A drawn picture; `seed` chooses colours and patterns (not of the silhouette and blank, which
    // are the same for every seed), `text` the initials.
    virtual AvatarImage picture(AvatarPictureKind kind, const std::string& seed, const std::string& text, int edge,
                                AvatarFormat format, const Logger& log) = 0;
};

}  // namespace userphoto
