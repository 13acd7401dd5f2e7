// Health and latency of each directory host: operations, errors, a latency histogram, whether it
// answered, and its last error. Lock-free and fixed-size, so that a HostTable can live in the
// status page's shared memory and be written by every thread of every child at once (a child that
// dies mid-update leaves no lock held). The directory writes it; the status page reads snapshots.
#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/latency_histogram.h"

namespace userphoto {

inline constexpr size_t kMaxTrackedHosts = 16;  // hosts of every virtual host together
inline constexpr size_t kHostUriBytes = 256;     // longer URIs are not tracked
inline constexpr size_t kHostErrorBytes = 256;   // the last error's text is cut to this

enum class HostState { NeverContacted, Up, Down };
const char* host_state_name(HostState state);  // "never contacted", "up", "down"

// A plain copy of one host's figures. Times are Unix milliseconds, 0 for never.
struct HostSnapshot {
    std::string uri;
    HostState state = HostState::NeverContacted;
    int64_t down_since_ms = 0;  // Down: the first failure since it last answered
    int64_t last_ok_ms = 0;     // the last connection or operation that went through
    uint64_t operations = 0;
    uint64_t errors = 0;        // failed operations and failed connection attempts
    uint64_t latency_sum_us = 0;
    std::array<uint64_t, kLatencyBuckets> latency_buckets{};  // operations, not cumulative
    std::string last_error;
    int64_t last_error_ms = 0;
};

class HostCounters {
public:
    // One finished LDAP operation on this host (failed: it answered with an error).
    void operation(uint64_t latency_us, bool failed);
    // A connection was made or an operation went through: the host is up.
    void answered();
    // A connection attempt or an operation failed. unreachable: the host could not be reached
    // (connect, timeout, server down), so it is down from now unless it already was.
    void failed(std::string_view error, bool unreachable);

    HostSnapshot snapshot() const;  // without the uri

private:
    void set_last_error(std::string_view error, int64_t now_ms);

    std::atomic<uint64_t> operations_{0};
    std::atomic<uint64_t> errors_{0};
    std::atomic<uint64_t> latency_sum_us_{0};
    std::array<std::atomic<uint64_t>, kLatencyBuckets> latency_buckets_{};
    std::atomic<int64_t> down_since_ms_{0};
    std::atomic<int64_t> last_ok_ms_{0};
    // The last error: a sequence lock (odd while written) over words of text; writers take
    // error_writer_ms_ (their start time; a writer older than a second is taken to be dead).
    std::atomic<int64_t> error_writer_ms_{0};
    std::atomic<uint64_t> error_sequence_{0};
    std::atomic<int64_t> last_error_ms_{0};
    std::array<std::atomic<uint64_t>, kHostErrorBytes / 8> error_words_{};
};

// Counters for up to kMaxTrackedHosts hosts, each named by its URI ("ldap://host:port").
class HostTable {
public:
    // Finds the host's counters or claims a free slot for them; null when the table is full or the
    // URI too long. Meant for start-up in one thread (the parent, before the children fork): two
    // processes adding one URI at the same time could each claim a slot.
    HostCounters* add(std::string_view uri);
    HostCounters* find(std::string_view uri);
    // A snapshot of `uri`'s counters (tracked false: not in the table).
    HostSnapshot snapshot(std::string_view uri, bool* tracked = nullptr) const;
    // Every tracked host's snapshot, in the order they were added.
    std::vector<HostSnapshot> snapshots() const;

private:
    struct Slot {
        std::atomic<uint32_t> state{0};  // 0 free, 1 being claimed, 2 named
        char uri[kHostUriBytes]{};
        HostCounters counters;
    };
    const Slot* named(std::string_view uri) const;
    std::array<Slot, kMaxTrackedHosts> slots_{};
};

}  // namespace userphoto
