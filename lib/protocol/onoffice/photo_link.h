// Photo links handed out for photosAsLinks: usable without the API token (as onOffice's are), yet
// neither guessable nor enumerable. Path: photo/<Nr>/<version>/<expiry>/<signature>.jpg, where the
// signature is the module's signed-link scheme (LinkSigner: HMAC-SHA256 under the link secret over
// Nr, version and expiry, base64url).
// The version is the photo's ETag: a new photo gives a new URL (clients may cache by URL).
#pragma once
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace userphoto::onoffice {

struct PhotoLink {
    int64_t number = 0;
    std::string version;
    int64_t expires = 0;  // Unix time
};

// Expiry for a link made at `now`: at least `lifetime_s` ahead, rounded up to a quarter of the
// lifetime so that the URL of an unchanged photo stays the same for a while (clients cache by URL).
int64_t link_expiry(std::time_t now, int64_t lifetime_s);

// "photo/17/1A2B3C4D/1760000000/<sig>.jpg" (relative to the handler's location).
std::string link_path(const PhotoLink& link, std::string_view secret);

// The part after "photo/": nullopt when malformed or the signature does not match (constant time).
// Expiry is not checked here.
std::optional<PhotoLink> verify_link(std::string_view tail, std::string_view secret);

}  // namespace userphoto::onoffice
