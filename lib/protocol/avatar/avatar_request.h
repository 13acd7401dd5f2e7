// Libravatar / Gravatar requests: `<location>/{hash}[.jpg|.jpeg|.png]?s=..&d=..&f=..` parsed into
// plain values. No I/O; every bad input is a ParseError with a message, never an exception.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/avatar_provider.h"
#include "util/hex_digest.h"

namespace userphoto::avatar_protocol {

inline constexpr int kDefaultEdge = 80;
inline constexpr int kMaxEdge = 2048;
inline constexpr size_t kMaxQueryBytes = 2048;
inline constexpr size_t kMaxNameBytes = 256;

enum class DefaultKind { NotFound, Silhouette, Blank, Identicon, Initials, Color, Url };

struct DefaultChoice {
    DefaultKind kind = DefaultKind::Silhouette;
    std::string url;  // kind Url: the absolute http(s) URL as given
};

struct AvatarRequest {
    AddressDigest digest;
    std::string hash_hex;  // lower case, as the seed of drawn pictures
    AvatarFormat format = AvatarFormat::Jpeg;
    bool format_named = false;  // the path ends in .png / .jpg / .jpeg: that format, no negotiation
    int edge = kDefaultEdge;
    std::optional<DefaultChoice> default_choice;  // nullopt: the configured default
    bool force_default = false;
    std::string initials;  // from initials= or name=
};

struct ParseResult {
    std::optional<AvatarRequest> request;
    std::string error;  // when !request: what was wrong (answered as 400)
};

// `last_segment` is the path after the location's last '/', `raw_query` the undecoded query.
ParseResult parse_avatar_request(std::string_view last_segment, std::string_view raw_query);

// `404`, `mp`/`mm`, `blank`, `identicon`, `initials`, `color`, the robot/monster styles (as
// identicon) or an absolute http(s) URL; nullopt for anything else.
std::optional<DefaultChoice> parse_default(std::string_view value);

// Host of an absolute http(s) URL, lower case; empty when it is not one or carries user info or
// control characters (never redirect to something ambiguous).
std::string redirect_host(std::string_view url);

}  // namespace userphoto::avatar_protocol
