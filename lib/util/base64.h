// Standard base64 (RFC 4648, with padding), and its URL-safe form for signatures in URLs.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace userphoto {

std::string base64_encode(std::string_view bytes);
// base64url (RFC 4648 section 5) without padding: signatures in URLs.
std::string base64url_encode(std::string_view bytes);
// Ignores ASCII whitespace (SOAP bodies wrap lines); nullopt on any other invalid input.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace userphoto
