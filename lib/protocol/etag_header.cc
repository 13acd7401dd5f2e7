#include "protocol/etag_header.h"

namespace userphoto {
namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }

// The list grammar both headers share; `weak_members` false skips W/"tag" members (strong comparison).
EtagCondition parse_etag_list(std::string_view header, bool weak_members) {
    EtagCondition condition;
    size_t i = 0;
    const size_t n = header.size();
    while (i < n && condition.tags.size() < kMaxIfNoneMatchTags) {
        while (i < n && (is_ows(header[i]) || header[i] == ',')) ++i;
        if (i >= n) break;
        const size_t start = i;
        if (header[i] == '*') {
            ++i;
        } else {
            bool weak = false;
            if (i + 1 < n && (header[i] == 'W' || header[i] == 'w') && header[i + 1] == '/') {
                weak = true;
                i += 2;
            }
            if (i < n && header[i] == '"') {
                const size_t close = header.find('"', i + 1);
                if (close == std::string_view::npos) break;  // unterminated: nothing more to trust
                std::string_view tag = header.substr(i + 1, close - i - 1);
                if (!tag.empty() && (weak_members || !weak)) condition.tags.emplace_back(tag);
                i = close + 1;
            } else {
                while (i < n && header[i] != ',' && !is_ows(header[i]) && header[i] != '"') ++i;
                std::string_view tag = header.substr(start, i - start);
                if (!tag.empty() && tag.find('/') == std::string_view::npos) condition.tags.emplace_back(tag);
            }
        }
        if (header.substr(start, i - start) == "*") condition.any = true;
        // Whatever follows a member up to the next comma is not part of it.
        while (i < n && header[i] != ',') ++i;
    }
    return condition;
}

}  // namespace

EtagCondition parse_if_none_match(std::string_view header) { return parse_etag_list(header, true); }

EtagCondition parse_if_match(std::string_view header) { return parse_etag_list(header, false); }

std::string quoted_etag(std::string_view etag) { return "\"" + std::string(etag) + "\""; }

}  // namespace userphoto
