#include "protocol/ews/ews_rest_request.h"

#include <optional>
#include <utility>
#include <vector>

#include "protocol/ews/ews_email.h"
#include "protocol/ews/ews_sizes.h"
#include "util/strings.h"

namespace userphoto::ews {
namespace {

struct RawParameter {
    std::string_view name;  // still encoded
    std::string_view value;
};

std::vector<RawParameter> split_query(std::string_view query) {
    std::vector<RawParameter> out;
    out.reserve(4);  // email and size, as a rule
    while (!query.empty()) {
        std::size_t amp = query.find('&');
        std::string_view part = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (part.empty()) continue;
        std::size_t eq = part.find('=');
        if (eq == std::string_view::npos)
            out.push_back({part, {}});
        else
            out.push_back({part.substr(0, eq), part.substr(eq + 1)});
    }
    return out;
}

// Percent-decoding where '+' stays '+': form decoding would turn alice+tag@x into "alice tag@x".
std::string decode_keeping_plus(std::string_view raw) {
    if (raw.find_first_of("%+") == std::string_view::npos) return std::string(raw);  // nothing to decode
    std::string escaped;
    for (char c : raw) escaped += c == '+' ? std::string_view("%2B") : std::string_view(&c, 1);
    return url_decode(escaped);
}

// Whether a still-encoded parameter name is `wanted` (case-insensitive) once decoded.
bool name_is(std::string_view raw_name, std::string_view wanted) {
    if (raw_name.find_first_of("%+") == std::string_view::npos) return iequals(raw_name, wanted);
    return iequals(url_decode(raw_name), wanted);
}

// The raw value of `name` (case-insensitive), else of "amp;<name>"; nullopt when neither is there.
std::optional<std::string_view> find_parameter(const std::vector<RawParameter>& parameters, std::string_view name) {
    for (const RawParameter& p : parameters)
        if (name_is(p.name, name)) return p.value;
    const std::string typo = "amp;" + std::string(name);
    for (const RawParameter& p : parameters)
        if (name_is(p.name, typo)) return p.value;
    return std::nullopt;
}

RestParseResult error(RestQueryError why) {
    RestParseResult result;
    result.error = why;
    return result;
}

}  // namespace

RestParseResult parse_rest_photo_query(std::string_view raw_query) noexcept {
    try {
        const std::vector<RawParameter> parameters = split_query(raw_query);
        RestPhotoRequest request;

        if (std::optional<std::string_view> size = find_parameter(parameters, "size")) {
            request.size_code = std::string(trim(url_decode(*size)));
            std::optional<int> edge = edge_for_size_code(request.size_code, SizeCodeCase::Insensitive);
            if (!edge) return error(RestQueryError::InvalidSize);
            request.edge = *edge;
        }

        if (std::optional<std::string_view> email = find_parameter(parameters, "email")) {
            request.email = std::string(trim(decode_keeping_plus(*email)));
            if (!is_plausible_smtp_address(request.email)) return error(RestQueryError::InvalidEmail);
        } else {
            request.self = true;
        }

        RestParseResult result;
        result.ok = true;
        result.request = std::move(request);
        return result;
    } catch (...) {
        return error(RestQueryError::InvalidEmail);
    }
}

const char* describe(RestQueryError error) noexcept {
    switch (error) {
        case RestQueryError::None: return "";
        case RestQueryError::InvalidSize: return "The requested size is invalid.";
        case RestQueryError::InvalidEmail: return "The SMTP address format is invalid.";
    }
    return "";
}

}  // namespace userphoto::ews
