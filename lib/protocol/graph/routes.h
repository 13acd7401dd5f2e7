// The Microsoft Graph photo routes, wherever the location is mounted (`prefix` is the path in front
// of the version):
//   <prefix>/{v1.0|beta}/{me | users/{id}}/photo               metadata of the largest size
//   <prefix>/{v1.0|beta}/{me | users/{id}}/photo/$value        its bytes
//   <prefix>/{v1.0|beta}/{me | users/{id}}/photos              the sizes there are
//   <prefix>/{v1.0|beta}/{me | users/{id}}/photos/{size}       metadata of one size
//   <prefix>/{v1.0|beta}/{me | users/{id}}/photos/{size}/$value
//   .../photo/{size}[/$value]                                  (synonym of photos/{size}[/$value])
// {size} is one of the nine sizes 48x48 .. 648x648 ('x' in either case); segment names match in any
// case, as Graph's do (/Me/Photo/$Value). users('{id}') is read as users/{id}.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace userphoto::graph {

// The nine square sizes, smallest first.
inline constexpr int kSizes[] = {48, 64, 96, 120, 240, 360, 432, 504, 648};
inline constexpr int kLargestSize = 648;

enum class Resource {
    Photo,   // photo or photos/{size}: one photo entity
    Photos,  // the collection
};

struct Route {
    std::string prefix;   // "" or "/graph"
    std::string version;  // "v1.0" or "beta"
    bool me = false;
    std::string user;     // /users/{user}, as written; empty for /me
    Resource resource = Resource::Photo;
    int size = 0;         // a named size, 0 for "the largest"
    bool value = false;   // .../$value: the bytes
};

struct ParsedRoute {
    std::optional<Route> route;
    std::string error;  // why not, for a 400 BadRequest
};

ParsedRoute parse_route(std::string_view path);

// "240x240" → 240; nullopt unless one of kSizes or a square under the smallest (the id `photos`
// lists for a photo smaller than 48 px).
std::optional<int> parse_size(std::string_view text);
std::string size_id(int edge);  // 240 → "240x240"
// "('a''b')" → "a'b", "(0f3c...)" → "0f3c..." (OData's key in parentheses); nullopt if malformed.
std::optional<std::string> odata_key(std::string_view parenthesised);

}  // namespace userphoto::graph
