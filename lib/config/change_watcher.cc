#include "config/change_watcher.h"

#include "directory/directory_watcher.h"

namespace userphoto {

ChangeWatcher::ChangeWatcher(const directory::Settings& directory, const directory::WatchSettings& watch,
                             ChangeListener& listener, const Logger& log)
    : watcher_(std::make_unique<directory::DirectoryWatcher>(directory, watch, listener, log)) {}

ChangeWatcher::~ChangeWatcher() = default;

void ChangeWatcher::step(std::chrono::milliseconds wait) { watcher_->step(wait); }

std::string ChangeWatcher::method() const { return watcher_->method(); }

WatchCounts ChangeWatcher::counts() const {
    const directory::WatcherCounters& c = watcher_->counters();
    return {c.changes.load(), c.connections.load(), c.failures.load()};
}

}  // namespace userphoto
