#include "status/child_figures.h"

namespace userphoto::status {

void ChildSlot::publish(const ChildFigures& figures) {
    local_entries_.store(figures.local_entries, std::memory_order_relaxed);
    local_bytes_.store(figures.local_bytes, std::memory_order_relaxed);
    drawn_entries_.store(figures.drawn_entries, std::memory_order_relaxed);
    drawn_bytes_.store(figures.drawn_bytes, std::memory_order_relaxed);
}

ChildFigures ChildSlot::read() const {
    ChildFigures figures;
    figures.local_entries = local_entries_.load(std::memory_order_relaxed);
    figures.local_bytes = local_bytes_.load(std::memory_order_relaxed);
    figures.drawn_entries = drawn_entries_.load(std::memory_order_relaxed);
    figures.drawn_bytes = drawn_bytes_.load(std::memory_order_relaxed);
    return figures;
}

ChildSlot* ChildTable::claim(int64_t pid, const IsAlive& alive) {
    for (ChildSlot& slot : slots_)
        if (slot.pid_.load() == pid) return &slot;
    for (ChildSlot& slot : slots_) {
        int64_t holder = slot.pid_.load();
        if (holder != 0 && alive(holder)) continue;
        // Two children may reach the same free or dead slot: one exchange wins, the other looks on.
        if (slot.pid_.compare_exchange_strong(holder, pid)) {
            slot.publish({});
            return &slot;
        }
    }
    return nullptr;
}

ChildFigures ChildTable::total(const IsAlive& alive, uint64_t* children) const {
    ChildFigures sum;
    uint64_t counted = 0;
    for (const ChildSlot& slot : slots_) {
        const int64_t pid = slot.pid_.load();
        if (pid == 0 || !alive(pid)) continue;
        sum += slot.read();
        ++counted;
    }
    if (children) *children = counted;
    return sum;
}

}  // namespace userphoto::status
