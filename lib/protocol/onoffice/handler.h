// The onOffice endpoint: POST <location>/<version>/api.php (the enterprise API, resource
// "userphoto", action "read") and GET <location>/photo/... (the signed photo links it hands out).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "log.h"
#include "protocol/http_exchange.h"
#include "service/people_lists.h"
#include "service/photo_provider.h"
#include "util/image_format.h"

namespace userphoto::onoffice {

struct ApiUser {
    std::string token;
    std::string secret;
    bool can_read = true;  // the "read user data" right; without it every userphoto action is 170
};

struct OnOfficeOptions {
    std::vector<ApiUser> users;
    std::string link_secret;           // must not be empty (the glue supplies a random one)
    long long link_lifetime_s = 86400;
    long long timestamp_window_s = 120;
    std::size_t max_actions = 100;     // more actions in one request: error 15
    // What one request may return over all its actions; beyond it an action fails with 413.
    std::size_t max_records = 1000;
    std::size_t max_response_bytes = 32u << 20;
    FormatSet formats;  // what photo links may answer in, by Accept (UserPhotoFormats)
};

inline constexpr const char* kReadAction = "urn:onoffice-de-ns:smart:2.5:smartml:action:read";

// API: always 200 application/json with one result per action (errors in the vendor's envelope);
// any method but POST → 405. Links: 200 with the photo (JPEG, or WebP / AVIF by Accept when
// options.formats offers them, then with Vary: Accept), an ETag per format and Cache-Control up to
// the expiry, 304 on If-None-Match, 403 for a forged or expired link, 404 when the photo is gone or
// changed, 503 when the directory is unavailable. Other paths: 404. Never throws.
// `people` gives the lists; every photo (base64 or behind a link) comes from `photos`.
HttpResponse handle_onoffice(const HttpRequest& request, PeopleDirectory& people, PhotoProvider& photos,
                             const OnOfficeOptions& options, const Logger& log) noexcept;

// The API's answer to a request body over the server's cap (the glue stops reading it): the
// envelope with errorcode 413, HTTP 200 like every API answer, so clients read it as an API error.
HttpResponse body_too_large_response();

}  // namespace userphoto::onoffice
