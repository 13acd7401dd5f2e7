// A latency histogram with fixed buckets (1 ms .. 10 s), shared by the request counters and the
// directory hosts: percentiles are estimated from it, and it is exported as it is (Prometheus
// histograms use the same upper bounds).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace userphoto {

// Upper bounds of the latency buckets in microseconds; one more bucket (+Inf) holds the rest.
inline constexpr std::array<uint64_t, 12> kLatencyBoundsUs = {
    1'000, 2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000, 10'000'000};
inline constexpr size_t kLatencyBuckets = kLatencyBoundsUs.size() + 1;

// The bucket a latency falls in (the first whose upper bound is >= it; the last for the rest).
size_t latency_bucket(uint64_t latency_us);

// The latency below which `quantile` (0..1) of the counts fell, in microseconds, interpolated
// linearly inside the bucket; the last bucket has no upper bound, so its lower bound is reported.
// 0 when nothing was counted.
uint64_t estimate_percentile_us(const std::array<uint64_t, kLatencyBuckets>& buckets, double quantile);

}  // namespace userphoto
