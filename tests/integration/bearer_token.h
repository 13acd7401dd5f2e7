// Bearer tokens for the Salesforce Connect routes: HS256 JWTs as an authorisation server would
// issue them, signed with the key the test httpd's mod_auth_openidc trusts.
#pragma once
#include <string>

namespace itest {

extern const std::string kJwtKey;

// A JWT for `email` (sub and email claims), valid for `lifetime` seconds from now.
std::string jwt(const std::string& email, long lifetime = 3600, const std::string& key = kJwtKey);

// "Authorization: Bearer ..." for uid@example.test.
std::string bearer(const std::string& uid);

}  // namespace itest
