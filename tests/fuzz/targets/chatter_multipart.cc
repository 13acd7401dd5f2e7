// Salesforce upload bodies: the multipart parser fed in chunks whose sizes come from the input
// (first byte: boundary choice, second: chunk-size seed), checked against one whole-body parse:
// any split must give the same parts or the same error.
#include <cstdlib>
#include <string>

#include "fuzz/protocol_targets.h"
#include "protocol/chatter/multipart.h"

using namespace userphoto::chatter;

USERPHOTO_FUZZ_TARGET(chatter_multipart) {
    if (size < 2) return 0;
    const std::string boundary = data[0] % 2 ? "B" : "----fuzz-boundary";
    unsigned seed = data[1];
    const std::string_view body(reinterpret_cast<const char*>(data) + 2, size - 2);
    MultipartLimits limits;
    limits.max_total = 64 * 1024;
    limits.max_header_bytes = 512;
    limits.max_text_part = 1024;

    MultipartParser whole(boundary, limits);
    const bool whole_ok = whole.feed(body) && whole.finish();

    MultipartParser pieces(boundary, limits);
    bool ok = true;
    for (size_t at = 0; at < body.size() && ok;) {
        seed = seed * 1103515245u + 12345u;
        const size_t n = std::min(body.size() - at, static_cast<size_t>(1 + (seed >> 16) % 97));
        ok = pieces.feed(body.substr(at, n));
        at += n;
    }
    ok = ok && pieces.finish();
    if (ok != whole_ok || pieces.error() != whole.error() || pieces.parts().size() != whole.parts().size()) abort();
    for (size_t i = 0; i < whole.parts().size(); ++i)
        if (pieces.parts()[i].body != whole.parts()[i].body || pieces.parts()[i].name != whole.parts()[i].name) abort();
    return 0;
}
