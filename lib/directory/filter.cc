#include "directory/filter.h"

#include <ldap.h>

#include <cctype>

#include "util/strings.h"

namespace userphoto::directory {
namespace {

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 && static_cast<unsigned char>(c) < 0x80; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_keychar(char c) { return is_alpha(c) || is_digit(c) || c == '-'; }

// descr = ALPHA *keychar
bool is_descr(std::string_view s) {
    if (s.empty() || !is_alpha(s.front())) return false;
    for (char c : s)
        if (!is_keychar(c)) return false;
    return true;
}

// numericoid = number 1*( DOT number ); number = DIGIT / ( LDIGIT 1*DIGIT )
bool is_numericoid(std::string_view s) {
    int parts = 0;
    size_t i = 0;
    while (true) {
        size_t start = i;
        while (i < s.size() && is_digit(s[i])) ++i;
        size_t len = i - start;
        if (len == 0 || (len > 1 && s[start] == '0')) return false;
        ++parts;
        if (i == s.size()) break;
        if (s[i] != '.') return false;
        ++i;
    }
    return parts >= 2;
}

bool is_oid(std::string_view s) { return is_descr(s) || is_numericoid(s); }

// Recursive-descent checker for RFC 4515 section 3.
class FilterChecker {
public:
    explicit FilterChecker(std::string_view text) : s_(text) {}

    bool check(std::string* error) {
        bool ok = filter();
        if (ok && pos_ != s_.size()) ok = fail("unexpected text after the closing ')'");
        if (!ok && error) *error = error_;
        return ok;
    }

private:
    static constexpr int kMaxDepth = 64;  // configured filters are small; deep nesting is a mistake

    bool fail(const std::string& what) {
        if (error_.empty()) error_ = what + " at offset " + std::to_string(pos_);
        return false;
    }
    bool at_end() const { return pos_ >= s_.size(); }
    char peek() const { return at_end() ? '\0' : s_[pos_]; }

    bool filter() {
        if (peek() != '(') return fail(at_end() ? "filter ends early, expected '('" : "expected '('");
        if (++depth_ > kMaxDepth) return fail("filter nested too deeply");
        ++pos_;
        if (!component()) return false;
        if (peek() != ')') return fail(at_end() ? "missing ')'" : "expected ')'");
        ++pos_;
        --depth_;
        return true;
    }

    bool component() {
        char c = peek();
        if (c == '&' || c == '|') {
            ++pos_;
            while (peek() == '(')  // RFC 4526 allows an empty list: absolute true / false
                if (!filter()) return false;
            return true;
        }
        if (c == '!') {
            ++pos_;
            return filter();
        }
        return item();
    }

    // attr filtertype value, or the extensible form attr[:dn][:rule]:=value / [:dn]:rule:=value
    bool item() {
        size_t start = pos_;
        while (!at_end() && (is_keychar(peek()) || peek() == '.' || peek() == ';')) ++pos_;
        std::string_view attr = s_.substr(start, pos_ - start);
        if (!attr.empty() && !is_valid_attribute_name(attr)) {
            pos_ = start;
            return fail("invalid attribute description '" + std::string(attr) + "'");
        }
        if (peek() == ':') return extensible(!attr.empty());
        if (attr.empty()) return fail("expected an attribute name");
        char c = peek();
        if (c == '=') {
            ++pos_;
            return value(true);
        }
        if ((c == '~' || c == '>' || c == '<') && pos_ + 1 < s_.size() && s_[pos_ + 1] == '=') {
            pos_ += 2;
            return value(false);
        }
        return fail("expected '=', '~=', '>=', '<=' or ':'");
    }

    bool extensible(bool have_attr) {
        bool have_rule = false;
        // ":dn" only when another ':' follows; otherwise it starts a rule name like "dnMatch".
        if (iequals(s_.substr(pos_, 3), ":dn") && pos_ + 3 < s_.size() && s_[pos_ + 3] == ':') pos_ += 3;
        if (s_.substr(pos_, 2) != ":=") {
            ++pos_;  // the ':' before the matching rule
            size_t start = pos_;
            while (!at_end() && (is_keychar(peek()) || peek() == '.')) ++pos_;
            if (!is_oid(s_.substr(start, pos_ - start))) {
                pos_ = start;
                return fail("invalid matching rule in extensible match");
            }
            have_rule = true;
        }
        if (s_.substr(pos_, 2) != ":=") return fail("expected ':=' in extensible match");
        if (!have_attr && !have_rule) return fail("extensible match needs an attribute or a matching rule");
        pos_ += 2;
        return value(false);
    }

    // valueencoding = 0*(normal / escaped); '*' only in present / substring assertions.
    bool value(bool star_allowed) {
        while (!at_end() && peek() != ')') {
            char c = peek();
            if (c == '(') return fail("unescaped '(' in a value");
            if (c == '\0') return fail("NUL byte in a value (write it as \\00)");
            if (c == '*' && !star_allowed) return fail("'*' is not allowed in this kind of assertion");
            if (c == '\\') {
                if (pos_ + 2 >= s_.size() || !is_hex(s_[pos_ + 1]) || !is_hex(s_[pos_ + 2]))
                    return fail("'\\' must be followed by two hex digits");
                pos_ += 3;
                continue;
            }
            ++pos_;
        }
        return true;
    }

    std::string_view s_;
    size_t pos_ = 0;
    int depth_ = 0;
    std::string error_;
};

}  // namespace

bool is_valid_attribute_name(std::string_view name) {
    size_t semi = name.find(';');
    if (!is_oid(name.substr(0, semi))) return false;
    while (semi != std::string_view::npos) {
        name.remove_prefix(semi + 1);
        semi = name.find(';');
        std::string_view option = name.substr(0, semi);
        if (option.empty()) return false;
        for (char c : option)
            if (!is_keychar(c)) return false;
    }
    return true;
}

std::string escape_filter_value(std::string_view value) {
    if (value.empty()) return {};
    berval in{};
    in.bv_len = value.size();
    in.bv_val = const_cast<char*>(value.data());  // read only; the C API lacks const
    berval out{};
    if (ldap_bv2escaped_filter_value(&in, &out) != 0 || out.bv_val == nullptr) return {};
    std::string escaped(out.bv_val, out.bv_len);
    ber_memfree(out.bv_val);
    return escaped;
}

std::optional<std::string> equality_filter(std::string_view attribute, std::string_view value,
                                           std::string_view base_filter) {
    if (value.empty() || value.size() > kMaxFilterValueLength || !is_valid_attribute_name(attribute))
        return std::nullopt;
    std::string escaped = escape_filter_value(value);
    if (escaped.empty()) return std::nullopt;  // allocation failure inside libldap
    std::string item = "(" + std::string(attribute) + "=" + escaped + ")";
    return and_filters(base_filter, item);
}

bool is_valid_filter(std::string_view filter, std::string* error) {
    return FilterChecker(filter).check(error);
}

std::string and_filters(std::string_view a, std::string_view b) {
    if (a.empty()) return std::string(b);
    if (b.empty()) return std::string(a);
    std::string out;
    out.reserve(a.size() + b.size() + 3);
    out += "(&";
    out += a;
    out += b;
    out += ')';
    return out;
}

}  // namespace userphoto::directory
