// Salesforce clients send their access token as `Authorization: OAuth <token>` (Salesforce's own
// examples); Apache's Bearer modules (mod_auth_openidc) read only `Bearer <token>`. The glue turns
// the one spelling into the other on Salesforce routes, before authentication.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace userphoto::chatter {

// "OAuth <token>" (scheme in any case) → "Bearer <token>". nullopt for anything else, among them
// OAuth 1.0's `OAuth realm="..", oauth_consumer_key=".."`: a token is one word without quotes,
// commas or '=' (other than trailing padding).
std::optional<std::string> bearer_from_oauth_scheme(std::string_view authorization);

}  // namespace userphoto::chatter
