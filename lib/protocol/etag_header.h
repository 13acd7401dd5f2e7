// Reading the ETags a client holds from If-None-Match (and If-Match), and writing ours. The one
// parser of those headers: every route (EWS SOAP and REST, Salesforce pictures, onOffice photo
// links, Graph) uses it.
#pragma once
#include <string>
#include <string_view>

#include "util/etag_condition.h"

namespace userphoto {

// RFC 9110 If-None-Match: `*`, or a comma-separated list of `"tag"` / `W/"tag"` (weak comparison:
// the W/ is dropped). A bare token (`ABCD1234`, as some EWS clients send) counts as that tag.
// Malformed members are skipped; at most kMaxIfNoneMatchTags are kept. Empty header: empty().
inline constexpr size_t kMaxIfNoneMatchTags = 32;
EtagCondition parse_if_none_match(std::string_view header);

// RFC 9110 If-Match: the same list, compared strongly (13.1.1): W/"tag" members never match and
// are left out.
EtagCondition parse_if_match(std::string_view header);

// ABCD1234 → "ABCD1234" (quoted, as clients expect it back).
std::string quoted_etag(std::string_view etag);

}  // namespace userphoto
