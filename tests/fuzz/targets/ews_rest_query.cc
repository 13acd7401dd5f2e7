// The raw query string of GET .../s/GetUserPhoto?email=...&size=...
#include "fuzz/fuzz_targets.h"
#include "protocol/ews/ews_email.h"
#include "protocol/ews/ews_rest_request.h"

namespace userphoto::fuzz {

void ews_rest_query(const std::uint8_t* data, std::size_t size) {
    std::string_view query(reinterpret_cast<const char*>(data), size);
    auto result = ews::parse_rest_photo_query(query);
    if (!result.ok) {
        check(result.error != ews::RestQueryError::None, "a refusal names its reason");
        check(ews::describe(result.error) != nullptr, "every refusal has a text");
        return;
    }
    check(result.request.self || ews::is_plausible_smtp_address(result.request.email),
          "accepted email is a plausible address");
    check(result.request.edge >= 48 && result.request.edge <= 648, "accepted size is a listed edge");
}

}  // namespace userphoto::fuzz
