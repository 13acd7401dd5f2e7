// What the change poller remembers between two polls: the highest change marker seen and which
// entries carried it. Pure logic (no LDAP), so the comparisons are unit-tested.
//   - Active Directory: uSNChanged, a 64-bit counter; asks for uSNChanged >= last + 1.
//   - other servers: modifyTimestamp (GeneralizedTime, one-second resolution); asks for
//     modifyTimestamp >= last, so entries changed in the same second as the last one are
//     still seen; the ones already reported at exactly that marker are not reported twice.
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace userphoto::directory {

enum class MarkerKind { Usn, Timestamp };

const char* marker_attribute(MarkerKind kind);  // "uSNChanged" / "modifyTimestamp"

// <0, 0, >0 like strcmp; markers that do not parse sort below every valid one.
int compare_markers(MarkerKind kind, std::string_view a, std::string_view b);

// "20261201031502Z" for a time in seconds since the epoch (UTC).
std::string generalized_time(long long epoch_seconds);

class ChangeMarkerTracker {
public:
    // start: the marker from which on changes count (highestCommittedUSN from the root DSE, or a
    // time shortly before start-up). Every entry whose marker is at or above it is reported once.
    ChangeMarkerTracker(MarkerKind kind, std::string start);

    MarkerKind kind() const { return kind_; }
    const std::string& last() const { return last_; }

    // The poll's filter: the URL's filter and the marker condition.
    std::string filter(const std::string& base_filter) const;

    // One poll's answers (dn, marker); returns the DNs that changed since the previous poll.
    std::vector<std::string> take(const std::vector<std::pair<std::string, std::string>>& answers);

private:
    MarkerKind kind_;
    std::string last_;
    std::set<std::string> reported_at_last_;  // DNs already reported with marker == last_
};

}  // namespace userphoto::directory
