#include "protocol/etag_header.h"

#include "util/strings.h"

namespace userphoto {

std::string etag_from_if_none_match(std::string_view header) {
    std::string_view value = trim(header);
    if (value.size() >= 2 && (value[0] == 'W' || value[0] == 'w') && value[1] == '/') value.remove_prefix(2);
    if (!value.empty() && value.front() == '"') {
        value.remove_prefix(1);
        value = value.substr(0, value.find('"'));  // the closing quote ends the first entry
    } else {
        value = trim(value.substr(0, value.find(',')));
    }
    if (value == "*") return {};
    return std::string(value);
}

std::string quoted_etag(std::string_view etag) { return "\"" + std::string(etag) + "\""; }

}  // namespace userphoto
