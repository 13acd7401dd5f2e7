// Told about directory entries that changed: by the directory watcher, or by this server's own writes.
// A plain interface in base, so that the cache, the watcher, the avatar index and the glue may all use it.
#pragma once
#include <string>

namespace userphoto {

class ChangeListener {
public:
    virtual ~ChangeListener() = default;
    // dn: the entry that was added, modified or deleted.
    virtual void person_changed(const std::string& dn) = 0;
};

}  // namespace userphoto
