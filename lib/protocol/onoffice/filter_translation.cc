#include "protocol/onoffice/filter_translation.h"

#include <charconv>

#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::onoffice {
namespace {

using nlohmann::json;

bool is_integer_text(const std::string& s) {
    return s.size() <= 19 && parse_integer<int64_t>(s).has_value();
}

// "%" is the wildcard (a run of them is one); everything else is literal text.
LikePattern like_pattern(const std::string& text) {
    LikePattern pattern;
    size_t start = 0;
    while (true) {
        size_t pct = text.find('%', start);
        std::string piece = text.substr(start, pct == std::string::npos ? std::string::npos : pct - start);
        if (!piece.empty()) pattern.segments.push_back(std::move(piece));
        if (pct == std::string::npos) break;
        if (pattern.segments.empty()) pattern.any_prefix = true;
        start = pct + 1;
    }
    pattern.any_suffix = !text.empty() && text.back() == '%';
    return pattern;
}

struct Expression {
    Condition condition;
    std::optional<ApiError> error;
};

// "<>" and "!=" are the same operator; ">" / "<" strict.
std::optional<Comparison> scalar_comparison(const std::string& op) {
    if (op == "is" || op == "=") return Comparison::Equal;
    if (op == "!=" || op == "<>") return Comparison::NotEqual;
    if (op == ">") return Comparison::Greater;
    if (op == "<") return Comparison::Less;
    if (op == ">=") return Comparison::GreaterOrEqual;
    if (op == "<=") return Comparison::LessOrEqual;
    return std::nullopt;
}

Expression translate_one(const std::string& field, const std::string& attribute, bool numeric, const json& expr,
                         size_t* ids) {
    auto bad = [&] { return Expression{{}, invalid_value(field)}; };
    if (!expr.is_object() || !expr.contains("op") || !expr["op"].is_string()) return bad();
    const std::string op_text = expr["op"].get<std::string>();
    const std::string op = to_lower(trim(op_text));
    static const json kNull;
    const json& val = expr.contains("val") ? expr["val"] : kNull;  // references: never copy client JSON

    Expression out;
    Condition& c = out.condition;
    c.attribute = attribute;
    auto scalar = [&](const json& v) { return filter_value(v, numeric); };

    if (op == "in" || op == "not in") {
        c.comparison = op == "in" ? Comparison::In : Comparison::NotIn;
        // One value stands for a list of one.
        *ids += val.is_array() ? val.size() : 1;
        if (*ids > kMaxIds) return Expression{{}, too_many_ids()};
        auto add = [&](const json& item) {
            auto v = scalar(item);
            if (v) c.values.push_back(std::move(*v));
            return v.has_value();
        };
        if (!val.is_array()) return add(val) ? out : bad();
        for (const json& item : val)
            if (!add(item)) return bad();
        return out;
    }
    if (op == "between") {
        if (!val.is_array() || val.size() != 2) return bad();
        auto from = scalar(val[0]);
        auto to = scalar(val[1]);
        if (!from || !to) return bad();
        c.comparison = Comparison::Between;
        c.values = {std::move(*from), std::move(*to)};
        return out;
    }
    if (op == "like" || op == "not like") {
        if (!val.is_string() && !val.is_number_integer()) return bad();
        std::string pattern = val.is_string() ? val.get<std::string>() : val.dump();
        if (pattern.empty() || pattern.size() > kMaxCriteriaValueLength) return bad();
        c.comparison = op == "like" ? Comparison::Like : Comparison::NotLike;
        c.pattern = like_pattern(pattern);
        return out;
    }
    auto comparison = scalar_comparison(op);
    if (!comparison) return Expression{{}, unknown_operator(op_text)};
    auto v = scalar(val);
    if (!v) return bad();
    c.comparison = *comparison;
    c.values = {std::move(*v)};
    return out;
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
    if (text.empty() || text.size() > kMaxCriteriaValueLength) return std::nullopt;
    return text;
}

FilterTranslation translate_filter(const json& filter, const FieldMap& fields) {
    FilterTranslation out;
    if (filter.is_null() || (filter.is_array() && filter.empty())) return out;
    if (!filter.is_object()) {
        out.error = invalid_value("filter");
        return out;
    }
    size_t ids = 0;
    for (const auto& [field, expressions] : filter.items()) {
        auto attribute = fields.attribute_of(field);
        if (!attribute) {
            out.error = unknown_field(field);
            return out;
        }
        const bool numeric = *attribute == fields.number_attribute;
        // One expression stands for a list of one.
        auto add = [&](const json& expr) {
            Expression e = translate_one(field, *attribute, numeric, expr, &ids);
            if (e.error) {
                out.error = e.error;
                out.conditions.clear();
                return false;
            }
            out.conditions.push_back(std::move(e.condition));
            return true;
        };
        if (!expressions.is_array()) {
            if (!add(expressions)) return out;
            continue;
        }
        for (const json& expr : expressions)
            if (!add(expr)) return out;
    }
    return out;
}

}  // namespace userphoto::onoffice
