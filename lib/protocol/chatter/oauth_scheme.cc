#include "protocol/chatter/oauth_scheme.h"

#include "util/strings.h"

namespace userphoto::chatter {

std::optional<std::string> bearer_from_oauth_scheme(std::string_view authorization) {
    constexpr std::string_view kScheme = "OAuth ";
    if (!istarts_with(authorization, kScheme)) return std::nullopt;
    const std::string_view token = trim(authorization.substr(kScheme.size()));
    if (token.empty()) return std::nullopt;
    const size_t padding = token.find_last_not_of('=') + 1;  // token68 may end in '='
    for (size_t i = 0; i < token.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(token[i]);
        if (c <= 0x20 || c >= 0x7F || c == '"' || c == ',' || (c == '=' && i < padding)) return std::nullopt;
    }
    return "Bearer " + std::string(token);
}

}  // namespace userphoto::chatter
