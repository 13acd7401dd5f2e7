// RFC 4533 (LDAP Content Synchronization) messages as plain data, encoded and decoded with
// liblber: the Sync Request control we send, the Sync State control on each entry and the Sync
// Info intermediate message. Values are the controls' raw BER bytes.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace userphoto::directory::sync {

inline constexpr const char* kRequestControlOid = "1.3.6.1.4.1.4203.1.9.1.1";  // also in supportedControl
inline constexpr const char* kStateControlOid = "1.3.6.1.4.1.4203.1.9.1.2";
inline constexpr const char* kInfoMessageOid = "1.3.6.1.4.1.4203.1.9.1.4";

enum class EntryState { Present = 0, Add = 1, Modify = 2, Delete = 3 };

struct StateControl {
    EntryState state = EntryState::Present;
    std::string uuid;                   // entryUUID, 16 raw bytes
    std::optional<std::string> cookie;
};

struct InfoMessage {
    enum class Kind { NewCookie, RefreshDelete, RefreshPresent, IdSet } kind = Kind::NewCookie;
    std::optional<std::string> cookie;
    bool refresh_done = true;       // RefreshDelete / RefreshPresent (DEFAULT TRUE)
    bool refresh_deletes = false;   // IdSet: true when the UUIDs are deleted entries, false when present
    std::vector<std::string> uuids; // IdSet
};

// Sync Request control value for refreshAndPersist, resuming from `cookie` when there is one.
std::string encode_request(const std::optional<std::string>& cookie);

// nullopt when the bytes are not a well-formed value.
std::optional<StateControl> decode_state(std::string_view value);
std::optional<InfoMessage> decode_info(std::string_view value);

}  // namespace userphoto::directory::sync
