// One poll of the change markers: a small search under the URL's base for the entries whose
// marker moved, asking only for the DN and the marker.
#pragma once
#include <ldap.h>

#include <chrono>
#include <string>
#include <vector>

#include "directory/change_marker_tracker.h"
#include "directory/ldap_url.h"

namespace userphoto::directory {

struct PollOutcome {
    int rc = LDAP_SUCCESS;           // LDAP_SUCCESS (also when the server capped the answer)
    std::vector<std::string> changed;
    bool truncated = false;          // the server's size limit cut the answer
    std::string message;             // when rc is not LDAP_SUCCESS
};

PollOutcome poll_changes(LDAP* ld, const LdapUrl& url, ChangeMarkerTracker& tracker, std::chrono::milliseconds timeout);

}  // namespace userphoto::directory
