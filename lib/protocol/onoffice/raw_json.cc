#include "protocol/onoffice/raw_json.h"

#include <string>

namespace userphoto::onoffice {
namespace {

// A minimal cursor over valid JSON: skips whitespace and whole values, reads keys.
class Cursor {
public:
    explicit Cursor(std::string_view text) : text_(text) {}

    void ws() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }
    bool eat(char c) {
        ws();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    bool peek(char c) {
        ws();
        return pos_ < text_.size() && text_[pos_] == c;
    }
    // A string token; the decoded value only matters for plain keys, so escapes are kept raw
    // except that "\/" is read as "/" (no key we look for contains either).
    std::optional<std::string> string() {
        ws();
        if (pos_ >= text_.size() || text_[pos_] != '"') return std::nullopt;
        std::string out;
        for (++pos_; pos_ < text_.size(); ++pos_) {
            char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (c == '\\') {
                if (++pos_ >= text_.size()) return std::nullopt;
                out += '\\';
                out += text_[pos_];
                continue;
            }
            out += c;
        }
        return std::nullopt;
    }
    // Skips one value; returns its raw span.
    std::optional<std::string_view> value(int depth = 0) {
        if (depth > 512) return std::nullopt;
        ws();
        const size_t start = pos_;
        if (pos_ >= text_.size()) return std::nullopt;
        char c = text_[pos_];
        if (c == '"') {
            if (!string()) return std::nullopt;
        } else if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++pos_;
            if (!eat(close)) {
                do {
                    if (c == '{' && (!string() || !eat(':'))) return std::nullopt;
                    if (!value(depth + 1)) return std::nullopt;
                } while (eat(','));
                if (!eat(close)) return std::nullopt;
            }
        } else {
            while (pos_ < text_.size() && std::string_view(",}] \t\r\n").find(text_[pos_]) == std::string_view::npos)
                ++pos_;
            if (pos_ == start) return std::nullopt;
        }
        return text_.substr(start, pos_ - start);
    }
    // Calls f(key) for each member of an object at the cursor; f must consume the value.
    template <typename F>
    bool members(F&& f) {
        if (!eat('{')) return false;
        if (eat('}')) return true;
        do {
            auto key = string();
            if (!key || !eat(':') || !f(*key)) return false;
        } while (eat(','));
        return eat('}');
    }

private:
    std::string_view text_;
    size_t pos_ = 0;
};

}  // namespace

std::vector<std::optional<std::string_view>> raw_action_parameters(std::string_view body) {
    std::vector<std::optional<std::string_view>> actions;
    Cursor cursor(body);
    bool ok = cursor.members([&](const std::string& key) {
        if (key != "request" || !cursor.peek('{')) return cursor.value().has_value();
        return cursor.members([&](const std::string& inner) {
            if (inner != "actions" || !cursor.peek('[')) return cursor.value().has_value();
            actions.clear();  // a repeated "actions" key: the last one counts
            cursor.eat('[');
            if (cursor.eat(']')) return true;
            do {
                std::optional<std::string_view> parameters;
                if (!cursor.peek('{')) {
                    if (!cursor.value()) return false;
                } else if (!cursor.members([&](const std::string& field) {
                               auto raw = cursor.value();
                               if (!raw) return false;
                               if (field == "parameters") parameters = raw;
                               return true;
                           })) {
                    return false;
                }
                actions.push_back(parameters);
            } while (cursor.eat(','));
            return cursor.eat(']');
        });
    });
    if (!ok) actions.clear();
    return actions;
}

}  // namespace userphoto::onoffice
