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
    c.latency_buckets[latency_bucket(latency_us)].fetch_add(1, std::memory_order_relaxed);
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

}  // namespace userphoto::status
