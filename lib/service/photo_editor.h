// What the protocols that change photos ask of the core (Salesforce Connect today): who is this
// person and which photo version do they have, store an uploaded picture, remove the photo.
// The codecs depend on this interface only; PhotoWriter is the real implementation.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "log.h"
#include "service/photo_provider.h"

namespace userphoto {

struct PersonPhotoInfo {
    // Ok: the person has a usable photo (fingerprint set); NoPhoto; NoSuchPerson (also ambiguous);
    // InvalidIdentity; Unavailable.
    PhotoStatus status = PhotoStatus::NoSuchPerson;
    std::string dn;
    std::string profile_id;    // value of the profile-id attribute (e.g. employeeNumber)
    uint32_t fingerprint = 0;  // the photo's ETag value: the same number EWS shows
    int largest_edge = 0;      // square edge of the largest usable stored photo (no upscaling above it)
};

struct PhotoCrop {
    int x = 0;
    int y = 0;
    int size = 0;
};

enum class WriteStatus {
    Ok,
    NotAnImage,     // not a JPEG, PNG or GIF, or undecodable
    ImageTooLarge,  // over the byte or pixel limit
    BadCrop,        // the crop square does not lie inside the picture
    NoSuchPerson,   // the entry vanished
    Refused,        // the directory refused the values (schema, size)
    Unavailable,    // the directory cannot be reached, or the bind DN may not write
};

struct WriteResult {
    WriteStatus status = WriteStatus::Unavailable;
    std::string message;  // for the client when the caller is at fault, else for the log
};

class PhotoEditor {
public:
    virtual ~PhotoEditor() = default;
    // `who` as for get_photo (edge and if_none_match unused).
    virtual PersonPhotoInfo lookup(const PhotoQuery& who, const Logger& log) = 0;
    // Renders the picture (cropped or default square) and replaces the stored photo of `dn` in one
    // directory modify. On any failure the directory is unchanged.
    virtual WriteResult upload(const std::string& dn, std::string_view picture, const std::optional<PhotoCrop>& crop,
                               const Logger& log) = 0;
    // Removes every photo attribute of `dn` in one modify.
    virtual WriteResult remove(const std::string& dn, const Logger& log) = 0;
    // The default picture (JPEG) at `edge`, for people without a photo.
    virtual std::string default_photo(int edge) = 0;
};

}  // namespace userphoto
