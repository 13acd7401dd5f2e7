// RFC 4515 filter building from untrusted values.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace userphoto::directory {

inline constexpr size_t kMaxFilterValueLength = 256;

// Escapes with ldap_bv2escaped_filter_value.
std::string escape_filter_value(std::string_view value);

// "(&<base>(<attribute>=<escaped value>))"; nullopt when the value is empty, longer than
// kMaxFilterValueLength or the attribute name is not a valid attribute description.
std::optional<std::string> equality_filter(std::string_view attribute, std::string_view value,
                                           std::string_view base_filter);

bool is_valid_attribute_name(std::string_view name);

}  // namespace userphoto::directory
