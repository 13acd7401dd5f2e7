// Standard base64 (RFC 4648, with padding).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace userphoto {

std::string base64_encode(std::string_view bytes);
// Ignores ASCII whitespace (SOAP bodies wrap lines); nullopt on any other invalid input.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace userphoto
