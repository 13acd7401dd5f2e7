// Request counters per protocol, fixed-size and lock-free so that one block can live in shared
// memory and be written by every thread of every child at once (the module maps it; tests use a
// plain object). Latency goes into the fixed-bucket histogram of util/latency_histogram.h.
#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "util/latency_histogram.h"

namespace userphoto::status {

enum class Protocol { Ews, OnOffice, Chatter, Graph, Avatar };
inline constexpr size_t kProtocolCount = 5;
std::string_view protocol_name(Protocol protocol);  // "ews", "onoffice", "chatter", "graph", "avatar"
Protocol protocol_at(size_t index);

using userphoto::kLatencyBoundsUs;
using userphoto::kLatencyBuckets;
using userphoto::estimate_percentile_us;

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

}  // namespace userphoto::status
