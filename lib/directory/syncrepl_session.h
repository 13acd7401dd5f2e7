// One RFC 4533 refreshAndPersist search on the watcher's own connection: sends the Sync Request
// control (resuming from the SyncState's cookie) and reads what arrives without ever waiting
// longer than asked. libldap's ldap_sync_* API is not used: its poll loop hands the whole chain
// of received messages to each handler (so a burst of changes loses all but the first) and its
// refresh loop has no time bound.
#pragma once
#include <ldap.h>

#include <chrono>
#include <functional>
#include <string>

#include "directory/ldap_url.h"
#include "directory/sync_state.h"

namespace userphoto::directory {

class SyncreplSession {
public:
    using Publish = std::function<void(const std::string& dn)>;

    SyncreplSession(LDAP* ld, const LdapUrl& url, SyncState& state, Publish publish);

    // Sends the search. LDAP_SUCCESS or the error code (message() tells more).
    int start();

    // Reads every message that has arrived (at most `max_messages`), waiting up to `wait` for the
    // first one. LDAP_SUCCESS while the search goes on; an error code when the connection failed
    // or the server ended the search (then start a new session, on a new connection).
    int pump(std::chrono::milliseconds wait, int max_messages = 1000);

    const std::string& message() const { return message_; }

private:
    int handle(LDAPMessage* msg);

    LDAP* ld_;
    const LdapUrl& url_;
    SyncState& state_;
    Publish publish_;
    int msgid_ = -1;
    std::string message_;
};

}  // namespace userphoto::directory
