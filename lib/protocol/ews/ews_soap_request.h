// Reading an EWS SOAP GetUserPhoto request, as every known client dialect writes it.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "protocol/ews/ews_fault.h"

namespace userphoto::ews {

struct GetUserPhotoRequest {
    std::string email;           // trimmed, checked by is_plausible_smtp_address
    std::string size_code;       // as sent, e.g. "HR240x240"
    int edge = 0;                // the size code's edge in pixels
    std::string type_requested;  // "UserPhoto" (also when absent) or "ProfileHeaderPhoto"
    std::string server_version;  // RequestServerVersion/@Version, empty when absent
};

struct SoapParseResult {
    bool ok = false;
    GetUserPhotoRequest request;  // when ok
    Fault fault;                  // when !ok
};

// Parses `body` (refusing more than `max_bytes`). Dispatches on the namespace URI + local name of
// the first element in the SOAP Body; prefixes never matter. SOAP 1.1 and 1.2 envelopes, the
// messages/types namespaces in http:// and https:// spelling; the operation's children may be in
// the messages or (GNOME Evolution) the types namespace. Faults:
//   not XML, a DTD, over the cap, children out of order / missing / unknown,
//   bad SizeRequested or TypeRequested                          → SchemaValidation
//   Email empty or not an SMTP address                          → InvalidSmtpAddress
//   no Envelope/Body, empty Body, other operation or namespace  → InvalidRequest
// Never throws.
SoapParseResult parse_get_user_photo(std::string_view body, std::size_t max_bytes) noexcept;

}  // namespace userphoto::ews
