// Reading the ETag a client holds from If-None-Match, and writing ours.
#pragma once
#include <string>
#include <string_view>

namespace userphoto {

// `"ABCD1234"`, `W/"ABCD1234"` and a bare `ABCD1234` all give ABCD1234; of a list
// (`"A", "B"`) the first entry counts; `*` and an empty header give "".
std::string etag_from_if_none_match(std::string_view header);

// ABCD1234 → "ABCD1234" (quoted, as clients expect it back).
std::string quoted_etag(std::string_view etag);

}  // namespace userphoto
