// The user names that Windows-integrated authentication puts in REMOTE_USER, and the Active
// Directory attributes they name: "user@REALM" (Kerberos, mod_auth_gssapi) is a
// userPrincipalName (or, when the UPN suffix differs from the realm, the sAMAccountName "user"),
// "DOMAIN\user" (NTLM style) is the sAMAccountName "user".
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace userphoto {

struct LoginMatch {
    std::string attribute;
    std::string value;
};

// The lookups to try, in order, after the configured remote-user attribute found nobody; empty
// when the name has neither form (a realm is recognised by having no lower-case letters).
std::vector<LoginMatch> windows_login_matches(std::string_view remote_user);

}  // namespace userphoto
