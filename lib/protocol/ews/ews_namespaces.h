// The namespace URIs EWS speaks. Input accepts the https:// spelling the Microsoft docs show
// (a documentation bug real clients copy); output always uses http://.
#pragma once
#include <string_view>

namespace userphoto::ews {

inline constexpr std::string_view kSoap11EnvelopeNs = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kSoap12EnvelopeNs = "http://www.w3.org/2003/05/soap-envelope";
inline constexpr std::string_view kMessagesNs = "http://schemas.microsoft.com/exchange/services/2006/messages";
inline constexpr std::string_view kTypesNs = "http://schemas.microsoft.com/exchange/services/2006/types";
inline constexpr std::string_view kErrorsNs = "http://schemas.microsoft.com/exchange/services/2006/errors";

// `uri` equals `canonical` (an http:// URI) or its https:// spelling.
constexpr bool same_ews_namespace(std::string_view uri, std::string_view canonical) noexcept {
    if (uri == canonical) return true;
    constexpr std::string_view http = "http://";
    constexpr std::string_view https = "https://";
    return canonical.substr(0, http.size()) == http && uri.substr(0, https.size()) == https &&
           uri.substr(https.size()) == canonical.substr(http.size());
}

}  // namespace userphoto::ews
