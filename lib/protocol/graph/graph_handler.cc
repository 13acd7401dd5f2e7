#include "protocol/graph/graph_handler.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <exception>
#include <optional>

#include "protocol/etag_header.h"
#include "protocol/graph/errors.h"
#include "protocol/graph/photo_json.h"
#include "protocol/graph/routes.h"
#include "protocol/write_access.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::graph {
namespace {

struct Context {
    const HttpRequest& request;
    BodySource& body;
    PhotoProvider& photos;
    PhotoEditor& editor;
    const GraphOptions& options;
    const Logger& log;
    RequestIds ids;
};

// The directory queries a route's user may stand for, tried in order until one finds a person:
// /me; a GUID (the object id); a name with '@' (userPrincipalName, then the addresses).
struct Target {
    std::vector<PhotoQuery> candidates;
    std::string shown;  // for messages and the @odata.context key when the person has no id
};

std::optional<Target> target_for(const Context& c, const Route& route) {
    Target target;
    if (route.me) {
        PhotoQuery me;
        me.kind = IdentityKind::RemoteUser;
        me.value = c.request.remote_user;
        target.candidates.push_back(me);
        target.shown = c.request.remote_user;
        return target;
    }
    target.shown = route.user;
    if (auto guid = parse_guid(route.user)) {
        PhotoQuery by_id;
        by_id.kind = IdentityKind::Attribute;
        by_id.attribute = c.options.id_attribute;
        by_id.value = guid_directory_value(*guid, c.options.id_encoding);
        by_id.case_exact = true;  // AD's objectGUID is binary: caches must key it byte for byte
        target.candidates.push_back(by_id);
        target.shown = guid_text(*guid);
        return target;
    }
    if (route.user.find('@') == std::string::npos) return std::nullopt;
    PhotoQuery by_upn;
    by_upn.kind = IdentityKind::Attribute;
    by_upn.attribute = c.options.upn_attribute;
    by_upn.value = route.user;
    PhotoQuery by_address;
    by_address.kind = IdentityKind::Email;
    by_address.value = route.user;
    target.candidates = {by_upn, by_address};
    return target;
}

std::string hex8(uint32_t value) {
    char text[9];
    std::snprintf(text, sizeof text, "%08X", value);
    return text;
}

HttpResponse with_ids(HttpResponse response, const RequestIds& ids) {
    add_id_headers(response, ids);
    return response;
}

// Failures that end the request (lookup or read); nullopt for Ok / NotModified.
std::optional<HttpResponse> failure(const Context& c, PhotoStatus status, const Target& target) {
    switch (status) {
        case PhotoStatus::Ok:
        case PhotoStatus::NotModified: return std::nullopt;
        case PhotoStatus::NoPhoto: return image_not_found(c.ids);
        case PhotoStatus::NoSuchPerson: return user_not_found(target.shown, c.ids);
        case PhotoStatus::InvalidIdentity: return malformed_id(target.shown, c.ids);
        case PhotoStatus::Unavailable: return unavailable(c.ids);
    }
    return internal_error(c.ids);
}

// The person (dn, id, photo fingerprint and largest edge), from the first candidate that matches.
PersonPhotoInfo lookup(const Context& c, const Target& target) {
    PersonPhotoInfo info;
    for (const PhotoQuery& query : target.candidates) {
        info = c.editor.lookup(query, c.log);
        if (info.status != PhotoStatus::NoSuchPerson) break;
    }
    return info;
}

// ---- reads -----------------------------------------------------------------------------------

HttpResponse serve_value(const Context& c, const Route& route, const Target& target) {
    const EtagCondition if_none_match = parse_if_none_match(c.request.header("If-None-Match"));
    PhotoResult result;
    for (PhotoQuery query : target.candidates) {
        // Under the smallest size, as the metadata says: the smallest, or a smaller photo's own edge.
        query.edge = route.size ? std::max(route.size, kSizes[0]) : kLargestSize;
        query.if_none_match = if_none_match;
        result = c.photos.get_photo(query, c.log);
        if (result.status != PhotoStatus::NoSuchPerson) break;
    }
    if (auto failed = failure(c, result.status, target)) return *failed;
    HttpResponse response;
    response.add_header("ETag", quoted_etag(result.etag));
    // A drawn picture (UserPhotoFallback) for an hour at most: the person may upload a photo soon.
    response.add_header("Cache-Control", result.drawn ? "private, max-age=3600" : "private");
    if (result.status == PhotoStatus::NotModified) {
        response.status = 304;
    } else {
        response.content_type = "image/jpeg";
        response.body = std::move(result.jpeg);
    }
    return with_ids(std::move(response), c.ids);
}

HttpResponse serve_metadata(const Context& c, const Route& route, const Target& target) {
    PersonPhotoInfo info = lookup(c, target);
    if (auto failed = failure(c, info.status, target)) return *failed;
    PhotoMetadata meta;
    meta.service_root = c.request.base_url + route.prefix + "/" + route.version;
    meta.user_key = info.profile_id.empty() ? target.shown : display_id(info.profile_id);
    meta.etag = hex8(info.fingerprint);
    HttpResponse response;
    response.content_type = kJsonType;
    response.add_header("Cache-Control", "private");
    if (route.resource == Resource::Photos)
        response.body = render_photos(meta, available_sizes(info.largest_edge));
    else
        response.body = render_photo(meta, served_size(route.size, info.largest_edge), route.size ? "photos" : "photo");
    return with_ids(std::move(response), c.ids);
}

// ---- writes ----------------------------------------------------------------------------------

// If-Match against the current photo: "*" needs one; a tag must be its ETag.
bool if_match_holds(const Context& c, const PersonPhotoInfo& info) {
    const std::string header(trim(c.request.header("If-Match")));
    if (header.empty()) return true;
    if (info.status != PhotoStatus::Ok) return false;
    return parse_if_match(header).matches(hex8(info.fingerprint));  // `*` or a list of strong tags
}

HttpResponse write_failure(const Context& c, const WriteResult& result, const Target& target) {
    switch (result.status) {
        case WriteStatus::Ok: break;
        case WriteStatus::NotAnImage:
            return upload_failed("The body is not a JPEG, PNG or GIF image (" + result.message + ").", c.ids);
        case WriteStatus::ImageTooLarge:
            return upload_failed("The image has too many pixels (" + result.message + ").", c.ids);
        case WriteStatus::BadCrop: return upload_failed(result.message, c.ids);
        case WriteStatus::NoSuchPerson: return user_not_found(target.shown, c.ids);
        case WriteStatus::Refused: return upload_failed("The directory refused the photo.", c.ids);
        case WriteStatus::Unavailable: return unavailable(c.ids);
    }
    return internal_error(c.ids);
}

HttpResponse change_photo(const Context& c, const Route& route, const Target& target) {
    PersonPhotoInfo info = lookup(c, target);
    if (info.status != PhotoStatus::NoPhoto)
        if (auto failed = failure(c, info.status, target)) return *failed;
    switch (check_write_access(c.request.remote_user, route.me, info.dn, c.options.admin_users, c.editor, c.log)) {
        case WriteAccess::Allowed: break;
        case WriteAccess::Denied: return access_denied(c.ids);
        case WriteAccess::Unavailable: return unavailable(c.ids);
    }
    if (!if_match_holds(c, info)) return precondition_failed(c.ids);

    HttpResponse response;
    if (c.request.method == "DELETE") {
        WriteResult removed = c.editor.remove(info.dn, c.log);
        if (removed.status != WriteStatus::Ok) return write_failure(c, removed, target);
        response.status = 204;
        return with_ids(std::move(response), c.ids);
    }
    // The body is read only now, after the caller was found allowed, and never past the cap.
    const std::string declared = c.request.header("Content-Length");
    if (!declared.empty()) {
        const std::optional<uint64_t> length = parse_content_length(declared);
        if (!length) return bad_request("Invalid Content-Length.", c.ids);
        if (*length > c.options.max_upload_bytes) return too_large(c.options.max_upload_bytes, c.ids);
    }
    std::string picture;
    switch (read_capped(c.body, c.options.max_upload_bytes, picture)) {
        case BodyRead::Ok: break;
        case BodyRead::TooLarge: return too_large(c.options.max_upload_bytes, c.ids);
        case BodyRead::Failed: return bad_request("The request body could not be read.", c.ids);
    }
    if (picture.empty()) return upload_failed("The request body is empty; send the image.", c.ids);
    WriteResult written = c.editor.upload(info.dn, picture, std::nullopt, c.log);
    if (written.status != WriteStatus::Ok) return write_failure(c, written, target);
    response.status = 200;
    return with_ids(std::move(response), c.ids);
}

HttpResponse dispatch(const Context& c) {
    if (c.request.remote_user.empty()) return unauthenticated(c.ids);
    ParsedRoute parsed = parse_route(c.request.path);
    if (!parsed.route) return bad_request(parsed.error, c.ids);
    const Route& route = *parsed.route;

    // Writes: PUT/PATCH photo/$value; DELETE photo or photo/$value (the form Microsoft documents);
    // everything else is read-only.
    const bool photo_itself = route.resource == Resource::Photo && route.size == 0;
    const char* allow = "GET, HEAD";
    if (photo_itself) allow = route.value ? "GET, HEAD, PUT, PATCH, DELETE" : "GET, HEAD, DELETE";
    const std::string& method = c.request.method;
    const bool read = method == "GET" || method == "HEAD";
    const bool write =
        photo_itself && (method == "DELETE" || (route.value && (method == "PUT" || method == "PATCH")));
    if (!read && !write) return method_not_allowed(allow, c.ids);

    auto target = target_for(c, route);
    if (!target) return malformed_id(route.user, c.ids);
    if (write) return change_photo(c, route, *target);
    if (route.value) return serve_value(c, route, *target);
    return serve_metadata(c, route, *target);
}

}  // namespace

HttpResponse handle_graph(const HttpRequest& request, BodySource& body, PhotoProvider& photos, PhotoEditor& editor,
                          const GraphOptions& options, const Logger& log) noexcept {
    RequestIds ids;
    try {
        ids = request_ids(request);
        Context c{request, body, photos, editor, options, log, ids};
        return dispatch(c);
    } catch (const std::exception& e) {
        log.error(std::string("graph request failed: ") + e.what());
    } catch (...) {
        log.error("graph request failed");
    }
    try {
        return internal_error(ids);
    } catch (...) {
        HttpResponse response;
        response.status = 500;
        return response;
    }
}

}  // namespace userphoto::graph
