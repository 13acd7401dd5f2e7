// Salesforce request text: route parsing of a path, the Photo Input JSON and query string, and the
// multipart Content-Type's boundary. The input is split at its first newline (path | rest).
#include <cctype>
#include <cstdlib>
#include <string>

#include "fuzz/protocol_targets.h"
#include "protocol/chatter/multipart.h"
#include "protocol/chatter/photo_input.h"
#include "protocol/chatter/routes.h"

using namespace userphoto::chatter;

USERPHOTO_FUZZ_TARGET(chatter_request) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t nl = input.find('\n');
    const std::string_view path = input.substr(0, nl);
    const std::string_view rest = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    if (auto route = parse_route(path)) {
        // Regression: a community id is a Salesforce id, never arbitrary text (it is echoed in URLs).
        for (char c : route->community)
            if (!std::isalnum(static_cast<unsigned char>(c))) abort();
        (void)photo_path(*route, route->user);
        (void)file_path(route->prefix, route->user, route->version, route->variant, true);
    }
    (void)parse_photo_input_json(rest);
    (void)parse_photo_input_query(rest);
    (void)parse_photo_input_query(path);
    (void)multipart_boundary(rest);
    return 0;
}
