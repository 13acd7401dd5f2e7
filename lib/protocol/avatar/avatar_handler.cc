#include "protocol/avatar/avatar_handler.h"

#include <algorithm>

#include "protocol/etag_header.h"
#include "protocol/format_negotiation.h"
#include "util/content_hash.h"
#include "util/strings.h"

namespace userphoto::avatar_protocol {
namespace {

// Bumped when the drawings change, so that cached drawn pictures are not reused across versions.
constexpr const char* kDrawingVersion = "1";

HttpResponse text(int status, std::string body, int max_age_s = -1) {
    HttpResponse response;
    response.status = status;
    response.content_type = "text/plain; charset=utf-8";
    response.body = std::move(body) + "\n";
    if (max_age_s >= 0) response.add_header("Cache-Control", "public, max-age=" + std::to_string(max_age_s));
    else response.add_header("Cache-Control", "no-store");
    return response;
}

const char* content_type(AvatarFormat format) {
    switch (format) {
        case AvatarFormat::Png: return "image/png";
        case AvatarFormat::Webp: return media_type(ImageFormat::Webp);
        case AvatarFormat::Avif: return media_type(ImageFormat::Avif);
        case AvatarFormat::Jpeg: break;
    }
    return "image/jpeg";
}

AvatarFormat avatar_format(ImageFormat format) {
    switch (format) {
        case ImageFormat::Webp: return AvatarFormat::Webp;
        case ImageFormat::Avif: return AvatarFormat::Avif;
        case ImageFormat::Jpeg: break;
    }
    return AvatarFormat::Jpeg;
}

// Takes the image: its bytes move into the answer rather than being copied once more.
HttpResponse picture_response(AvatarImage&& image, AvatarFormat format, const AvatarOptions& options) {
    HttpResponse response;
    response.add_header("Cache-Control", "public, max-age=" + std::to_string(options.max_age_s));
    response.add_header("ETag", quoted_etag(image.etag));
    if (image.status == AvatarImage::Status::NotModified) {
        response.status = 304;
        return response;
    }
    response.status = 200;
    response.content_type = content_type(format);
    response.body = std::move(image.bytes);
    return response;
}

bool allowed_host(const std::string& url, const AvatarOptions& options) {
    const std::string host = redirect_host(url);
    return !host.empty() && std::find(options.redirect_hosts.begin(), options.redirect_hosts.end(), host) !=
                                options.redirect_hosts.end();
}

AvatarPictureKind picture_kind(DefaultKind kind) {
    switch (kind) {
        case DefaultKind::Blank: return AvatarPictureKind::Blank;
        case DefaultKind::Identicon: return AvatarPictureKind::Identicon;
        case DefaultKind::Initials: return AvatarPictureKind::Initials;
        case DefaultKind::Color: return AvatarPictureKind::Color;
        default: return AvatarPictureKind::Silhouette;
    }
}

// The answer when there is no photo to give.
HttpResponse default_answer(const AvatarRequest& request, const AvatarPerson& person, const EtagCondition& condition,
                            AvatarProvider& provider, const AvatarOptions& options, const Logger& log) {
    DefaultChoice choice = request.default_choice.value_or(options.default_choice);
    if (choice.kind == DefaultKind::NotFound) return text(404, "no avatar for this hash", options.max_age_s);
    if (choice.kind == DefaultKind::Url) {
        if (allowed_host(choice.url, options)) {
            HttpResponse response;
            response.status = 302;
            response.add_header("Location", choice.url);
            response.add_header("Cache-Control", "public, max-age=" + std::to_string(options.max_age_s));
            return response;
        }
        choice.kind = DefaultKind::Silhouette;  // a host nobody allowed: as mp
    }
    std::string initials;
    if (choice.kind == DefaultKind::Initials) {
        initials = request.initials;
        if (initials.empty() && person.status == AvatarPerson::Status::Known) initials = person.initials;
        if (initials.empty()) choice.kind = DefaultKind::Silhouette;  // nothing to write: as mp
    }
    const AvatarPictureKind kind = picture_kind(choice.kind);
    // `blank` is transparent whatever the URL or Accept named: only the PNG keeps that.
    const AvatarFormat format = kind == AvatarPictureKind::Blank ? AvatarFormat::Png : request.format;
    // Drawn pictures depend only on these inputs: their tag is known before drawing.
    const std::string inputs = std::string(kDrawingVersion) + "|" + std::to_string(static_cast<int>(kind)) + "|" +
                               request.hash_hex + "|" + initials + "|" + std::to_string(request.edge) + "|" +
                               format_letter(format);
    AvatarImage image;
    image.etag = "d-" + etag_hex8(content_hash64(inputs)) + etag_hex8(content_hash64(inputs, 0x9e3779b97f4a7c15ULL));
    if (condition.matches(image.etag)) {
        image.status = AvatarImage::Status::NotModified;
    } else {
        const std::string etag = image.etag;
        image = provider.picture(kind, request.hash_hex, initials, request.edge, format, log);
        image.etag = etag;
        if (image.status != AvatarImage::Status::Ok) return text(500, "the picture could not be drawn");
    }
    return picture_response(std::move(image), format, options);
}

// The answer to a parsed request whose format is settled.
HttpResponse answer_avatar(const HttpRequest& request, const AvatarRequest& avatar, AvatarProvider& provider,
                           const AvatarOptions& options, const Logger& log) {
    const EtagCondition condition = parse_if_none_match(request.header("If-None-Match"));
    const bool kind_accepted =
        avatar.digest.kind == DigestKind::Md5 ? options.accept_md5 : options.accept_sha256;

    // A digest of a kind that is turned off is not looked up at all: it gets the default.
    AvatarPerson person;
    person.status = AvatarPerson::Status::Unknown;
    if (kind_accepted && !avatar.force_default) person = provider.find(avatar.digest, log);
    if (person.status == AvatarPerson::Status::NotReady) {
        HttpResponse response = text(503, "the avatar index is being built; try again shortly");
        response.add_header("Retry-After", std::to_string(options.retry_after_s));
        return response;
    }
    if (person.status == AvatarPerson::Status::Known) {
        AvatarImage photo = provider.photo(person, avatar.edge, avatar.format, condition, log);
        if (photo.status == AvatarImage::Status::Ok || photo.status == AvatarImage::Status::NotModified)
            return picture_response(std::move(photo), avatar.format, options);
        if (photo.status == AvatarImage::Status::Unavailable) {
            HttpResponse response = text(503, "the directory is unavailable; try again shortly");
            response.add_header("Retry-After", std::to_string(options.retry_after_s));
            return response;
        }
    }
    return default_answer(avatar, person, condition, provider, options, log);
}

}  // namespace

HttpResponse handle_avatar(const HttpRequest& request, AvatarProvider& provider, const AvatarOptions& options,
                           const Logger& log) {
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse response = text(405, "only GET and HEAD");
        response.add_header("Allow", "GET, HEAD");
        return response;
    }
    const size_t slash = request.path.rfind('/');
    const std::string segment = slash == std::string::npos ? request.path : request.path.substr(slash + 1);
    ParseResult parsed = parse_avatar_request(segment, request.query);
    if (!parsed.request) return text(400, parsed.error);
    AvatarRequest avatar = std::move(*parsed.request);
    // Without an extension naming the format, the photo (or drawn default) is in the best format
    // both sides know; every answer then varies by Accept.
    const bool negotiating = !avatar.format_named && options.formats.negotiates();
    if (negotiating) avatar.format = avatar_format(negotiate_format(request.header("Accept"), options.formats));
    HttpResponse response = answer_avatar(request, avatar, provider, options, log);
    if (negotiating) response.add_header("Vary", "Accept");
    return response;
}

}  // namespace userphoto::avatar_protocol
