// The EWS endpoint: SOAP GetUserPhoto (POST) and REST <endpoint>/s/GetUserPhoto (GET/HEAD),
// turned into one PhotoProvider call and back into Exchange-shaped answers.
#pragma once
#include <cstddef>

#include "log.h"
#include "protocol/http_exchange.h"
#include "service/photo_provider.h"

namespace userphoto::ews {

struct EwsOptions {
    // Not found on SOAP: 404 as Exchange does (default), or 500 as the Microsoft page describes.
    bool not_found_status_500 = false;
    // Largest SOAP body parsed; the glue enforces its own read cap (413) before this.
    std::size_t max_body = 64 * 1024;
    // UserPhotoEWSAllowAnonymous: serve requests without an authenticated user. Off, they get 401
    // (any photo to anyone, and an oracle for which addresses exist, otherwise).
    bool allow_anonymous = false;
};

// No authenticated user and allow_anonymous off: 401 before anything is parsed (SOAP: the
// ErrorAccessDenied fault; REST: text/plain), so that the glue can add the location's challenge.
// Routing: path ending (case-insensitively) in "/s/GetUserPhoto" → REST for GET/HEAD, else 405
// (Allow: GET, HEAD); any other path → SOAP for POST, else 405 (Allow: POST).
//
// SOAP (always Content-Type "text/xml; charset=utf-8"):
//   Ok → 200 photo; NotModified → 200 HasChanged=false (never 304), both with ETag + Expires +3 d;
//   NoPhoto / NoSuchPerson / TypeRequested=ProfileHeaderPhoto → 404 (or 500, see options),
//   Expires +1 d; InvalidIdentity → 500 ErrorInvalidSmtpAddress; Unavailable → 500
//   ErrorInternalServerError; request errors → 500 with the parser's fault.
// REST:
//   Ok → 200 image/jpeg + ETag + Expires +3 d; NotModified → 304 + ETag + Expires, no body;
//   NoPhoto / NoSuchPerson → 404, Expires +1 d, no body; bad size or email / InvalidIdentity →
//   400 text/plain; Unavailable → 503 text/plain (a real outage: retrying is right);
//   no email and no authenticated user (anonymous allowed) → 404 and a warning.
// Photo answers carry "Cache-Control: private" (they are behind authentication). A drawn picture
// (PhotoResult::drawn, UserPhotoFallback) expires after 1 h instead of 3 d ("private, max-age=3600").
// Never throws: anything unexpected becomes a 500.
HttpResponse handle_ews(const HttpRequest& request, PhotoProvider& provider, const EwsOptions& options,
                        const Logger& log) noexcept;

}  // namespace userphoto::ews
