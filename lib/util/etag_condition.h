// An If-None-Match condition as RFC 9110 (13.1.2) reads it: `*` or a list of entity tags, compared
// weakly (W/"x" matches "x"). Parsed from the header by protocol/etag_header.h; evaluated by the
// service and the cache against the current photo's tag.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace userphoto {

struct EtagCondition {
    bool any = false;               // `*`: matches whenever there is a current representation
    std::vector<std::string> tags;  // opaque tags: unquoted, without W/

    bool empty() const { return !any && tags.empty(); }
    // `current` is the opaque tag of what would be served; empty when there is nothing to serve.
    bool matches(std::string_view current) const {
        if (current.empty()) return false;
        if (any) return true;
        for (const std::string& tag : tags)
            if (tag == current) return true;
        return false;
    }
    static EtagCondition of(std::string tag) {
        EtagCondition condition;
        if (!tag.empty()) condition.tags.push_back(std::move(tag));
        return condition;
    }
};

}  // namespace userphoto
