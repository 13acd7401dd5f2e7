#include "directory/sync_state.h"

namespace userphoto::directory {

void SyncState::begin_session() {
    refreshing_ = true;
    resumed_ = cookie_.has_value();
    publish_refresh_ = resumed_ || reload_all_ || synced_before_;
    present_listed_ = false;
    for (auto& [uuid, known] : entries_) known.listed = false;
}

void SyncState::take_cookie(const std::optional<std::string>& cookie) {
    if (cookie && !cookie->empty()) cookie_ = cookie;
}

void SyncState::remember(const std::string& uuid, const std::string& dn) {
    Known& known = entries_[uuid];
    known.dn = dn;
    known.listed = true;
}

std::vector<std::string> SyncState::on_entry(const sync::StateControl& control, const std::string& dn) {
    std::vector<std::string> changed;
    take_cookie(control.cookie);
    auto it = entries_.find(control.uuid);
    switch (control.state) {
        case sync::EntryState::Present:
            present_listed_ = true;
            if (!dn.empty()) remember(control.uuid, dn);
            else if (it != entries_.end()) it->second.listed = true;
            break;
        case sync::EntryState::Add:
        case sync::EntryState::Modify:
            if (!refreshing_ || publish_refresh_) {
                changed.push_back(dn);
                // A renamed entry: whoever cached it under its old name must hear of it too.
                if (it != entries_.end() && it->second.dn != dn) changed.push_back(it->second.dn);
            }
            remember(control.uuid, dn);
            break;
        case sync::EntryState::Delete:
            if (!dn.empty()) changed.push_back(dn);
            else if (it != entries_.end()) changed.push_back(it->second.dn);
            if (it != entries_.end()) entries_.erase(it);
            break;
    }
    return changed;
}

std::vector<std::string> SyncState::end_refresh() {
    std::vector<std::string> changed;
    // A present phase lists every entry that still exists: the known ones it did not list are
    // gone. Only when it listed something, so "nothing changed" (an empty phase) deletes nothing.
    if (refreshing_ && resumed_ && present_listed_) {
        for (auto it = entries_.begin(); it != entries_.end();) {
            if (!it->second.listed) {
                changed.push_back(it->second.dn);
                it = entries_.erase(it);
            } else {
                ++it;
            }
        }
    }
    refreshing_ = false;
    synced_before_ = true;
    reload_all_ = false;
    return changed;
}

std::vector<std::string> SyncState::on_info(const sync::InfoMessage& message) {
    std::vector<std::string> changed;
    take_cookie(message.cookie);
    using Kind = sync::InfoMessage::Kind;
    switch (message.kind) {
        case Kind::NewCookie: break;
        case Kind::RefreshPresent:
        case Kind::RefreshDelete:
            if (message.refresh_done && refreshing_) changed = end_refresh();
            break;
        case Kind::IdSet:
            for (const auto& uuid : message.uuids) {
                auto it = entries_.find(uuid);
                if (message.refresh_deletes) {
                    if (it != entries_.end()) {
                        changed.push_back(it->second.dn);
                        entries_.erase(it);
                    }
                } else {
                    present_listed_ = true;
                    if (it != entries_.end()) it->second.listed = true;
                }
            }
            break;
    }
    return changed;
}

void SyncState::on_refresh_required() {
    cookie_.reset();
    reload_all_ = true;
    refreshing_ = false;
}

}  // namespace userphoto::directory
