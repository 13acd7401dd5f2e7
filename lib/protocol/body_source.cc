#include "protocol/body_source.h"

#include <algorithm>
#include <cstring>

namespace userphoto {

long StringBodySource::read(char* into, size_t capacity) {
    const size_t n = std::min({capacity, chunk_, body_.size() - offset_});
    std::memcpy(into, body_.data() + offset_, n);
    offset_ += n;
    return static_cast<long>(n);
}

BodyRead read_capped(BodySource& body, size_t cap, std::string& into) {
    char buffer[16384];
    for (;;) {
        const long n = body.read(buffer, sizeof buffer);
        if (n < 0) return BodyRead::Failed;
        if (n == 0) return BodyRead::Ok;
        if (into.size() + static_cast<size_t>(n) > cap) return BodyRead::TooLarge;
        into.append(buffer, static_cast<size_t>(n));
    }
}

}  // namespace userphoto
