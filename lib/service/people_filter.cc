#include "service/people_filter.h"

#include <optional>

#include "directory/filter.h"

namespace userphoto {
namespace {

using directory::escape_filter_value;

static_assert(kMaxCriteriaValueLength == directory::kMaxFilterValueLength,
              "a criteria value must fit an LDAP filter value");

// Filter text, or the reason there is none.
struct Part {
    std::string ldap;
    std::string error;
};

Part fail(std::string why) { return Part{"", std::move(why)}; }

bool usable(const std::string& value) { return !value.empty() && value.size() <= kMaxCriteriaValueLength; }

std::string compare(const std::string& attribute, const char* op, const std::string& value) {
    return "(" + attribute + op + escape_filter_value(value) + ")";
}

std::string negate(const std::string& filter) { return "(!" + filter + ")"; }

std::string all(const std::vector<std::string>& parts) {
    if (parts.size() == 1) return parts.front();
    std::string out = "(&";
    for (const auto& p : parts) out += p;
    return out + ")";
}

std::string any_of(const std::string& attribute, const std::vector<std::string>& values) {
    if (values.empty()) return "(!(objectClass=*))";  // "in nothing" matches nobody
    if (values.size() == 1) return compare(attribute, "=", values.front());
    std::string out = "(|";
    for (const auto& v : values) out += compare(attribute, "=", v);
    return out + ")";
}

// Segments escaped, "*" between them and where the pattern is open; no wildcard: equality.
Part like(const std::string& attribute, const LikePattern& pattern) {
    std::vector<const std::string*> segments;
    for (const std::string& s : pattern.segments) {
        if (s.size() > kMaxCriteriaValueLength) return fail("like segment longer than the cap");
        if (!s.empty()) segments.push_back(&s);
    }
    const bool wildcard = pattern.any_prefix || pattern.any_suffix || segments.size() > 1;
    if (!wildcard) {
        if (segments.empty()) return fail("empty like pattern on " + attribute);
        return Part{compare(attribute, "=", *segments.front()), ""};
    }
    std::string out = "(" + attribute + "=";
    if (pattern.any_prefix) out += '*';
    for (size_t i = 0; i < segments.size(); ++i) {
        if (i > 0) out += '*';
        out += escape_filter_value(*segments[i]);
    }
    if (pattern.any_suffix && !(segments.empty() && pattern.any_prefix)) out += '*';  // "*" not "**"
    return Part{out + ")", ""};
}

Part condition(const Condition& c) {
    const std::string& a = c.attribute;
    if (!directory::is_valid_attribute_name(a)) return fail("invalid attribute name \"" + a + "\"");
    for (const std::string& v : c.values)
        if (!usable(v)) return fail("empty or over-long value for " + a);
    auto one = [&]() -> std::optional<std::string> {
        if (c.values.size() != 1) return std::nullopt;
        return c.values.front();
    };
    switch (c.comparison) {
        case Comparison::Like:
        case Comparison::NotLike: {
            Part p = like(a, c.pattern);
            if (!p.error.empty() || c.comparison == Comparison::Like) return p;
            return Part{negate(p.ldap), ""};
        }
        case Comparison::In: return Part{any_of(a, c.values), ""};
        case Comparison::NotIn: return Part{negate(any_of(a, c.values)), ""};
        case Comparison::Between:
            if (c.values.size() != 2) return fail("between needs two values for " + a);
            return Part{"(&" + compare(a, ">=", c.values[0]) + compare(a, "<=", c.values[1]) + ")", ""};
        default: break;
    }
    auto v = one();
    if (!v) return fail("one value expected for " + a);
    switch (c.comparison) {
        case Comparison::Equal: return Part{compare(a, "=", *v), ""};
        case Comparison::NotEqual: return Part{negate(compare(a, "=", *v)), ""};
        case Comparison::GreaterOrEqual: return Part{compare(a, ">=", *v), ""};
        case Comparison::LessOrEqual: return Part{compare(a, "<=", *v), ""};
        case Comparison::Greater: return Part{"(&" + compare(a, ">=", *v) + negate(compare(a, "=", *v)) + ")", ""};
        case Comparison::Less: return Part{"(&" + compare(a, "<=", *v) + negate(compare(a, "=", *v)) + ")", ""};
        default: return fail("unsupported comparison on " + a);
    }
}

Part messenger(const std::vector<std::string>& ids, const std::string& attribute) {
    if (attribute.empty()) return fail("no messenger id attribute is configured");
    if (!directory::is_valid_attribute_name(attribute)) return fail("invalid attribute name \"" + attribute + "\"");
    if (ids.empty()) return Part{"(" + attribute + "=*)", ""};
    std::string out = "(|";
    for (const std::string& id : ids) {
        if (!usable(id)) return fail("empty or over-long messenger id");
        out += compare(attribute, "=", id);
    }
    return Part{out + ")", ""};
}

}  // namespace

PeopleFilter people_ldap_filter(const PeopleCriteria& criteria, const PeopleAttributes& attributes) {
    PeopleFilter out;
    std::vector<std::string> parts;
    auto add = [&](Part p) {
        if (!p.error.empty()) {
            out.error = std::move(p.error);
            return false;
        }
        parts.push_back(std::move(p.ldap));
        return true;
    };
    if (criteria.messenger_ids && !add(messenger(*criteria.messenger_ids, attributes.messenger))) return out;
    for (const Condition& c : criteria.all_of)
        if (!add(condition(c))) return out;
    if (!parts.empty()) out.ldap = all(parts);
    return out;
}

}  // namespace userphoto
