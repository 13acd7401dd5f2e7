#include "util/latency_histogram.h"

namespace userphoto {

size_t latency_bucket(uint64_t latency_us) {
    size_t bucket = 0;
    while (bucket < kLatencyBoundsUs.size() && latency_us > kLatencyBoundsUs[bucket]) ++bucket;
    return bucket;
}

uint64_t estimate_percentile_us(const std::array<uint64_t, kLatencyBuckets>& buckets, double quantile) {
    uint64_t total = 0;
    for (uint64_t n : buckets) total += n;
    if (total == 0) return 0;
    if (quantile < 0) quantile = 0;
    if (quantile > 1) quantile = 1;
    const double rank = quantile * static_cast<double>(total);
    uint64_t below = 0;
    for (size_t i = 0; i < kLatencyBuckets; ++i) {
        const uint64_t in_bucket = buckets[i];
        const uint64_t lower = i == 0 ? 0 : kLatencyBoundsUs[i - 1];
        if (in_bucket > 0 && static_cast<double>(below + in_bucket) >= rank) {
            if (i == kLatencyBoundsUs.size()) return lower;  // +Inf bucket: no upper bound to interpolate to
            const double fraction = (rank - static_cast<double>(below)) / static_cast<double>(in_bucket);
            return lower + static_cast<uint64_t>(fraction * static_cast<double>(kLatencyBoundsUs[i] - lower));
        }
        below += in_bucket;
    }
    return kLatencyBoundsUs.back();
}

}  // namespace userphoto
