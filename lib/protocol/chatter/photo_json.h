// The Photo resource: seven properties, picture URLs versioned by photoVersionId (or "default"),
// the two e-mail URLs signed and expiring.
#pragma once
#include <ctime>
#include <optional>
#include <string>

#include "protocol/chatter/routes.h"
#include "service/link_signer.h"

namespace userphoto::chatter {

struct PhotoDescription {
    std::string base_url;                   // "https://host" for absolute picture URLs
    std::string user_id;                    // 18-character id (or "me" when the person has none)
    std::optional<std::string> version_id;  // nullopt: the default picture
    std::time_t email_links_expire = 0;
};

// The Photo JSON for `route` (its prefix, version and form).
std::string render_photo(const Route& route, const PhotoDescription& photo, const LinkSigner& signer);

// When e-mail links made at `now` expire: `days` after the end of the current UTC day, so links
// stay the same for a whole day (cacheable Photo answers).
std::time_t email_link_expiry(std::time_t now, int days);

// "<path>?expires=<t>&signature=<sig>" for a public picture.
std::string signed_file_url(const std::string& prefix, const std::string& user_id, const std::string& version,
                            Variant variant, std::time_t expires, const LinkSigner& signer);

}  // namespace userphoto::chatter
