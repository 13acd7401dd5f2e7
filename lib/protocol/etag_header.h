// Reading the ETag a client holds from If-None-Match, and writing ours.
#pragma once
#include <string>
#include <string_view>

#include "util/etag_condition.h"

namespace userphoto {

// `"ABCD1234"`, `W/"ABCD1234"` and a bare `ABCD1234` all give ABCD1234; of a list
// (`"A", "B"`) the first entry counts; `*` and an empty header give "".
std::string etag_from_if_none_match(std::string_view header);

// RFC 9110 If-None-Match: `*`, or a comma-separated list of `"tag"` / `W/"tag"` (weak comparison:
// the W/ is dropped). A bare token (`ABCD1234`, as some EWS clients send) counts as that tag.
// Malformed members are skipped; at most kMaxIfNoneMatchTags are kept. Empty header: empty().
inline constexpr size_t kMaxIfNoneMatchTags = 32;
EtagCondition parse_if_none_match(std::string_view header);

// ABCD1234 → "ABCD1234" (quoted, as clients expect it back).
std::string quoted_etag(std::string_view etag);

}  // namespace userphoto
