// The RFC 4533 consumer's memory across sessions (reconnects): the cookie, and which entry
// (entryUUID) has which DN, so deletions announced by UUID alone can be named. Decides which
// DNs a message makes "changed". Pure logic (no LDAP), unit-tested.
//
// Publishing rules:
//   - persist stage: every add, modify and delete is a change;
//   - refresh stage of the very first session: nothing is (the cache starts with this process);
//   - refresh stage resumed with a cookie: entries sent as add/modify/delete are changes, and in
//     a present phase the known entries the server did not list as present were deleted;
//   - refresh stage after the server demanded a full reload (e-syncRefreshRequired): every entry.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "directory/sync_messages.h"

namespace userphoto::directory {

class SyncState {
public:
    const std::optional<std::string>& cookie() const { return cookie_; }
    bool refreshing() const { return refreshing_; }
    size_t known_entries() const { return entries_.size(); }

    // A new search is about to be sent with cookie().
    void begin_session();

    std::vector<std::string> on_entry(const sync::StateControl& control, const std::string& dn);
    std::vector<std::string> on_info(const sync::InfoMessage& message);
    // The server ended the search with e-syncRefreshRequired: the next session starts over.
    void on_refresh_required();

private:
    struct Known {
        std::string dn;
        bool listed = false;  // named (present, add, modify) during this session's refresh
    };
    void remember(const std::string& uuid, const std::string& dn);
    void take_cookie(const std::optional<std::string>& cookie);
    std::vector<std::string> end_refresh();

    std::optional<std::string> cookie_;
    std::map<std::string, Known> entries_;  // entryUUID -> DN
    bool refreshing_ = false;
    bool publish_refresh_ = false;  // whether refresh-stage adds/modifies are changes
    bool resumed_ = false;          // this session began with a cookie
    bool synced_before_ = false;    // some earlier session completed its refresh
    bool reload_all_ = false;       // the next refresh is a reload the server demanded
    bool present_listed_ = false;   // this refresh named some entry as present
};

}  // namespace userphoto::directory
