#include "protocol/onoffice/handler.h"

#include <charconv>
#include <exception>

#include <nlohmann/json.hpp>

#include "protocol/etag_header.h"
#include "protocol/format_negotiation.h"
#include "protocol/onoffice/envelope.h"
#include "protocol/onoffice/hmac.h"
#include "protocol/onoffice/photo_link.h"
#include "protocol/onoffice/request_body.h"
#include "protocol/onoffice/userphoto_read.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::onoffice {
namespace {

using nlohmann::json;

HttpResponse json_response(std::string body) {
    HttpResponse r;
    r.status = 200;
    r.content_type = "application/json; charset=utf-8";
    r.add_header("Cache-Control", "no-store");
    r.body = std::move(body);
    return r;
}

HttpResponse plain(int status, const std::string& text) {
    HttpResponse r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = text + "\n";
    return r;
}

// Values the signatures cover, as text: strings as sent, integers in decimal, null/missing as "".
std::string text_of(const json& object, const char* key) {
    if (!object.contains(key)) return "";
    const json& v = object[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return v.dump();
    return "";
}

std::optional<int64_t> timestamp_of(const json& action) {
    if (!action.contains("timestamp")) return std::nullopt;
    const json& v = action["timestamp"];
    if (v.is_number_integer()) return v.get<int64_t>();
    if (!v.is_string()) return std::nullopt;
    return parse_integer<int64_t>(v.get<std::string>());
}

// 2 → v2; absent, null or 1 → v1 (the legacy scheme); 0 on anything else.
int hmac_version_of(const json& action) {
    if (!action.contains("hmac_version") || action["hmac_version"].is_null()) return 1;
    const std::string v = text_of(action, "hmac_version");
    return v == "2" ? 2 : v == "1" ? 1 : 0;
}

struct Context {
    const HttpRequest& request;
    PeopleDirectory& people;
    PhotoProvider& photos;
    const OnOfficeOptions& options;
    const Logger& log;
    std::string link_base;  // absolute URL of the location, no trailing slash
    ReadBudget budget;      // what the rest of the request may still return
};

bool is_empty_parameters(const json& parameters) {
    return parameters.is_null() || ((parameters.is_array() || parameters.is_object()) && parameters.empty());
}

// The text a v1 signature covers: the raw span of the parameters that will run. No span for
// non-empty parameters (or a span that does not read back as those very parameters): nullopt.
std::optional<std::string_view> signed_parameters(const json* parameters, std::optional<std::string_view> span) {
    if (!parameters) return std::string_view("[]");  // absent: what clients sign for "no parameters"
    if (!span) {
        if (is_empty_parameters(*parameters)) return std::string_view("[]");
        return std::nullopt;
    }
    // Belt and braces: the span must parse to exactly what runs (types included, so dump text).
    const JsonInput reread = parse_json(*span);
    const auto text = [](const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); };
    if (!reread.ok || text(reread.value) != text(*parameters)) return std::nullopt;
    return span;
}

ordered_json run_action(Context& ctx, const json& action, std::optional<std::string_view> raw_parameters,
                        const ApiUser& user, const std::string& token) {
    const ActionEcho echo = echo_of(action);
    auto fail = [&](const ApiError& e) { return error_result(echo, e); };
    if (!action.is_object() || !action.contains("actionid") || !action["actionid"].is_string())
        return fail(missing_attribute(code::kActionId, "actionid"));
    const std::string actionid = action["actionid"].get<std::string>();
    if (actionid.empty()) return fail(empty_action_id());
    if (!action.contains("resourcetype") || !action["resourcetype"].is_string())
        return fail(missing_attribute(code::kResourceType, "resourcetype"));
    const std::string resourcetype = action["resourcetype"].get<std::string>();

    // Timestamp and signature first: nothing looks into the parameters of an unauthenticated action.
    auto timestamp = timestamp_of(action);
    const int64_t now = static_cast<int64_t>(ctx.request.now);
    if (!timestamp || *timestamp < now - ctx.options.timestamp_window_s ||
        *timestamp > now + ctx.options.timestamp_window_s)
        return fail(stale_timestamp());

    const json* parameters = action.contains("parameters") ? &action["parameters"] : nullptr;
    const int version = hmac_version_of(action);
    const std::string sent = text_of(action, "hmac");
    if (version == 0 || sent.empty()) return fail(bad_hmac());
    const std::string ts = text_of(action, "timestamp");
    std::string expected;
    if (version == 2) {
        expected = hmac_v2(user.secret, ts, token, resourcetype, actionid);
    } else {
        const auto signed_text = signed_parameters(parameters, raw_parameters);
        if (!signed_text) {
            ctx.log.info("onOffice API: v1 signature: the parameters' text could not be identified");
            return fail(bad_hmac());
        }
        const std::string identifier = text_of(action, "identifier");
        const std::string resourceid = text_of(action, "resourceid");
        V1Fields f{*signed_text, token, actionid, identifier, resourceid, ts, resourcetype};
        expected = hmac_v1(user.secret, f);
    }
    if (!constant_time_equal(expected, sent)) return fail(bad_hmac());

    static const json kNoParameters = json::array();
    const json& params = parameters ? *parameters : kNoParameters;
    if (!params.is_object() && !(params.is_array() && params.empty()) && !params.is_null())
        return fail(missing_element(code::kParameters, "parameters"));
    if (actionid != kReadAction) return fail(unknown_action(actionid));
    if (!iequals(resourcetype, "userphoto")) return fail(unknown_resource(resourcetype));
    if (!user.can_read) return fail(no_read_right());

    const PeopleAttributes& attributes = ctx.people.attributes();
    static const json kNoId = "";
    ParsedRead parsed = parse_userphoto_read(params, action.contains("resourceid") ? action["resourceid"] : kNoId,
                                             default_field_map(attributes), attributes);
    if (parsed.error) return fail(*parsed.error);
    ReadOutcome outcome = run_userphoto_read(
        parsed.read, ctx.people, ctx.photos,
        [&](const PersonPhoto& person) {
            PhotoLink link{person.number, person.version, link_expiry(ctx.request.now, ctx.options.link_lifetime_s)};
            return ctx.link_base + "/" + link_path(link, ctx.options.link_secret);
        },
        ctx.budget, ctx.log);
    if (outcome.error) return fail(*outcome.error);
    return success_result(echo, std::move(outcome.data));
}

HttpResponse serve_api(const HttpRequest& request, const std::string& location, PeopleDirectory& people,
                       PhotoProvider& photos, const OnOfficeOptions& options, const Logger& log) {
    if (request.method != "POST") {
        HttpResponse r = plain(405, "the onOffice API takes POST requests");
        r.add_header("Allow", "POST");
        return r;
    }
    if (trim(request.body).empty()) return json_response(render_envelope_error(empty_request()));
    const RequestBody parsed = parse_request_body(request.body);
    if (parsed.json.too_deep) log.info("onOffice API: JSON nested deeper than the parser allows");
    const json& body = parsed.json.value;
    if (!parsed.json.ok || !body.is_object()) return json_response(render_envelope_error(bad_json()));

    // The actions, when readable, each get a result even when the envelope itself fails.
    const json* actions = nullptr;
    if (body.contains("request") && body["request"].is_object() && body["request"].contains("actions") &&
        body["request"]["actions"].is_array())
        actions = &body["request"]["actions"];
    auto envelope_error = [&](const ApiError& error) {
        std::vector<ordered_json> results;
        if (actions && actions->size() <= options.max_actions)
            for (const json& action : *actions) results.push_back(error_result(echo_of(action), error));
        return json_response(render_envelope_error(error, results));
    };
    if (!body.contains("token") || !body["token"].is_string() || body["token"].get<std::string>().empty())
        return envelope_error(missing_element(code::kToken, "token"));
    if (!body.contains("request") || !body["request"].is_object())
        return json_response(render_envelope_error(missing_element(code::kRequest, "request")));
    if (!actions || actions->size() > options.max_actions)
        return json_response(render_envelope_error(missing_element(code::kActions, "actions")));
    const std::string token = body["token"].get<std::string>();
    const ApiUser* user = nullptr;
    for (const ApiUser& candidate : options.users)
        if (constant_time_equal(candidate.token, token)) user = &candidate;
    if (!user) {
        log.info("onOffice API: unknown token");
        return envelope_error(not_authenticated());
    }

    Context ctx{request, people, photos, options, log, request.base_url + location,
                ReadBudget{options.max_records, options.max_response_bytes}};
    std::vector<ordered_json> results;
    for (size_t i = 0; i < actions->size(); ++i) {
        std::optional<std::string_view> raw_parameters = i < parsed.parameters.size() ? parsed.parameters[i] : std::nullopt;
        results.push_back(run_action(ctx, (*actions)[i], raw_parameters, *user, token));
    }
    return json_response(render_envelope(results));
}

HttpResponse serve_link(const HttpRequest& request, std::string_view tail, PeopleDirectory& people,
                        PhotoProvider& photos, const OnOfficeOptions& options, const Logger& log) {
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse r = plain(405, "photo links take GET requests");
        r.add_header("Allow", "GET, HEAD");
        return r;
    }
    auto link = verify_link(tail, options.link_secret);
    if (!link) return plain(403, "invalid photo link");
    const int64_t now = static_cast<int64_t>(request.now);
    if (link->expires < now) return plain(403, "this photo link has expired");
    const ImageFormat format = negotiate_format(request.header("Accept"), options.formats);
    PhotoQuery query = record_photo_query(people.attributes(), link->number, link->version, format);
    query.if_none_match = parse_if_none_match(request.header("If-None-Match"));
    PhotoResult photo = photos.get_photo(query, log);
    if (photo.status == PhotoStatus::Unavailable) {
        log.error("onOffice photo link: directory unavailable");
        return plain(503, "the directory is unavailable");
    }
    const bool current = photo.status == PhotoStatus::Ok || photo.status == PhotoStatus::NotModified;
    if (!current || photo.etag != link->version) return plain(404, "no such photo");
    HttpResponse r;
    if (options.formats.negotiates()) r.add_header("Vary", "Accept");
    r.add_header("ETag", quoted_etag(format_etag(photo.etag, format)));
    r.add_header("Cache-Control", "public, max-age=" + std::to_string(link->expires - now));
    if (photo.status == PhotoStatus::NotModified) {
        r.status = 304;
        return r;
    }
    r.status = 200;
    r.content_type = media_type(format);
    r.body = std::move(photo.jpeg);
    return r;
}

}  // namespace

