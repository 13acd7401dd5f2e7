// The directory watcher as the glue runs it (one thread calls step() again and again): RFC 4533
// content sync or change-marker polling, reporting changed entries to a ChangeListener. Wraps
// lib/directory's DirectoryWatcher so that the glue never includes lib/directory/.
#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "directory/directory.h"
#include "directory/watch_settings.h"
#include "log.h"
#include "util/change_listener.h"

namespace userphoto {
namespace directory {
class DirectoryWatcher;
}

// What the watcher did so far, for the status page.
struct WatchCounts {
    uint64_t changes = 0;      // DNs handed to the listener
    uint64_t connections = 0;  // successful connects
    uint64_t failures = 0;     // failed connects and lost connections
};

class ChangeWatcher {
public:
    ChangeWatcher(const directory::Settings& directory, const directory::WatchSettings& watch,
                  ChangeListener& listener, const Logger& log);
    ~ChangeWatcher();
    ChangeWatcher(const ChangeWatcher&) = delete;
    ChangeWatcher& operator=(const ChangeWatcher&) = delete;

    // One bounded piece of work, waiting at most `wait`. Never throws.
    void step(std::chrono::milliseconds wait);
    // "syncrepl", "poll uSNChanged", "poll modifyTimestamp", or "" before the first connect.
    std::string method() const;
    WatchCounts counts() const;

private:
    std::unique_ptr<directory::DirectoryWatcher> watcher_;
};

}  // namespace userphoto
