#include "directory/change_marker_tracker.h"

#include <ctime>

namespace userphoto::directory {
namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string_view strip_zeros(std::string_view s) {
    while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);
    return s;
}

int compare_numbers(std::string_view a, std::string_view b) {  // decimal, any length
    a = strip_zeros(a);
    b = strip_zeros(b);
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

// GeneralizedTime in UTC: 14 digits, optional fraction (".0" on AD), "Z". Splits into the
// whole seconds and the fraction digits; false for anything else (local times, offsets).
bool split_time(std::string_view t, std::string_view* whole, std::string_view* fraction) {
    if (t.size() < 15 || t.back() != 'Z') return false;
    *whole = t.substr(0, 14);
    if (!all_digits(*whole)) return false;
    std::string_view rest = t.substr(14, t.size() - 15);
    *fraction = {};
    if (!rest.empty()) {
        if (rest.front() != '.' && rest.front() != ',') return false;
        *fraction = rest.substr(1);
        if (!all_digits(*fraction)) return false;
    }
    return true;
}

int compare_fractions(std::string_view a, std::string_view b) {  // ".5" == ".50"
    size_t n = a.size() > b.size() ? a.size() : b.size();
    for (size_t i = 0; i < n; ++i) {
        char x = i < a.size() ? a[i] : '0';
        char y = i < b.size() ? b[i] : '0';
        if (x != y) return x < y ? -1 : 1;
    }
    return 0;
}

std::string plus_one(std::string_view number) {
    std::string out(strip_zeros(number));
    for (size_t i = out.size(); i-- > 0;) {
        if (out[i] != '9') {
            ++out[i];
            return out;
        }
        out[i] = '0';
    }
    return "1" + out;
}

}  // namespace

const char* marker_attribute(MarkerKind kind) { return kind == MarkerKind::Usn ? "uSNChanged" : "modifyTimestamp"; }

int compare_markers(MarkerKind kind, std::string_view a, std::string_view b) {
    if (kind == MarkerKind::Usn) {
        bool va = all_digits(a), vb = all_digits(b);
        if (!va || !vb) return va == vb ? 0 : (va ? 1 : -1);
        return compare_numbers(a, b);
    }
    std::string_view wa, fa, wb, fb;
    bool va = split_time(a, &wa, &fa), vb = split_time(b, &wb, &fb);
    if (!va || !vb) return va == vb ? 0 : (va ? 1 : -1);
    if (int c = wa.compare(wb)) return c < 0 ? -1 : 1;
    return compare_fractions(fa, fb);
}

std::string generalized_time(long long epoch_seconds) {
    std::time_t t = static_cast<std::time_t>(epoch_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d%H%M%SZ", &tm);
    return text;
}

ChangeMarkerTracker::ChangeMarkerTracker(MarkerKind kind, std::string start) : kind_(kind), last_(std::move(start)) {}

std::string ChangeMarkerTracker::filter(const std::string& base_filter) const {
    // last_ is digits, or digits with '.', ',' and 'Z' (checked by whoever set it): nothing to escape.
    std::string condition = kind_ == MarkerKind::Usn
                                ? std::string("(uSNChanged>=") + plus_one(all_digits(last_) ? last_ : "0") + ")"
                                : std::string("(modifyTimestamp>=") + last_ + ")";
    return "(&" + base_filter + condition + ")";
}

std::vector<std::string> ChangeMarkerTracker::take(const std::vector<std::pair<std::string, std::string>>& answers) {
    std::vector<std::string> changed;
    std::string highest = last_;
    for (const auto& [dn, marker] : answers) {
        int c = compare_markers(kind_, marker, last_);
        if (c > 0 || (c == 0 && !reported_at_last_.count(dn))) changed.push_back(dn);
        if (compare_markers(kind_, marker, highest) > 0) highest = marker;
    }
    if (highest != last_) {
        reported_at_last_.clear();
        last_ = highest;
    }
    for (const auto& [dn, marker] : answers)
        if (compare_markers(kind_, marker, last_) == 0) reported_at_last_.insert(dn);
    return changed;
}

}  // namespace userphoto::directory
