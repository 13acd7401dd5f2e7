// Bearer tokens for the integration tests: HS256 JWTs as an authorisation server would issue them,
// signed with the key the test httpd's mod_auth_openidc checks (REMOTE_USER = the email claim).
#pragma once
#include <string>

namespace itest {

inline const std::string kJwtKey = "userphoto-integration-test-hs256-key-0123456789";

std::string jwt(const std::string& email, long lifetime = 3600, const std::string& key = kJwtKey);

// "Authorization: Bearer <jwt of uid@example.test>"
std::string bearer(const std::string& uid);

}  // namespace itest
