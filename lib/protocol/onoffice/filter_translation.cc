#include "protocol/onoffice/filter_translation.h"

#include <charconv>

#include "directory/filter.h"
#include "util/strings.h"

namespace userphoto::onoffice {
namespace {

using nlohmann::json;
using directory::escape_filter_value;

bool is_integer_text(const std::string& s) {
    if (s.empty() || s.size() > 19) return false;
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size();
}

std::string compare(const std::string& attribute, const char* op, const std::string& value) {
    return "(" + attribute + op + escape_filter_value(value) + ")";
}

// "%" is the wildcard; every other byte is escaped. No "%" at all: plain equality.
std::string like(const std::string& attribute, const std::string& pattern) {
    if (pattern.find('%') == std::string::npos) return compare(attribute, "=", pattern);
    std::string out = "(" + attribute + "=";
    bool last_star = false;
    size_t start = 0;
    while (true) {
        size_t pct = pattern.find('%', start);
        std::string piece = pattern.substr(start, pct == std::string::npos ? std::string::npos : pct - start);
        if (!piece.empty()) {
            out += escape_filter_value(piece);
            last_star = false;
        }
        if (pct == std::string::npos) break;
        if (!last_star) out += '*';  // "a%%b" is one wildcard: LDAP has no "**"
        last_star = true;
        start = pct + 1;
    }
    return out + ")";
}

std::string negate(const std::string& filter) { return "(!" + filter + ")"; }

std::string any_of(const std::vector<std::string>& parts) {
    if (parts.empty()) return "(!(objectClass=*))";  // "in []" matches nobody
    if (parts.size() == 1) return parts.front();
    std::string out = "(|";
    for (const auto& p : parts) out += p;
    return out + ")";
}

struct Expression {
    std::string ldap;
    std::optional<ApiError> error;
};

Expression translate_one(const std::string& field, const std::string& attribute, bool numeric, const json& expr,
                         size_t* ids) {
    auto bad = [&] { return Expression{"", invalid_value(field)}; };
    if (!expr.is_object() || !expr.contains("op") || !expr["op"].is_string()) return bad();
    const std::string op_text = expr["op"].get<std::string>();
    const std::string op = to_lower(trim(op_text));
    const json val = expr.contains("val") ? expr["val"] : json();

    auto scalar = [&](const json& v) { return filter_value(v, numeric); };

    if (op == "in" || op == "not in") {
        std::vector<std::string> parts;
        const json list = val.is_array() ? val : json::array({val});
        *ids += list.size();
        if (*ids > kMaxIds) return Expression{"", too_many_ids()};
        for (const json& item : list) {
            auto v = scalar(item);
            if (!v) return bad();
            parts.push_back(compare(attribute, "=", *v));
        }
        std::string f = any_of(parts);
        return Expression{op == "in" ? f : negate(f), std::nullopt};
    }
    if (op == "between") {
        if (!val.is_array() || val.size() != 2) return bad();
        auto from = scalar(val[0]);
        auto to = scalar(val[1]);
        if (!from || !to) return bad();
        return Expression{"(&" + compare(attribute, ">=", *from) + compare(attribute, "<=", *to) + ")", std::nullopt};
    }
    const bool known = op == "is" || op == "=" || op == "!=" || op == "<>" || op == ">" || op == "<" || op == ">=" ||
                       op == "<=" || op == "like" || op == "not like";
    if (!known) return Expression{"", unknown_operator(op_text)};
    if (op == "like" || op == "not like") {
        if (!val.is_string() && !val.is_number_integer()) return bad();
        std::string pattern = val.is_string() ? val.get<std::string>() : val.dump();
        if (pattern.empty() || pattern.size() > directory::kMaxFilterValueLength) return bad();
        std::string f = like(attribute, pattern);
        return Expression{op == "like" ? f : negate(f), std::nullopt};
    }
    auto v = scalar(val);
    if (!v) return bad();
    if (op == "is" || op == "=") return Expression{compare(attribute, "=", *v), std::nullopt};
    if (op == "!=" || op == "<>") return Expression{negate(compare(attribute, "=", *v)), std::nullopt};
    if (op == ">=") return Expression{compare(attribute, ">=", *v), std::nullopt};
    if (op == "<=") return Expression{compare(attribute, "<=", *v), std::nullopt};
    const char* le_ge = op == ">" ? ">=" : "<=";
    return Expression{"(&" + compare(attribute, le_ge, *v) + negate(compare(attribute, "=", *v)) + ")", std::nullopt};
}

}  // namespace

std::optional<std::string> FieldMap::attribute_of(const std::string& field) const {
    auto it = attributes.find(field);
    if (it == attributes.end()) return std::nullopt;
    return it->second;
}

FieldMap default_field_map(const PeopleAttributes& attributes) {
    FieldMap map;
    map.number_attribute = attributes.number;
    map.attributes = {{"Nr", attributes.number}, {"Name", "uid"},     {"email", attributes.email},
                      {"Vorname", "givenName"},  {"Nachname", "sn"}, {"Kuerzel", "initials"}};
    return map;
}

std::optional<std::string> filter_value(const json& value, bool numeric) {
    std::string text;
    if (value.is_number_integer()) {
        text = value.dump();
    } else if (value.is_string()) {
        text = value.get<std::string>();
        if (numeric) text = std::string(trim(text));
    } else if (value.is_number_float() && !numeric) {
        text = value.dump();
    } else {
        return std::nullopt;
    }
    if (numeric && !is_integer_text(text)) return std::nullopt;
    if (text.empty() || text.size() > directory::kMaxFilterValueLength) return std::nullopt;
    return text;
}

FilterTranslation translate_filter(const json& filter, const FieldMap& fields) {
    FilterTranslation out;
    if (filter.is_null() || (filter.is_array() && filter.empty())) return out;
    if (!filter.is_object()) {
        out.error = invalid_value("filter");
        return out;
    }
    std::vector<std::string> parts;
    size_t ids = 0;
    for (const auto& [field, expressions] : filter.items()) {
        auto attribute = fields.attribute_of(field);
        if (!attribute) {
            out.error = unknown_field(field);
            return out;
        }
        const bool numeric = *attribute == fields.number_attribute;
        const json list = expressions.is_array() ? expressions : json::array({expressions});
        for (const json& expr : list) {
            Expression e = translate_one(field, *attribute, numeric, expr, &ids);
            if (e.error) {
                out.error = e.error;
                return out;
            }
            parts.push_back(std::move(e.ldap));
        }
    }
    if (parts.size() == 1) {
        out.ldap = parts.front();
    } else if (!parts.empty()) {
        out.ldap = "(&";
        for (const auto& p : parts) out.ldap += p;
        out.ldap += ")";
    }
    return out;
}

}  // namespace userphoto::onoffice
