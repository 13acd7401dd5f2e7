// The Salesforce Connect photo routes, wherever the location is mounted (`prefix` is the path in
// front of them), and the picture URLs this module hands out:
//   <prefix>/v<NN.N>/connect/user-profiles/{userId}/photo
//   <prefix>/v<NN.N>/connect/communities/{communityId}/user-profiles/{userId}/photo
//                                      ({communityId}: "internal" or a 0DB... id)
//   <prefix>/v<NN.N>/chatter/users/{userId}/photo                      (legacy)
//   <prefix>/userphoto-files/{userId}/{version}/{small|medium|large}.jpg   (authenticated)
//   <prefix>/userphoto-public/{userId}/{version}/{small|large}.jpg?expires=..&signature=..
//   <prefix>/userphoto-public/unauthenticated    (ErrorDocument 401 target: the JSON 401)
// {version} is the photoVersionId, or "default" for the default picture.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace userphoto::chatter {

enum class RouteKind { Photo, File, PublicFile, Unauthenticated };
enum class Variant { Small, Medium, Large };

struct Route {
    RouteKind kind = RouteKind::Photo;
    std::string prefix;       // "" or "/services/data"
    std::string api_version;  // "v50.0" (Photo routes)
    std::string community;    // community id, empty when none
    bool legacy = false;      // /chatter/users/...
    std::string user;         // "me" or the id as written (not yet validated)
    std::string version;      // File routes: photo version token
    Variant variant = Variant::Small;
};

std::optional<Route> parse_route(std::string_view path);

int variant_edge(Variant variant);        // 64, 160, 200
const char* variant_name(Variant variant);  // "small", "medium", "large"

// The path (no host) of this Photo resource for `user_id`, in the route's own form.
std::string photo_path(const Route& route, std::string_view user_id);
// The path of a picture URL; `public_link` selects the signed, unauthenticated form.
std::string file_path(std::string_view prefix, std::string_view user_id, std::string_view version, Variant variant,
                      bool public_link);
// What the link signature covers: the path below the prefix.
std::string signed_part(std::string_view user_id, std::string_view version, Variant variant);

}  // namespace userphoto::chatter
