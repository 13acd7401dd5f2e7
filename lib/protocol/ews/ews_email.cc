#include "protocol/ews/ews_email.h"

#include <cctype>

namespace userphoto::ews {
namespace {

constexpr std::size_t kMaxLocalLength = 64;
constexpr std::size_t kMaxDomainLength = 255;

bool is_forbidden_anywhere(unsigned char c) {
    if (c <= 0x20 || c == 0x7f) return true;  // spaces and controls
    switch (c) {
        case '<': case '>': case '(': case ')': case '[': case ']':
        case '\\': case ',': case ';': case ':': case '"':
            return true;
        default:
            return false;
    }
}

bool is_domain_byte(unsigned char c) { return std::isalnum(c) || c == '-' || c == '.' || c >= 0x80; }

bool is_plausible_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > kMaxDomainLength) return false;
    if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) return false;
    for (unsigned char c : domain)
        if (!is_domain_byte(c)) return false;
    return true;
}

}  // namespace

bool is_plausible_smtp_address(std::string_view address) noexcept {
    if (address.size() < 3 || address.size() > kMaxEmailLength) return false;
    for (unsigned char c : address)
        if (is_forbidden_anywhere(c)) return false;
    std::size_t at = address.find('@');
    if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) return false;
    std::string_view local = address.substr(0, at);
    if (local.empty() || local.size() > kMaxLocalLength) return false;
    return is_plausible_domain(address.substr(at + 1));
}

}  // namespace userphoto::ews
