// UserPhotoLDAPURL: RFC 4516 URL with mod_authnz_ldap's multi-host extension:
//   ldap://host1:port host2:port/base?attribute?scope?filter
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace userphoto::directory {

enum class Scope { Base, One, Sub };

struct LdapUrl {
    std::vector<std::string> servers;  // "ldap://host:port" / "ldaps://host:port", in failover order
    std::string base_dn;
    std::string attribute = "mail";    // e-mail attribute (first of the URL's attribute list)
    Scope scope = Scope::Sub;
    std::string filter = "(objectClass=*)";  // always parenthesised
    std::string uri_list() const;      // space-separated, for ldap_initialize
};

// nullopt and a clear message on a malformed URL.
std::optional<LdapUrl> parse_ldap_url(std::string_view text, std::string* error);

}  // namespace userphoto::directory
