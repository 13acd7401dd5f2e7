// RFC 4533 messages from the directory server (Sync State control values, Sync Info messages),
// decoded in the child that runs the directory watcher and fed to its consumer state.
#include <string>
#include <string_view>

#include "directory/sync_messages.h"
#include "directory/sync_state.h"
#include "fuzz/fuzz_targets.h"

namespace userphoto::fuzz {

void sync_messages(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    directory::SyncState state;
    state.begin_session();
    if (auto control = directory::sync::decode_state(bytes)) {
        check(!control->uuid.empty(), "a decoded state control names an entry");
        check(static_cast<int>(control->state) >= 0 && static_cast<int>(control->state) <= 3, "a known state");
        state.on_entry(*control, "cn=x");
    }
    if (auto info = directory::sync::decode_info(bytes)) {
        if (info->kind != directory::sync::InfoMessage::Kind::IdSet) check(info->uuids.empty(), "UUIDs only in an id set");
        state.on_info(*info);
    }
    // What we send: a request resuming from these bytes as the cookie must carry them unchanged.
    std::string request = directory::sync::encode_request(std::string(bytes));
    check(request.find(std::string(bytes)) != std::string::npos, "the cookie is in the request");
}

}  // namespace userphoto::fuzz
