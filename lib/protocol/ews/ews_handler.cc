#include "protocol/ews/ews_handler.h"

#include <ctime>
#include <string>

#include "protocol/etag_header.h"
#include "protocol/ews/ews_rest_request.h"
#include "protocol/ews/ews_soap_request.h"
#include "protocol/ews/ews_soap_response.h"
#include "util/http_date.h"
#include "util/strings.h"

namespace userphoto::ews {
namespace {

constexpr std::time_t kPhotoLifetime = 3 * 24 * 3600;     // Expires on a photo (Exchange: 3 days)
constexpr std::time_t kNotFoundLifetime = 1 * 24 * 3600;  // Expires on "no photo"
constexpr std::time_t kDrawnLifetime = 3600;  // a drawn picture (UserPhotoFallback): a photo may come soon
constexpr const char* kRestPathSuffix = "/s/GetUserPhoto";

std::time_t now_of(const HttpRequest& request) { return request.now ? request.now : std::time(nullptr); }

void add_cache_headers(HttpResponse& response, const HttpRequest& request, std::time_t lifetime,
                       const std::string& etag) {
    if (!etag.empty()) response.add_header("ETag", quoted_etag(etag));
    response.add_header("Expires", http_date(now_of(request) + lifetime));
    response.add_header("Cache-Control", "private");
}

// A photo's headers; a drawn picture's say the same with a shorter life, max-age included.
void add_photo_headers(HttpResponse& response, const HttpRequest& request, const PhotoResult& result) {
    if (!result.drawn) return add_cache_headers(response, request, kPhotoLifetime, result.etag);
    response.add_header("ETag", quoted_etag(result.etag));
    response.add_header("Expires", http_date(now_of(request) + kDrawnLifetime));
    response.add_header("Cache-Control", "private, max-age=" + std::to_string(kDrawnLifetime));
}

HttpResponse plain_text(int status, std::string text) {
    HttpResponse response;
    response.status = status;
    response.content_type = "text/plain; charset=utf-8";
    response.body = std::move(text) + "\n";
    return response;
}

HttpResponse method_not_allowed(const char* allow) {
    HttpResponse response = plain_text(405, "Method not allowed.");
    response.add_header("Allow", allow);
    return response;
}

// ---- SOAP ------------------------------------------------------------------------------------

HttpResponse soap(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.content_type = kSoapContentType;
    response.body = std::move(body);
    return response;
}

HttpResponse soap_fault(FaultCode code) {
    Fault fault;
    fault.code = code;
    return soap(500, render_fault(fault));
}

HttpResponse soap_access_denied() {
    Fault fault;
    fault.code = FaultCode::AccessDenied;
    return soap(401, render_fault(fault));
}

HttpResponse soap_not_found(const HttpRequest& request, const EwsOptions& options) {
    HttpResponse response = soap(options.not_found_status_500 ? 500 : 404, render_not_found());
    add_cache_headers(response, request, kNotFoundLifetime, {});
    return response;
}

HttpResponse handle_soap(const HttpRequest& request, PhotoProvider& provider, const EwsOptions& options,
                         const Logger& log) {
    SoapParseResult parsed = parse_get_user_photo(request.body, options.max_body);
    if (!parsed.ok) {
        log.info(std::string("EWS GetUserPhoto refused: ") + response_code(parsed.fault.code) +
                 (parsed.fault.violation.empty() ? "" : " (" + parsed.fault.violation + ")"));
        return soap(500, render_fault(parsed.fault));
    }
    if (parsed.request.type_requested == "ProfileHeaderPhoto") return soap_not_found(request, options);

    PhotoQuery query;
    query.kind = IdentityKind::Email;
    query.value = parsed.request.email;
    query.edge = parsed.request.edge;
    query.if_none_match = parse_if_none_match(request.header("If-None-Match"));
    PhotoResult result = provider.get_photo(query, log);

    switch (result.status) {
        case PhotoStatus::Ok:
            if (result.jpeg.empty()) {
                log.error("photo provider answered Ok without a picture; answering not found");
                return soap_not_found(request, options);
            } else {
                HttpResponse response = soap(200, render_photo(result.jpeg));
                add_photo_headers(response, request, result);
                return response;
            }
        case PhotoStatus::NotModified: {
            HttpResponse response = soap(200, render_unchanged());  // never 304 on SOAP
            add_photo_headers(response, request, result);
            return response;
        }
        case PhotoStatus::NoPhoto:
        case PhotoStatus::NoSuchPerson:
            return soap_not_found(request, options);
        case PhotoStatus::InvalidIdentity:
            return soap_fault(FaultCode::InvalidSmtpAddress);
        case PhotoStatus::Unavailable:
            return soap_fault(FaultCode::InternalServerError);
    }
    return soap_fault(FaultCode::InternalServerError);
}

// ---- REST ------------------------------------------------------------------------------------

HttpResponse rest_not_found(const HttpRequest& request) {
    HttpResponse response;
    response.status = 404;
    add_cache_headers(response, request, kNotFoundLifetime, {});
    return response;
}

HttpResponse handle_rest(const HttpRequest& request, PhotoProvider& provider, const Logger& log) {
    RestParseResult parsed = parse_rest_photo_query(request.query);
    if (!parsed.ok) return plain_text(400, describe(parsed.error));

    PhotoQuery query;
    if (parsed.request.self) {
        if (request.remote_user.empty()) {
            // Anonymous (UserPhotoEWSAllowAnonymous) has no "me".
            log.warn("EWS REST GetUserPhoto without email and without an authenticated user: "
                     "configure authentication for the EWS location");
            return rest_not_found(request);
        }
        query.kind = IdentityKind::RemoteUser;
        query.value = request.remote_user;
    } else {
        query.kind = IdentityKind::Email;
        query.value = parsed.request.email;
    }
    query.edge = parsed.request.edge;
    query.if_none_match = parse_if_none_match(request.header("If-None-Match"));
    PhotoResult result = provider.get_photo(query, log);

    HttpResponse response;
    switch (result.status) {
        case PhotoStatus::Ok:
            if (result.jpeg.empty()) {
                log.error("photo provider answered Ok without a picture; answering not found");
                return rest_not_found(request);
            }
            response.status = 200;
            response.content_type = "image/jpeg";
            response.body = std::move(result.jpeg);
            add_photo_headers(response, request, result);
            return response;
        case PhotoStatus::NotModified:
            response.status = 304;
            add_photo_headers(response, request, result);
            return response;
        case PhotoStatus::NoPhoto:
        case PhotoStatus::NoSuchPerson:
            return rest_not_found(request);
        case PhotoStatus::InvalidIdentity:
            return plain_text(400, describe(RestQueryError::InvalidEmail));
        case PhotoStatus::Unavailable:
            return plain_text(503, "The server cannot service this request right now. Try again later.");
    }
    return plain_text(500, "An internal server error occurred.");
}

}  // namespace

HttpResponse handle_ews(const HttpRequest& request, PhotoProvider& provider, const EwsOptions& options,
                        const Logger& log) noexcept {
    const bool rest = iends_with(request.path, kRestPathSuffix);
    try {
        if (request.remote_user.empty() && !options.allow_anonymous) {
            log.debug("EWS GetUserPhoto without an authenticated user refused (401); configure authentication "
                      "for the location, or UserPhotoEWSAllowAnonymous on");
            return rest ? plain_text(401, response_message(FaultCode::AccessDenied)) : soap_access_denied();
        }
        if (rest) {
            if (request.method != "GET" && request.method != "HEAD") return method_not_allowed("GET, HEAD");
            return handle_rest(request, provider, log);
        }
        if (request.method != "POST") return method_not_allowed("POST");
        return handle_soap(request, provider, options, log);
    } catch (const std::exception& e) {
        log.error(std::string("EWS GetUserPhoto failed: ") + e.what());
    } catch (...) {
        log.error("EWS GetUserPhoto failed with an unknown exception");
    }
    try {
        return rest ? plain_text(500, "An internal server error occurred.") : soap_fault(FaultCode::InternalServerError);
    } catch (...) {
        HttpResponse bare;
        bare.status = 500;
        return bare;
    }
}

}  // namespace userphoto::ews
