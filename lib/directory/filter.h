// RFC 4515 filter building from untrusted values, and syntax checks for configured filters.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace userphoto::directory {

inline constexpr size_t kMaxFilterValueLength = 256;

// Escapes with ldap_bv2escaped_filter_value: '*', '(', ')', '\', NUL and control bytes become
// "\XX". libldap also escapes every byte >= 0x80 (so UTF-8 "ü" becomes "\C3\BC"): RFC 4515
// allows either form and the server matches them the same way.
std::string escape_filter_value(std::string_view value);

// "(&<base>(<attribute>=<escaped value>))", or "(<attribute>=<escaped value>)" when base_filter is
// empty; nullopt when the value is empty, longer than kMaxFilterValueLength bytes (never
// truncated) or the attribute name is not a valid attribute description.
std::optional<std::string> equality_filter(std::string_view attribute, std::string_view value,
                                           std::string_view base_filter);

// RFC 4512 attributedescription: descr (ALPHA *(ALPHA / DIGIT / "-")) or numericoid, then any
// number of ";option" (option = 1*(ALPHA / DIGIT / "-")).
bool is_valid_attribute_name(std::string_view name);

// Full RFC 4515 syntax check of a parenthesised filter string (and RFC 4526 "(&)" / "(|)").
// On failure, *error (when given) says what is wrong and where.
bool is_valid_filter(std::string_view filter, std::string* error = nullptr);

// "(&<a><b>)"; either may be empty (then the other is returned as is). Both must be valid filters.
std::string and_filters(std::string_view a, std::string_view b);

}  // namespace userphoto::directory
