// The Salesforce Connect user-profile photo endpoint (SetHandler userphoto-chatter): routes,
// GET / POST / DELETE of the Photo, and the picture URLs it hands out.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "log.h"
#include "protocol/body_source.h"
#include "protocol/http_exchange.h"
#include "service/link_signer.h"
#include "service/photo_editor.h"
#include "service/photo_provider.h"
#include "util/image_format.h"

namespace userphoto::chatter {

// The request body, read on demand (only after routing and authorisation), chunk by chunk.
using BodySource = userphoto::BodySource;
using StringBodySource = userphoto::StringBodySource;

struct ChatterOptions {
    std::string id_attribute = "employeeNumber";   // holds the 005... user id
    uint64_t max_upload_bytes = 10 * 1024 * 1024;  // whole POST body (413 above)
    size_t max_json_bytes = 64 * 1024;             // a JSON body or json part
    std::vector<std::string> admin_users;          // REMOTE_USER names that may change anyone's photo
    int email_link_days = 30;
    FormatSet formats;                             // UserPhotoFormats: picture URLs negotiate by Accept
};

// Answers:
//   GET/HEAD Photo → 200 Photo; POST → 201 Photo; DELETE → 204 (not on the legacy route);
//   picture URLs → 200 image/jpeg, or image/webp / image/avif when configured and the Accept header
//   names them (then with Vary: Accept and an ETag per format; the default picture when there is no
//   photo stays JPEG), long-cacheable
//   when the URL's version is the current one; a signed public link of another version → 404;
//   pictures and Photos carry an ETag, and If-None-Match (RFC 9110) gives 304;
//   POST/DELETE without a Bearer token from another origin (Origin, Sec-Fetch-Site) → 403;
//   errors → a JSON array (see errors.h). No REMOTE_USER → 401 INVALID_SESSION_ID, except for
//   signed public picture links. Never throws.
HttpResponse handle_chatter(const HttpRequest& request, BodySource& body, PhotoProvider& photos,
                            PhotoEditor& editor, const LinkSigner& signer, const ChatterOptions& options,
                            const Logger& log) noexcept;

}  // namespace userphoto::chatter
