#include "directory/change_poller.h"

#include <memory>
#include <utility>

#include "directory/ldap_connection.h"
#include "directory/ldap_entries.h"
#include "directory/ldap_scope.h"

namespace userphoto::directory {

PollOutcome poll_changes(LDAP* ld, const LdapUrl& url, ChangeMarkerTracker& tracker, std::chrono::milliseconds timeout) {
    PollOutcome out;
    std::string filter = tracker.filter(url.filter);
    std::string attribute = marker_attribute(tracker.kind());
    char* attrs[] = {attribute.data(), nullptr};
    timeval tv = to_timeval(timeout);
    LDAPMessage* raw = nullptr;
    out.rc = ldap_search_ext_s(ld, url.base_dn.c_str(), ldap_scope_of(url.scope), filter.c_str(), attrs, 0, nullptr,
                               nullptr, &tv, 0, &raw);
    std::unique_ptr<LDAPMessage, int (*)(LDAPMessage*)> result(raw, ldap_msgfree);
    if (out.rc == LDAP_SIZELIMIT_EXCEEDED) {
        out.truncated = true;
        out.rc = LDAP_SUCCESS;
    }
    if (out.rc != LDAP_SUCCESS) {
        out.message = ldap_error_text(ld, out.rc);
        return out;
    }
    std::vector<std::pair<std::string, std::string>> answers;
    for (const Entry& e : read_entries(ld, result.get())) answers.emplace_back(e.dn, e.first(attribute));
    out.changed = tracker.take(answers);
    return out;
}

}  // namespace userphoto::directory
