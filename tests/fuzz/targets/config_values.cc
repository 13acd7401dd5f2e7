// Directive arguments: durations, byte sizes, bounded integers.
#include <string>

#include "fuzz/fuzz_targets.h"
#include "config/config.h"

namespace userphoto::fuzz {

void config_values(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto ms = parse_duration_ms(text)) check(*ms >= 1 && *ms <= 3'600'000, "durations stay within 1 ms..1 h");
    if (auto bytes = parse_byte_size(text)) check(*bytes >= 1 && *bytes <= (1ULL << 40), "sizes stay within 1..1 TiB");
    if (auto q = parse_int_in_range(text, 1, 100)) check(*q >= 1 && *q <= 100, "ints stay within their range");
    if (auto n = parse_int_in_range(text, 0, 2147483647)) check(*n >= 0, "ints are never negative");
}

}  // namespace userphoto::fuzz
