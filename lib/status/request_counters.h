// Request counters per protocol, fixed-size and lock-free so that one block can live in shared
// memory and be written by every thread of every child at once (the module maps it; tests use a
// plain object). Latency goes into a histogram with fixed buckets: percentiles are estimated from
// it, and it is exported as it is (Prometheus histograms use the same upper bounds).
#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace userphoto::status {

enum class Protocol { Ews, OnOffice, Chatter, Graph, Avatar };
inline constexpr size_t kProtocolCount = 5;
std::string_view protocol_name(Protocol protocol);  // "ews", "onoffice", "chatter", "graph", "avatar"
Protocol protocol_at(size_t index);

// Upper bounds of the latency buckets in microseconds; one more bucket (+Inf) holds the rest.
inline constexpr std::array<uint64_t, 12> kLatencyBoundsUs = {
    1'000, 2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 500'000, 1'000'000, 2'500'000, 10'000'000};
inline constexpr size_t kLatencyBuckets = kLatencyBoundsUs.size() + 1;

struct ProtocolCounters {
    std::atomic<uint64_t> requests{0};
    std::atomic<uint64_t> client_errors{0};  // answered 4xx
    std::atomic<uint64_t> server_errors{0};  // answered 5xx
    std::atomic<uint64_t> latency_sum_us{0};
    std::array<std::atomic<uint64_t>, kLatencyBuckets> latency_buckets{};  // not cumulative
};

struct RequestCounters {
    std::array<ProtocolCounters, kProtocolCount> protocols{};

    void record(Protocol protocol, int http_status, uint64_t latency_us);
    ProtocolCounters& of(Protocol protocol) { return protocols[static_cast<size_t>(protocol)]; }
    const ProtocolCounters& of(Protocol protocol) const { return protocols[static_cast<size_t>(protocol)]; }
};

// A consistent-enough copy of one protocol's counters (each number read once).
struct ProtocolSnapshot {
    uint64_t requests = 0;
    uint64_t client_errors = 0;
    uint64_t server_errors = 0;
    uint64_t latency_sum_us = 0;
    std::array<uint64_t, kLatencyBuckets> latency_buckets{};
};
ProtocolSnapshot snapshot(const ProtocolCounters& counters);

// The latency below which `quantile` (0..1) of the requests fell, in microseconds, interpolated
// linearly inside the bucket; the last bucket has no upper bound, so its lower bound is reported.
// 0 when there were no requests.
uint64_t estimate_percentile_us(const std::array<uint64_t, kLatencyBuckets>& buckets, double quantile);

}  // namespace userphoto::status