HttpResponse body_too_large_response() { return json_response(render_envelope_error(body_too_large())); }

HttpResponse handle_onoffice(const HttpRequest& request, PeopleDirectory& people, PhotoProvider& photos,
                             const OnOfficeOptions& options, const Logger& log) noexcept {
    try {
        const std::string& path = request.path;
        // <location>/<version>/api.php: the location is what precedes the version segment.
        if (iends_with(path, "/api.php")) {
            std::string_view head(path.data(), path.size() - 8);
            size_t slash = head.rfind('/');
            if (slash != std::string_view::npos && slash + 1 < head.size())
                return serve_api(request, std::string(head.substr(0, slash)), people, photos, options, log);
        }
        size_t photo = path.rfind("/photo/");
        if (photo != std::string::npos)
            return serve_link(request, std::string_view(path).substr(photo + 7), people, photos, options, log);
        return plain(404, "not an onOffice API path: use <location>/<version>/api.php");
    } catch (const std::exception& e) {
        log.error(std::string("onOffice handler: internal error: ") + e.what());
    } catch (...) {
        log.error("onOffice handler: internal error");
    }
    HttpResponse r;
    r.status = 500;
    r.content_type = "text/plain";
    r.body = "internal error\n";
    return r;
}

}  // namespace userphoto::onoffice
