// Each child's own gauges (its local cache tiers, its drawn pictures), one slot per child in
// shared memory, so that the status page adds up every live child's instead of showing only the
// one that answers. Lock-free and fixed-size like the request counters: a child that dies leaves
// no lock held, and its slot is taken over by a later child.
#pragma once
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace userphoto::status {

// Enough for the event and worker MPMs' ServerLimit and most prefork set-ups; children beyond it
// are left out of the totals (the page says how many were counted).
inline constexpr size_t kMaxChildSlots = 1024;

struct ChildFigures {
    uint64_t local_entries = 0;  // the local photo cache tiers of every virtual host
    uint64_t local_bytes = 0;
    uint64_t drawn_entries = 0;  // the drawn-picture cache
    uint64_t drawn_bytes = 0;

    ChildFigures& operator+=(const ChildFigures& other) {
        local_entries += other.local_entries;
        local_bytes += other.local_bytes;
        drawn_entries += other.drawn_entries;
        drawn_bytes += other.drawn_bytes;
        return *this;
    }
};

class ChildSlot {
public:
    void publish(const ChildFigures& figures);
    ChildFigures read() const;

private:
    friend class ChildTable;
    std::atomic<int64_t> pid_{0};  // 0: free
    std::atomic<uint64_t> local_entries_{0}, local_bytes_{0}, drawn_entries_{0}, drawn_bytes_{0};
};

class ChildTable {
public:
    // Whether the process `pid` still runs (the glue asks the kernel; tests decide).
    using IsAlive = std::function<bool(int64_t pid)>;

    // The slot for `pid`: its own if it has one, else a free one or one whose process is gone
    // (its figures start from zero). Null when every slot belongs to a live child.
    ChildSlot* claim(int64_t pid, const IsAlive& alive);

    // The sum over the slots of live children; `children` receives how many were added up.
    ChildFigures total(const IsAlive& alive, uint64_t* children) const;

private:
    std::array<ChildSlot, kMaxChildSlots> slots_{};
};

}  // namespace userphoto::status
