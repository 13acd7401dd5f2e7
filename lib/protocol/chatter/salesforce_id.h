// Salesforce-style record ids: 15 case-sensitive characters, or 18 with a 3-character suffix that
// encodes the case of the first 15 (so the 18-character form survives case-insensitive handling).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace userphoto::chatter {

// The 3-character case-checksum of a 15-character id.
std::string id_checksum(std::string_view id15);

// "005..." 15 → 18 characters; an 18-character id is returned as is.
std::string to_id18(std::string_view id15);

// A user id as the routes accept it: 15 or 18 alphanumeric characters, prefix "005", and for 18
// characters a suffix that matches the first 15. Returns the 15-character form, or nullopt.
std::optional<std::string> parse_user_id(std::string_view id);

// A community segment as the routes accept it: "internal" (the documented shortcut for the default
// community) or a 15/18-character alphanumeric "0DB" id.
bool is_community_id(std::string_view id);

// "729" + 12 base-62 characters of `fingerprint` + checksum: an 18-character ContentVersion-style
// id that changes whenever the fingerprint changes.
std::string photo_version_id(uint64_t fingerprint);

}  // namespace userphoto::chatter
