#include "util/host_counters.h"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace userphoto {
namespace {

// Wall-clock time: the figures are shared by processes and shown as dates.
int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

constexpr int64_t kDeadWriterMs = 1000;  // a text write takes microseconds
constexpr int kReadAttempts = 4;

}  // namespace

const char* host_state_name(HostState state) {
    switch (state) {
        case HostState::NeverContacted: return "never contacted";
        case HostState::Up: return "up";
        case HostState::Down: return "down";
    }
    return "never contacted";
}

// Relaxed where only a number is published: these are statistics.
void HostCounters::operation(uint64_t latency_us, bool failed) {
    operations_.fetch_add(1, std::memory_order_relaxed);
    if (failed) errors_.fetch_add(1, std::memory_order_relaxed);
    latency_sum_us_.fetch_add(latency_us, std::memory_order_relaxed);
    latency_buckets_[latency_bucket(latency_us)].fetch_add(1, std::memory_order_relaxed);
}

void HostCounters::answered() {
    last_ok_ms_.store(now_ms(), std::memory_order_relaxed);
    if (down_since_ms_.load(std::memory_order_relaxed) != 0) down_since_ms_.store(0, std::memory_order_relaxed);
}

void HostCounters::failed(std::string_view error, bool unreachable) {
    const int64_t now = now_ms();
    if (unreachable) {
        errors_.fetch_add(1, std::memory_order_relaxed);  // a connection attempt (operations count their own)
        int64_t up = 0;
        down_since_ms_.compare_exchange_strong(up, now, std::memory_order_relaxed);
    }
    set_last_error(error, now);
}

void HostCounters::set_last_error(std::string_view error, int64_t now) {
    int64_t writer = error_writer_ms_.load(std::memory_order_relaxed);
    if (writer != 0 && now - writer < kDeadWriterMs) return;  // another thread is writing an error just now
    if (!error_writer_ms_.compare_exchange_strong(writer, now, std::memory_order_acquire)) return;
    // Odd while the text changes (a dead writer may have left it odd: it stays odd until this one ends).
    const uint64_t odd = error_sequence_.load(std::memory_order_relaxed) | 1;
    error_sequence_.store(odd, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    const size_t length = std::min(error.size(), kHostErrorBytes - 1);
    for (size_t w = 0; w < error_words_.size(); ++w) {
        uint64_t word = 0;
        for (size_t b = 0; b < 8; ++b) {
            const size_t i = w * 8 + b;
            if (i < length) word |= static_cast<uint64_t>(static_cast<unsigned char>(error[i])) << (8 * b);
        }
        error_words_[w].store(word, std::memory_order_relaxed);
    }
    last_error_ms_.store(now, std::memory_order_relaxed);
    error_sequence_.store(odd + 1, std::memory_order_release);
    error_writer_ms_.store(0, std::memory_order_release);
}

HostSnapshot HostCounters::snapshot() const {
    HostSnapshot s;
    s.operations = operations_.load(std::memory_order_relaxed);
    s.errors = errors_.load(std::memory_order_relaxed);
    s.latency_sum_us = latency_sum_us_.load(std::memory_order_relaxed);
    for (size_t i = 0; i < kLatencyBuckets; ++i) s.latency_buckets[i] = latency_buckets_[i].load(std::memory_order_relaxed);
    s.down_since_ms = down_since_ms_.load(std::memory_order_relaxed);
    s.last_ok_ms = last_ok_ms_.load(std::memory_order_relaxed);
    s.state = s.down_since_ms != 0 ? HostState::Down : s.last_ok_ms != 0 ? HostState::Up : HostState::NeverContacted;
    for (int attempt = 0; attempt < kReadAttempts; ++attempt) {
        const uint64_t before = error_sequence_.load(std::memory_order_acquire);
        if (before & 1) continue;  // being written
        char text[kHostErrorBytes];
        for (size_t w = 0; w < error_words_.size(); ++w) {
            const uint64_t word = error_words_[w].load(std::memory_order_relaxed);
            for (size_t b = 0; b < 8; ++b) text[w * 8 + b] = static_cast<char>((word >> (8 * b)) & 0xff);
        }
        const int64_t when = last_error_ms_.load(std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_acquire);
        if (error_sequence_.load(std::memory_order_relaxed) != before) continue;
        s.last_error.assign(text, strnlen(text, sizeof text));
        s.last_error_ms = when;
        break;
    }
    return s;
}

HostCounters* HostTable::add(std::string_view uri) {
    if (HostCounters* known = find(uri)) return known;
    if (uri.empty() || uri.size() >= kHostUriBytes) return nullptr;
    for (Slot& slot : slots_) {
        uint32_t free = 0;
        if (!slot.state.compare_exchange_strong(free, 1, std::memory_order_acquire)) continue;
        std::memcpy(slot.uri, uri.data(), uri.size());
        slot.uri[uri.size()] = '\0';
        slot.state.store(2, std::memory_order_release);  // the name is read only after this
        return &slot.counters;
    }
    return nullptr;
}

const HostTable::Slot* HostTable::named(std::string_view uri) const {
    for (const Slot& slot : slots_) {
        if (slot.state.load(std::memory_order_acquire) != 2) continue;
        if (std::string_view(slot.uri) == uri) return &slot;
    }
    return nullptr;
}

HostCounters* HostTable::find(std::string_view uri) {
    const Slot* slot = named(uri);
    return slot ? const_cast<HostCounters*>(&slot->counters) : nullptr;
}

std::vector<HostSnapshot> HostTable::snapshots() const {
    std::vector<HostSnapshot> all;
    for (const Slot& slot : slots_) {
        if (slot.state.load(std::memory_order_acquire) != 2) continue;
        all.push_back(slot.counters.snapshot());
        all.back().uri = slot.uri;
    }
    return all;
}

HostSnapshot HostTable::snapshot(std::string_view uri, bool* tracked) const {
    const Slot* slot = named(uri);
    if (tracked) *tracked = slot != nullptr;
    HostSnapshot s = slot ? slot->counters.snapshot() : HostSnapshot{};
    s.uri = std::string(uri);
    return s;
}

}  // namespace userphoto
