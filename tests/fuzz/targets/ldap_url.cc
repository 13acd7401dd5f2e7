// UserPhotoLDAPURL values (configuration text, but also what an admin may paste from anywhere).
#include <string>

#include "directory/filter.h"
#include "directory/ldap_url.h"
#include "fuzz/fuzz_targets.h"

namespace userphoto::fuzz {

void ldap_url(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string error;
    auto url = directory::parse_ldap_url(text, &error);
    if (!url) {
        check(!error.empty(), "a refused URL comes with a message");
        return;
    }
    check(!url->servers.empty(), "an accepted URL names a server");
    check(directory::is_valid_filter(url->filter), "an accepted URL's filter is valid");
    check(directory::is_valid_attribute_name(url->attribute), "an accepted URL's attribute is valid");
    check(url->uri_list().find("ldap") == 0, "the URI list starts with a scheme");
}

}  // namespace userphoto::fuzz
