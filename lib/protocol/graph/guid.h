// Graph object ids: GUID strings ("a5a5f5e2-0d4c-4c71-9f2b-6b8b2a4f3e10", any case) and the
// directory values they stand for: OpenLDAP's entryUUID is the text itself; Active Directory's
// objectGUID is 16 bytes in Microsoft's order (the first three groups little-endian).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace userphoto::graph {

using Guid = std::array<uint8_t, 16>;  // in the order the text is written

enum class GuidEncoding {
    Text,       // entryUUID and other string attributes: the lowercase text
    Microsoft,  // objectGUID: 16 bytes, first three groups byte-swapped
};

// 8-4-4-4-12 hex digits (either case) with hyphens; nullopt for anything else.
std::optional<Guid> parse_guid(std::string_view text) noexcept;

// The canonical lowercase text of a GUID.
std::string guid_text(const Guid& guid);

// The directory value that an attribute of `encoding` holds for `guid`.
std::string guid_directory_value(const Guid& guid, GuidEncoding encoding);

// How a stored id value is shown: 16 bytes (objectGUID) as a GUID in Microsoft's order, GUID text
// in lowercase, anything else as it is.
std::string display_id(std::string_view stored);

}  // namespace userphoto::graph
