// The avatar route: parse the request, ask the AvatarProvider, choose the answer (photo, drawn
// default, 404, redirect, 304, 503 while the index is being built) and render the HTTP response.
#pragma once
#include <string>
#include <vector>

#include "protocol/avatar/avatar_request.h"
#include "protocol/http_exchange.h"
#include "service/avatar_provider.h"
#include "util/image_format.h"

namespace userphoto::avatar_protocol {

struct AvatarOptions {
    bool accept_md5 = true;     // UserPhotoAvatarHashes
    bool accept_sha256 = true;
    DefaultChoice default_choice;                 // UserPhotoAvatarDefault (never Url)
    std::vector<std::string> redirect_hosts;      // UserPhotoAvatarRedirectHosts, lower case
    int max_age_s = 3600;                         // UserPhotoAvatarMaxAge
    int retry_after_s = 5;                        // while the index is being built
    FormatSet formats;                            // UserPhotoFormats: offered by Accept when no extension names one
};

HttpResponse handle_avatar(const HttpRequest& request, AvatarProvider& provider, const AvatarOptions& options,
                           const Logger& log);

}  // namespace userphoto::avatar_protocol
