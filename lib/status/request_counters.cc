#include "status/request_counters.h"

namespace userphoto::status {

std::string_view protocol_name(Protocol protocol) {
    switch (protocol) {
        case Protocol::Ews: return "ews";
        case Protocol::OnOffice: return "onoffice";
        case Protocol::Chatter: return "chatter";
        case Protocol::Graph: return "graph";
        case Protocol::Avatar: return "avatar";
    }
    return "unknown";
}

Protocol protocol_at(size_t index) { return static_cast<Protocol>(index); }

void RequestCounters::record(Protocol protocol, int http_status, uint64_t latency_us) {
    ProtocolCounters& c = of(protocol);
    // Relaxed: these are statistics; no other memory is published through them.
    c.requests.fetch_add(1, std::memory_order_relaxed);
    if (http_status >= 400 && http_status < 500) c.client_errors.fetch_add(1, std::memory_order_relaxed);
    if (http_status >= 500) c.server_errors.fetch_add(1, std::memory_order_relaxed);
    c.latency_sum_us.fetch_add(latency_us, std::memory_order_relaxed);
    size_t bucket = 0;
    while (bucket < kLatencyBoundsUs.size() && latency_us > kLatencyBoundsUs[bucket]) ++bucket;
    c.latency_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
}

ProtocolSnapshot snapshot(const ProtocolCounters& counters) {
    ProtocolSnapshot s;
    s.requests = counters.requests.load(std::memory_order_relaxed);
    s.client_errors = counters.client_errors.load(std::memory_order_relaxed);
    s.server_errors = counters.server_errors.load(std::memory_order_relaxed);
    s.latency_sum_us = counters.latency_sum_us.load(std::memory_order_relaxed);
    for (size_t i = 0; i < kLatencyBuckets; ++i)
        s.latency_buckets[i] = counters.latency_buckets[i].load(std::memory_order_relaxed);
    return s;
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

}  // namespace userphoto::status
