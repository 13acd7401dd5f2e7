// SOAP GetUserPhoto bodies: any bytes are a possible POST body.
#include "fuzz/fuzz_targets.h"
#include "protocol/ews/ews_email.h"
#include "protocol/ews/ews_soap_request.h"

namespace userphoto::fuzz {

void ews_soap(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    auto result = ews::parse_get_user_photo(body, 64 * 1024);
    if (!result.ok) return;
    check(ews::is_plausible_smtp_address(result.request.email), "accepted email is a plausible address");
    check(result.request.edge >= 48 && result.request.edge <= 648, "accepted size is a listed edge");
    check(result.request.type_requested == "UserPhoto" || result.request.type_requested == "ProfileHeaderPhoto",
          "accepted TypeRequested is known");
}

}  // namespace userphoto::fuzz
