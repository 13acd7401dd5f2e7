#include "protocol/avatar/avatar_request.h"

#include <cctype>

#include "util/initials.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::avatar_protocol {
namespace {

// As Gravatar and Libravatar answer an <img> that asks for a size they do not have: a number over
// the range is the largest edge; 0, a sign, a fraction, an empty or non-numeric value the default.
int edge_of(std::string_view text) {
    const std::optional<uint64_t> value = parse_digits_saturating(text);
    if (!value || *value == 0) return kDefaultEdge;
    return *value > static_cast<uint64_t>(kMaxEdge) ? kMaxEdge : static_cast<int>(*value);
}

bool is_yes(std::string_view value) { return iequals(value, "y") || iequals(value, "yes") || value == "1" || iequals(value, "true"); }

}  // namespace

std::optional<DefaultChoice> parse_default(std::string_view value) {
    const std::string v = to_lower(value);
    if (v == "404") return DefaultChoice{DefaultKind::NotFound, {}};
    if (v == "mp" || v == "mm" || v == "mystery" || v == "mysteryman") return DefaultChoice{DefaultKind::Silhouette, {}};
    if (v == "blank") return DefaultChoice{DefaultKind::Blank, {}};
    if (v == "identicon" || v == "retro" || v == "robohash" || v == "monsterid" || v == "wavatar" || v == "pagan")
        return DefaultChoice{DefaultKind::Identicon, {}};
    if (v == "initials") return DefaultChoice{DefaultKind::Initials, {}};
    if (v == "color" || v == "colour") return DefaultChoice{DefaultKind::Color, {}};
    if (istarts_with(value, "http://") || istarts_with(value, "https://"))
        return DefaultChoice{DefaultKind::Url, std::string(value)};
    return std::nullopt;
}

std::string redirect_host(std::string_view url) {
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '\\') return {};
    size_t start;
    if (istarts_with(url, "https://")) start = 8;
    else if (istarts_with(url, "http://")) start = 7;
    else return {};
    const size_t end = url.find_first_of("/?#", start);
    std::string_view authority = url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (authority.find('@') != std::string_view::npos || authority.empty()) return {};
    if (authority.front() == '[') return {};  // IP literals are not host names anyone lists
    return to_lower(authority.substr(0, authority.find(':')));
}

ParseResult parse_avatar_request(std::string_view last_segment, std::string_view raw_query) {
    ParseResult result;
    AvatarRequest request;
    if (raw_query.size() > kMaxQueryBytes) {
        result.error = "query string longer than " + std::to_string(kMaxQueryBytes) + " bytes";
        return result;
    }
    std::string_view hash = last_segment;
    if (iends_with(hash, ".png")) {
        request.format = AvatarFormat::Png;
        request.format_named = true;
        hash.remove_suffix(4);
    } else if (iends_with(hash, ".jpg")) {
        request.format_named = true;
        hash.remove_suffix(4);
    } else if (iends_with(hash, ".jpeg")) {
        request.format_named = true;
        hash.remove_suffix(5);
    }
    if (!parse_hex_digest(hash, &request.digest)) {
        const size_t dot = hash.rfind('.');
        result.error = dot != std::string_view::npos && parse_hex_digest(hash.substr(0, dot), &request.digest)
                           ? "the only suffixes are .jpg, .jpeg and .png"
                           : "the hash must be 32 (MD5) or 64 (SHA-256) hexadecimal digits";
        return result;
    }
    request.hash_hex = to_lower(hash);
    // A repeated parameter: the last one counts, as on Gravatar and Libravatar.
    for (const auto& [name, value] : parse_query(raw_query)) {
        if (name == "s" || name == "size") {
            request.edge = edge_of(value);
        } else if (name == "d" || name == "default") {
            request.default_choice = parse_default(value);  // unknown: the configured default
        } else if (name == "f" || name == "forcedefault") {
            request.force_default = is_yes(value);
        } else if (name == "initials" || name == "name") {
            const std::string_view text = std::string_view(value).substr(0, kMaxNameBytes);
            // initials= is taken as given (letters and digits), name= as a name to take them from.
            request.initials = initials_of(text);
            if (name == "initials") {
                std::string letters;
                for (char c : text)
                    if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80 &&
                        letters.size() < 3)
                        letters += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                request.initials = letters;
            }
        }
        // r= / rating= and anything else: accepted and ignored.
    }
    result.request = std::move(request);
    return result;
}

}  // namespace userphoto::avatar_protocol
