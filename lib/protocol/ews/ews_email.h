// A reasonable SMTP address check for the EWS "Email" value (SOAP element or REST parameter):
// what Exchange answers with ErrorInvalidSmtpAddress, without trying to be RFC 5321 complete.
#pragma once
#include <cstddef>
#include <string_view>

namespace userphoto::ews {

inline constexpr std::size_t kMaxEmailLength = 320;  // 64 local + '@' + 255 domain

// local@domain: one '@', both parts non-empty and within their lengths, no spaces, controls or
// address-syntax specials; domain made of labels of letters, digits, '-' and UTF-8 bytes.
bool is_plausible_smtp_address(std::string_view address) noexcept;

}  // namespace userphoto::ews
