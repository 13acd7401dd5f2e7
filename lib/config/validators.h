// Checks of directive values that need no network, for the glue's setters: the glue reaches the
// directory's syntax rules through here, never by including lib/directory/ itself.
#pragma once
#include <string>
#include <string_view>

namespace userphoto::config {

// "" when `name` is an LDAP attribute name (RFC 4512 descriptor or numeric OID), else the message.
std::string attribute_name_problem(std::string_view name);

}  // namespace userphoto::config
