#include "protocol/graph/routes.h"

#include <charconv>
#include <vector>

#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::graph {
namespace {

// Segment names in error messages are cut, so a hostile path cannot make a huge answer.
std::string shown(std::string_view segment) { return std::string(segment.substr(0, 64)); }

ParsedRoute fail(std::string message) {
    ParsedRoute out;
    out.error = std::move(message);
    return out;
}

}  // namespace

std::optional<int> parse_size(std::string_view text) {
    const size_t x = text.find_first_of("xX");
    if (x == std::string_view::npos || text.substr(0, x) != text.substr(x + 1)) return std::nullopt;
    const std::optional<int> edge = parse_integer<int>(text.substr(0, x));
    if (!edge || text[0] == '0') return std::nullopt;
    // Below the smallest size: the id `photos` lists for a photo smaller than that (its own edge).
    if (*edge >= 1 && *edge < kSizes[0]) return *edge;
    for (int size : kSizes)
        if (size == *edge) return *edge;
    return std::nullopt;
}

// OData's key syntax, `('{key}')` or `({key})`, which Graph documents for names that begin with
// '$' (users('$adele@contoso.com')); in a quoted key '' stands for one quote.
std::optional<std::string> odata_key(std::string_view parenthesised) {
    if (parenthesised.size() < 3 || parenthesised.front() != '(' || parenthesised.back() != ')') return std::nullopt;
    std::string_view key = parenthesised.substr(1, parenthesised.size() - 2);
    if (key.find('\'') == std::string_view::npos) return std::string(key);
    if (key.size() < 3 || key.front() != '\'' || key.back() != '\'') return std::nullopt;
    key = key.substr(1, key.size() - 2);
    std::string out;
    for (size_t j = 0; j < key.size(); ++j) {
        out += key[j];
        if (key[j] != '\'') continue;
        if (j + 1 >= key.size() || key[j + 1] != '\'') return std::nullopt;  // a lone quote
        ++j;
    }
    return out;
}

std::string size_id(int edge) { return std::to_string(edge) + "x" + std::to_string(edge); }

ParsedRoute parse_route(std::string_view path) {
    // Segments, at most a few beyond the version: a long path is refused, not walked.
    std::vector<std::string_view> segments;
    size_t version_at = std::string_view::npos;
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) slash = path.size();
        std::string_view segment = path.substr(start, slash - start);
        if (version_at == std::string_view::npos) {
            if (segment == "v1.0" || segment == "beta") version_at = start;
        } else if (!segment.empty()) {
            if (segments.size() >= 6) return fail("The path has too many segments");
            segments.push_back(segment);
        }
        start = slash + 1;
    }
    if (version_at == std::string_view::npos) return fail("Invalid version: the path names neither v1.0 nor beta");

    Route route;
    route.prefix = std::string(path.substr(0, version_at > 0 ? version_at - 1 : 0));
    const size_t version_end = path.find('/', version_at);
    route.version = std::string(path.substr(version_at, version_end == std::string_view::npos ? std::string_view::npos
                                                                                               : version_end - version_at));
    size_t i = 0;
    if (segments.empty()) return fail("Resource not found for the segment '" + route.version + "'.");
    if (iequals(segments[i], "me")) {
        route.me = true;
        ++i;
    } else if (iequals(segments[i], "users")) {
        if (segments.size() < 2) return fail("Resource not found for the segment 'users'.");
        route.user = std::string(segments[1]);
        i += 2;
    } else if (istarts_with(segments[i], "users(")) {
        auto key = odata_key(segments[i].substr(5));
        if (!key) return fail("Malformed key in the segment '" + shown(segments[i]) + "'.");
        route.user = std::move(*key);
        ++i;
    } else {
        return fail("Resource not found for the segment '" + shown(segments[i]) + "'.");
    }
    if (i >= segments.size()) return fail("Only the photo and photos of a user are served here.");

    const std::string_view kind = segments[i++];
    if (iequals(kind, "photos")) {
        route.resource = Resource::Photos;
    } else if (!iequals(kind, "photo")) {
        return fail("Resource not found for the segment '" + shown(kind) + "'.");
    }
    // photos/{size} is one entity; photo/{size} is accepted as its synonym.
    if (i < segments.size() && !iequals(segments[i], "$value")) {
        auto size = parse_size(segments[i]);
        if (!size) return fail("Invalid photo size '" + shown(segments[i]) + "'; sizes are 48x48 .. 648x648.");
        route.size = *size;
        route.resource = Resource::Photo;
        ++i;
    }
    if (i < segments.size() && iequals(segments[i], "$value")) {
        if (route.resource == Resource::Photos)
            return fail("$value is not defined on a collection; name a size: photos/{size}/$value.");
        route.value = true;
        ++i;
    }
    if (i < segments.size()) return fail("Resource not found for the segment '" + shown(segments[i]) + "'.");
    return ParsedRoute{route, {}};
}

}  // namespace userphoto::graph
