// Which people a list asks for, in directory terms but free of any query syntax: conditions on
// directory attributes, ANDed. Codecs map their own field names and operators onto this; the
// service alone turns it into an LDAP filter (service/people_filter.h).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace userphoto {

// Longest value (or like-segment) a condition may carry; longer ones are refused, never truncated.
inline constexpr std::size_t kMaxCriteriaValueLength = 256;

enum class Comparison {
    Equal,           // values[0]
    NotEqual,        // values[0]
    Less,            // values[0]
    LessOrEqual,     // values[0]
    Greater,         // values[0]
    GreaterOrEqual,  // values[0]
    Between,         // values[0] <= x <= values[1]
    Like,            // pattern
    NotLike,         // pattern
    In,              // any of values (none: matches nobody)
    NotIn,           // none of values (none: matches everyone)
};

// A wildcard match: the literal segments in order, anything between them, and optionally anything
// before the first / after the last. No wildcard at all (one segment, no any_*): plain equality.
struct LikePattern {
    std::vector<std::string> segments;  // literal text, never empty strings
    bool any_prefix = false;
    bool any_suffix = false;
    bool has_wildcard() const { return any_prefix || any_suffix || segments.size() > 1; }
};

struct Condition {
    std::string attribute;  // a directory attribute name
    Comparison comparison = Comparison::Equal;
    std::vector<std::string> values;  // literal values (unescaped); see Comparison
    LikePattern pattern;              // Like / NotLike only
};

struct PeopleCriteria {
    // Everyone whose messenger id (PeopleAttributes::messenger) is one of these; an empty list:
    // everyone with a messenger id. nullopt: no messenger condition.
    std::optional<std::vector<std::string>> messenger_ids;
    std::vector<Condition> all_of;  // ANDed with each other and with messenger_ids
    bool selects_everyone() const { return !messenger_ids && all_of.empty(); }
};

}  // namespace userphoto
