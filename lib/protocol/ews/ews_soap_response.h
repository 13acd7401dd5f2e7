// Writing EWS SOAP GetUserPhoto answers byte for byte as Exchange shapes them (clients are strict
// about element order and presence, see design/protocols.md §1). Plain string building: the
// documents are fixed apart from the escaped values.
#pragma once
#include <string>
#include <string_view>

#include "protocol/ews/ews_fault.h"

namespace userphoto::ews {

// The exact Content-Type of every SOAP answer, faults included (DavMail compares it).
inline constexpr const char* kSoapContentType = "text/xml; charset=utf-8";

// HasChanged=true, PictureData = base64(jpeg), ContentType image/jpeg. `jpeg` must not be empty
// (an empty picture with HasChanged=true crashes the C# client): it then renders not-found.
std::string render_photo(std::string_view jpeg) noexcept;
// If-None-Match matched: HasChanged=false, empty <PictureData/>, no ContentType.
std::string render_unchanged() noexcept;
// No such person or no photo: NoError, HasChanged=true, empty PictureData (sent with 404).
std::string render_not_found() noexcept;
// A SOAP 1.1 fault with faultcode, faultstring and detail/ResponseCode + Message, plus
// t:MessageXml (line, position, violation) for schema errors when known. Sent with HTTP 500.
std::string render_fault(const Fault& fault) noexcept;

}  // namespace userphoto::ews
