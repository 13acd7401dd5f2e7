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
    // "ldap://host:port" / "ldaps://host:port" / "ldapi://%2Fpath", in failover order.
    std::vector<std::string> servers;
    std::string base_dn;               // percent-decoded, syntax-checked
    std::string attribute = "mail";    // e-mail attribute (first of the URL's attribute list)
    Scope scope = Scope::Sub;
    std::string filter = "(objectClass=*)";  // percent-decoded, always parenthesised, syntax-checked
    // Non-critical RFC 4516 extensions we do not implement; RFC 4516 says to ignore them, the
    // glue may warn about them. Critical ones ("!name") make the URL invalid.
    std::vector<std::string> ignored_extensions;

    std::string uri_list() const;      // space-separated, for ldap_initialize
};

// nullopt and a clear message on a malformed URL. Accepts surrounding white space, several hosts
// separated by white space (each optionally with its own "ldap://" / "ldaps://" prefix), IPv6
// literals in brackets, and default ports (389 for ldap, 636 for ldaps).
std::optional<LdapUrl> parse_ldap_url(std::string_view text, std::string* error);

const char* scope_name(Scope scope);  // "base" / "one" / "sub"

}  // namespace userphoto::directory
