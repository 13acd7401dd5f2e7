// Follows the directory and tells a ChangeListener which entries changed: RFC 4533 content sync
// (refreshAndPersist) where the server offers it, otherwise a poll of the change markers
// (uSNChanged on Active Directory, modifyTimestamp elsewhere) every interval.
//
// One watcher per server (the glue runs it in mod_watchdog's singleton thread), on its own
// connection with the directory's connect and operation timeouts. It survives directory
// restarts: a lost connection is re-opened with a back-off (0.5 s doubling up to 30 s), and
// content sync resumes from its cookie, so changes made meanwhile are still reported.
// Not thread-safe: one thread calls step() again and again.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "util/change_listener.h"
#include "directory/directory.h"
#include "directory/watch_settings.h"
#include "log.h"

namespace userphoto::directory {

struct WatcherCounters {
    std::atomic<uint64_t> searches{0};     // root DSE reads, sync searches and polls sent
    std::atomic<uint64_t> changes{0};      // DNs handed to the listener
    std::atomic<uint64_t> connections{0};  // successful connects
    std::atomic<uint64_t> failures{0};     // failed connects and lost connections
};

class DirectoryWatcher {
public:
    using SteadyClock = std::chrono::steady_clock;

    DirectoryWatcher(Settings directory, WatchSettings watch, ChangeListener& listener, Logger log);
    ~DirectoryWatcher();
    DirectoryWatcher(const DirectoryWatcher&) = delete;
    DirectoryWatcher& operator=(const DirectoryWatcher&) = delete;

    // One bounded piece of work: connects when due, reads what the sync search delivered (waiting
    // at most `wait` for it), or polls when the interval has passed. Never throws.
    void step(std::chrono::milliseconds wait);

    // "syncrepl", "poll uSNChanged", "poll modifyTimestamp", or "" before the first connect.
    std::string method() const;
    const WatcherCounters& counters() const { return counters_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    WatcherCounters counters_;
};

}  // namespace userphoto::directory
