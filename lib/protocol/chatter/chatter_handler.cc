#include "protocol/chatter/chatter_handler.h"

#include <algorithm>
#include <cstring>
#include <exception>

#include "protocol/chatter/errors.h"
#include "protocol/chatter/multipart.h"
#include "protocol/chatter/photo_input.h"
#include "protocol/chatter/photo_json.h"
#include "protocol/chatter/routes.h"
#include "protocol/chatter/salesforce_id.h"
#include "protocol/etag_header.h"
#include "protocol/format_negotiation.h"
#include "util/content_hash.h"
#include "protocol/write_access.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::chatter {

namespace {

constexpr const char* kImmutable = "private, max-age=31536000, immutable";

struct Context {
    const HttpRequest& request;
    BodySource& body;
    PhotoProvider& photos;
    PhotoEditor& editor;
    const LinkSigner& signer;
    const ChatterOptions& options;
    const Logger& log;
};

// Who a route's {userId} names, as a directory query; nullopt when the id is malformed.
struct Target {
    PhotoQuery query;
    std::string id15;  // empty for "me"
};

std::optional<Target> target_for(const Context& c, const std::string& user) {
    Target target;
    if (user == "me") {
        target.query.kind = IdentityKind::RemoteUser;
        target.query.value = c.request.remote_user;
        return target;
    }
    auto id15 = parse_user_id(user);
    if (!id15) return std::nullopt;
    target.id15 = *id15;
    target.query.kind = IdentityKind::Attribute;
    target.query.attribute = c.options.id_attribute;
    target.query.value = *id15;
    target.query.case_exact = true;  // 15-character ids differ by case alone: caches must keep it
    return target;
}

// Directories hold either id form: try the 15-character one, then the 18-character one.
PersonPhotoInfo lookup(const Context& c, Target& target) {
    PersonPhotoInfo info = c.editor.lookup(target.query, c.log);
    if (info.status == PhotoStatus::NoSuchPerson && !target.id15.empty()) {
        target.query.value = to_id18(target.id15);
        info = c.editor.lookup(target.query, c.log);
        if (info.status == PhotoStatus::NoSuchPerson) target.query.value = target.id15;
    }
    return info;
}

PhotoResult fetch(const Context& c, Target& target, int edge) {
    target.query.edge = edge;
    PhotoResult result = c.photos.get_photo(target.query, c.log);
    if (result.status == PhotoStatus::NoSuchPerson && !target.id15.empty()) {
        target.query.value = to_id18(target.id15);
        result = c.photos.get_photo(target.query, c.log);
    }
    return result;
}

// Lookup failures that end the request; nullopt when the person was found.
std::optional<HttpResponse> lookup_failure(PhotoStatus status, const std::string& user) {
    switch (status) {
        case PhotoStatus::Ok:
        case PhotoStatus::NoPhoto:
        case PhotoStatus::NotModified: return std::nullopt;
        case PhotoStatus::NoSuchPerson: return not_found();
        case PhotoStatus::InvalidIdentity: return invalid_id(user);
        case PhotoStatus::Unavailable: return unavailable();
    }
    return internal_error();
}

std::string display_id(const PersonPhotoInfo& info, const Target& target) {
    if (auto id15 = parse_user_id(info.profile_id)) return to_id18(*id15);
    if (!target.id15.empty()) return to_id18(target.id15);
    return "me";
}

std::optional<std::string> version_of(const PersonPhotoInfo& info) {
    if (info.status != PhotoStatus::Ok) return std::nullopt;
    return photo_version_id(info.fingerprint);
}

HttpResponse photo_response(const Context& c, const Route& route, const PersonPhotoInfo& info, const Target& target,
                            int status) {
    PhotoDescription photo;
    photo.base_url = c.request.base_url;
    photo.user_id = display_id(info, target);
    photo.version_id = version_of(info);
    photo.email_links_expire = email_link_expiry(c.request.now, c.options.email_link_days);
    HttpResponse response;
    response.status = status;
    response.content_type = kJsonType;
    response.body = render_photo(route, photo, c.signer);
    response.add_header("Cache-Control", "private, no-cache");
    return response;
}

// ---- pictures ------------------------------------------------------------------------------

std::string query_value(const HttpRequest& request, const std::string& name) {
    for (auto& [key, value] : parse_query(request.query))
        if (key == name) return value;
    return std::string();
}

// `expires` of a signed link: plain decimal digits, no sign, no leading zero, no spaces or
// trailing text, so that one link has exactly one URL.
std::optional<std::time_t> parse_expires(std::string_view text) {
    if (text.empty() || text.size() > 12 || text[0] == '0') return std::nullopt;
    const std::optional<uint64_t> value = parse_integer<uint64_t>(text);
    if (!value) return std::nullopt;
    return static_cast<std::time_t>(*value);
}

// The ETag of the default picture: no photo fingerprint is ever this word.
constexpr const char* kDefaultTag = "default";

HttpResponse serve_picture(const Context& c, const Route& route) {
    std::optional<std::time_t> expires;
    if (route.kind == RouteKind::PublicFile) {
        expires = parse_expires(query_value(c.request, "expires"));
        if (!expires || !c.signer.verify(signed_part(route.user, route.version, route.variant), *expires,
                                         query_value(c.request, "signature"), c.request.now))
            return insufficient_access("The photo link is invalid or has expired");
    } else if (c.request.remote_user.empty()) {
        return invalid_session();
    }
    if (route.kind == RouteKind::PublicFile && route.user == "me") return not_found();
    auto target = target_for(c, route.user);
    if (!target) return invalid_id(route.user);
    const int edge = variant_edge(route.variant);
    const EtagCondition condition = parse_if_none_match(c.request.header("If-None-Match"));
    target->query.if_none_match = condition;
    target->query.format = negotiate_format(c.request.header("Accept"), c.options.formats);
    PhotoResult result = fetch(c, *target, edge);
    if (auto failed = lookup_failure(result.status, route.user)) return *failed;

    const bool has_photo = result.status == PhotoStatus::Ok || result.status == PhotoStatus::NotModified;
    const std::string current =
        has_photo ? photo_version_id(parse_integer<uint32_t>(result.etag, 16).value_or(0)) : kDefaultTag;
    // A signed link names one version of the photo: once that is deleted or replaced, the link is
    // dead (404), as a removed file's link is in Salesforce, rather than a way to the new picture.
    if (route.kind == RouteKind::PublicFile && route.version != current) return not_found();

    HttpResponse response;
    if (c.options.formats.negotiates()) response.add_header("Vary", "Accept");
    if (route.version == current) {
        // The URL names this very version: it never changes.
        if (route.kind == RouteKind::PublicFile) {
            const long long left = std::max<long long>(0, *expires - c.request.now);
            response.add_header("Cache-Control", "public, max-age=" + std::to_string(left) + ", immutable");
        } else {
            response.add_header("Cache-Control", kImmutable);
        }
    } else {
        // An older version's URL (authenticated): the current picture, but nothing may keep it.
        response.add_header("Cache-Control", "private, no-cache");
    }
    const std::string etag = has_photo ? format_etag(result.etag, target->query.format) : kDefaultTag;
    response.add_header("ETag", quoted_etag(etag));
    if (result.status == PhotoStatus::NotModified || condition.matches(etag)) {
        response.status = 304;
        return response;
    }
    response.content_type = has_photo ? media_type(target->query.format) : "image/jpeg";
    response.body = has_photo ? std::move(result.jpeg) : c.editor.default_photo(edge);
    return response;
}

// ---- writes --------------------------------------------------------------------------------

// The caller may change the photo of `target_dn`: their own, or anyone's as an admin user.
std::optional<HttpResponse> authorize_write(const Context& c, const Target& target, const std::string& target_dn) {
    switch (check_write_access(c.request.remote_user, target.query.kind == IdentityKind::RemoteUser, target_dn,
                               c.options.admin_users, c.editor, c.log)) {
        case WriteAccess::Allowed: return std::nullopt;
        case WriteAccess::Unavailable: return unavailable();
        case WriteAccess::Denied: break;
    }
    return insufficient_access("You may change only your own photo");
}

struct Upload {
    std::optional<std::string> picture;
    std::optional<PhotoInput> input;  // the json part or JSON body
};

std::optional<HttpResponse> read_multipart(const Context& c, const std::string& boundary, Upload& upload) {
    MultipartLimits limits;
    limits.max_total = c.options.max_upload_bytes;
    limits.max_text_part = c.options.max_json_bytes;
    MultipartParser parser(boundary, limits);
    char buffer[16384];
    for (;;) {
        const long n = c.body.read(buffer, sizeof buffer);
        if (n < 0) return invalid_multipart("The request body could not be read");
        if (n == 0) break;
        if (!parser.feed(std::string_view(buffer, static_cast<size_t>(n)))) break;
    }
    if (parser.error() == MultipartError::None) parser.finish();
    if (parser.error() == MultipartError::TooLarge) return request_too_large(parser.message());
    if (parser.error() != MultipartError::None) return invalid_multipart(parser.message());

    int text_parts = 0;
    for (const FormPart& part : parser.parts()) text_parts += part.is_binary() ? 0 : 1;
    if (text_parts > 1) return invalid_multipart("Cannot include more than one non-binary part");
    for (const FormPart& part : parser.parts()) {
        if (part.is_binary()) {
            if (part.name != "fileUpload") return invalid_multipart("Unexpected file part '" + part.name + "'");
            if (upload.picture) return invalid_multipart("Cannot include more than one fileUpload part");
            upload.picture = part.body;
        } else {
            if (part.name != "json") return invalid_multipart("Unexpected part '" + part.name + "'");
            ParsedInput parsed = parse_photo_input_json(part.body);
            if (parsed.error == InputError::Json) return json_parser_error(parsed.message);
            if (parsed.error == InputError::Invalid) return invalid_input(parsed.message);
            upload.input = parsed.input;
        }
    }
    return std::nullopt;
}

std::optional<HttpResponse> read_json_body(const Context& c, Upload& upload) {
    std::string text;
    char buffer[8192];
    for (;;) {
        const long n = c.body.read(buffer, sizeof buffer);
        if (n < 0) return invalid_input("The request body could not be read");
        if (n == 0) break;
        if (text.size() + static_cast<size_t>(n) > c.options.max_json_bytes)
            return request_too_large("The JSON body is larger than allowed");
        text.append(buffer, static_cast<size_t>(n));
    }
    if (trim(text).empty()) return std::nullopt;
    ParsedInput parsed = parse_photo_input_json(text);
    if (parsed.error == InputError::Json) return json_parser_error(parsed.message);
    if (parsed.error == InputError::Invalid) return invalid_input(parsed.message);
    upload.input = parsed.input;
    return std::nullopt;
}

HttpResponse write_failure(const WriteResult& result) {
    switch (result.status) {
        case WriteStatus::Ok: break;
        case WriteStatus::NotAnImage: return invalid_input("The uploaded file is not a JPEG, PNG or GIF image (" + result.message + ")");
        case WriteStatus::ImageTooLarge: return request_too_large("The uploaded image is too large (" + result.message + ")");
        case WriteStatus::BadCrop: return invalid_input("Invalid crop: " + result.message);
        case WriteStatus::NoSuchPerson: return not_found();
        case WriteStatus::Refused: return invalid_input("The directory refused the photo");
        case WriteStatus::Unavailable: return unavailable();
    }
    return internal_error();
}

HttpResponse post_photo(const Context& c, const Route& route, Target& target, const PersonPhotoInfo& info) {
    const std::string declared = c.request.header("Content-Length");
    if (!declared.empty()) {
        const std::optional<uint64_t> length = parse_content_length(declared);
        if (!length) return invalid_multipart("Invalid Content-Length");
        if (*length > c.options.max_upload_bytes)
            return request_too_large("The upload is larger than " + std::to_string(c.options.max_upload_bytes) + " bytes");
    }
    const std::string content_type = c.request.header("Content-Type");
    Upload upload;
    const std::string media = to_lower(trim(std::string_view(content_type).substr(0, content_type.find(';'))));
    if (media == "multipart/form-data") {
        auto boundary = multipart_boundary(content_type);
        if (!boundary) return invalid_multipart("The multipart Content-Type has no valid boundary");
        if (auto failed = read_multipart(c, *boundary, upload)) return *failed;
    } else if (media.starts_with("multipart/")) {
        return invalid_multipart("Only multipart/form-data is accepted");
    } else {
        if (auto failed = read_json_body(c, upload)) return *failed;
    }
    // Query parameters count only when there is no Photo Input in the body.
    if (!upload.input) {
        ParsedInput parsed = parse_photo_input_query(c.request.query);
        if (parsed.error != InputError::None) return invalid_input(parsed.message);
        upload.input = parsed.input;
    }
    if (upload.input->file_id || upload.input->version_number) {
        return invalid_input(
            "fileId and versionNumber are not supported: this server keeps no files; upload the picture as the "
            "fileUpload part of a multipart/form-data request");
    }
    if (!upload.picture) return invalid_multipart("The request has no fileUpload part with the picture");
    if (upload.picture->empty()) return invalid_input("The uploaded file is empty");

    WriteResult written = c.editor.upload(info.dn, *upload.picture, upload.input->crop, c.log);
    if (written.status != WriteStatus::Ok) return write_failure(written);
    PersonPhotoInfo fresh = lookup(c, target);
    if (auto failed = lookup_failure(fresh.status, route.user)) return *failed;
    return photo_response(c, route, fresh, target, 201);
}

// A Photo answer's validator: a fingerprint of the JSON itself (its URLs change with the photo
// and with the daily expiry of the e-mail links). A matching If-None-Match turns it into a 304.
HttpResponse conditional(const Context& c, HttpResponse response) {
    const std::string etag = etag_hex8(content_hash64(response.body));
    response.add_header("ETag", quoted_etag(etag));
    if (parse_if_none_match(c.request.header("If-None-Match")).matches(etag)) {
        response.status = 304;
        response.content_type.clear();
        response.body.clear();
    }
    return response;
}

// The Origin's host[:port] is the one the browser addressed (Host). The scheme is left out: behind a
// TLS-terminating proxy this server sees http while the page's origin is https. "null" never matches.
bool same_origin(std::string_view origin, const HttpRequest& request) {
    const size_t scheme = origin.find("://");
    if (scheme == std::string_view::npos) return false;
    const std::string_view authority = origin.substr(scheme + 3);
    if (authority.empty() || authority.find('/') != std::string_view::npos) return false;
    const std::string host_header = request.header("Host");
    std::string_view host = trim(host_header);
    const std::string_view base = request.base_url;
    if (host.empty() && base.find("://") != std::string_view::npos) host = base.substr(base.find("://") + 3);
    return !host.empty() && iequals(authority, host);
}

// Browsers add cookies and cached Basic credentials to cross-site requests by themselves, never a
// Bearer token. A write without one must therefore come from this server's own origin.
std::optional<HttpResponse> refuse_cross_site(const Context& c) {
    const std::string authorization(trim(c.request.header("Authorization")));
    if (istarts_with(authorization, "Bearer ") || istarts_with(authorization, "OAuth ")) return std::nullopt;
    if (iequals(trim(c.request.header("Sec-Fetch-Site")), "cross-site"))
        return insufficient_access("Cross-site requests may not change photos");
    if (c.request.has_header("Origin") && !same_origin(trim(c.request.header("Origin")), c.request))
        return insufficient_access("Requests from another origin may not change photos");
    return std::nullopt;
}

HttpResponse serve_photo(const Context& c, const Route& route) {
    if (c.request.remote_user.empty()) return invalid_session();
    const std::string& method = c.request.method;
    const char* allow = route.legacy ? "GET, HEAD, POST" : "GET, HEAD, POST, DELETE";
    const bool known = method == "GET" || method == "HEAD" || method == "POST" || (method == "DELETE" && !route.legacy);
    if (!known) return method_not_allowed(allow);
    if (method == "POST" || method == "DELETE")
        if (auto refused = refuse_cross_site(c)) return *refused;

    auto target = target_for(c, route.user);
    if (!target) return invalid_id(route.user);
    PersonPhotoInfo info = lookup(c, *target);
    if (auto failed = lookup_failure(info.status, route.user)) return *failed;
    if (method == "GET" || method == "HEAD") return conditional(c, photo_response(c, route, info, *target, 200));

    if (auto denied = authorize_write(c, *target, info.dn)) return *denied;
    if (method == "POST") return post_photo(c, route, *target, info);
    WriteResult removed = c.editor.remove(info.dn, c.log);
    if (removed.status != WriteStatus::Ok) return write_failure(removed);
    HttpResponse response;
    response.status = 204;
    return response;
}

}  // namespace

HttpResponse handle_chatter(const HttpRequest& request, BodySource& body, PhotoProvider& photos,
                            PhotoEditor& editor, const LinkSigner& signer, const ChatterOptions& options,
                            const Logger& log) noexcept {
    try {
        Context c{request, body, photos, editor, signer, options, log};
        auto route = parse_route(request.path);
        if (!route) return not_found();
        switch (route->kind) {
            case RouteKind::Unauthenticated: return invalid_session();
            case RouteKind::File:
            case RouteKind::PublicFile:
                if (request.method != "GET" && request.method != "HEAD") return method_not_allowed("GET, HEAD");
                return serve_picture(c, *route);
            case RouteKind::Photo: return serve_photo(c, *route);
        }
        return not_found();
    } catch (const std::exception& e) {
        log.error(std::string("chatter request failed: ") + e.what());
    } catch (...) {
        log.error("chatter request failed");
    }
    try {
        return internal_error();
    } catch (...) {
        HttpResponse response;
        response.status = 500;
        return response;
    }
}

}  // namespace userphoto::chatter
