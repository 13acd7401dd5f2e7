// Decimal integers in text: the one parser every part uses (directive values, JSON strings, URL
// fields, LDAP attributes, HTTP headers). The whole text is the number: no spaces, no '+', no
// trailing characters; a '-' only for signed types; nullopt on overflow. Base 16 reads ETags.
#pragma once
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace userphoto {

template <typename T>
std::optional<T> parse_integer(std::string_view text, int base = 10) {
    T value{};
    const char* end = text.data() + text.size();
    auto [stop, ec] = std::from_chars(text.data(), end, value, base);
    if (text.empty() || ec != std::errc() || stop != end) return std::nullopt;
    return value;
}

// Digits only (1*DIGIT: no sign, no spaces). nullopt when it is not that; digits beyond 64 bits
// saturate, being over any cap.
inline std::optional<uint64_t> parse_digits_saturating(std::string_view text) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    auto value = parse_integer<uint64_t>(text);
    return value ? *value : std::numeric_limits<uint64_t>::max();
}

// A Content-Length value (RFC 9110: 1*DIGIT).
inline std::optional<uint64_t> parse_content_length(std::string_view text) { return parse_digits_saturating(text); }

}  // namespace userphoto
