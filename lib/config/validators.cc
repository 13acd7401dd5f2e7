#include "config/validators.h"

#include "directory/filter.h"

namespace userphoto::config {

std::string attribute_name_problem(std::string_view name) {
    if (directory::is_valid_attribute_name(name)) return {};
    return "not an LDAP attribute name: " + std::string(name);
}

}  // namespace userphoto::config
