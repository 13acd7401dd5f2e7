// Reading the query of the EWS REST photo call:
//   GET <ews-endpoint>/s/GetUserPhoto?email=<address>&size=<code>
#pragma once
#include <string>
#include <string_view>

namespace userphoto::ews {

// Without a size parameter we serve 96 px, the size of a directory thumbnail.
inline constexpr int kRestDefaultEdge = 96;

enum class RestQueryError {
    None,
    InvalidSize,   // size present but not a known code (also: present and empty) → 400
    InvalidEmail,  // email present but empty or not an SMTP address → 400
};

struct RestPhotoRequest {
    bool self = false;      // no email parameter: the authenticated caller's own photo
    std::string email;      // when !self
    std::string size_code;  // as sent; empty when absent
    int edge = kRestDefaultEdge;
};

struct RestParseResult {
    bool ok = false;
    RestPhotoRequest request;  // when ok
    RestQueryError error = RestQueryError::None;
};

// Parameter names are matched case-insensitively, the size code too; unknown parameters are
// ignored; "amp;size" / "amp;email" (a documented typo) count when the proper name is absent; the
// first occurrence of a name wins. A '+' in the email stays a '+' (addresses have no spaces).
// Never throws.
RestParseResult parse_rest_photo_query(std::string_view raw_query) noexcept;

// The text of the 400 answer for an error ("The requested size is invalid.", ...).
const char* describe(RestQueryError error) noexcept;

}  // namespace userphoto::ews
