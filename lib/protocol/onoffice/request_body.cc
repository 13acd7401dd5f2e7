#include "protocol/onoffice/request_body.h"

#include <string>

namespace userphoto::onoffice {
namespace {

// Follows the path root → "request" → "actions" → [i] → "parameters" through the parse events.
class ParameterSpans : public JsonSpanObserver {
public:
    explicit ParameterSpans(std::string_view body) : body_(body) {}

    std::vector<std::optional<std::string_view>> spans;

    void key(std::string_view name, std::size_t depth) override {
        if (depth < kDepths) keys_[depth] = std::string(name);
    }
    void value_begin(std::size_t depth, std::optional<std::size_t> begin) override {
        // A later "request" or "actions" replaces the earlier one in the document: start over.
        if (depth == 1 && keys_[1] == "request") spans.clear(), in_request_ = true;
        if (depth == 2 && in_request_ && keys_[2] == "actions") spans.clear(), in_actions_ = true;
        if (depth == 3 && in_actions_) spans.emplace_back(), in_action_ = true;
        if (depth == 4 && in_action_ && keys_[4] == "parameters") parameters_begin_ = begin;
        // Values inside this one start without a name (array elements have none).
        for (std::size_t d = depth + 1; d < kDepths; ++d) keys_[d].clear();
    }
    void value_end(std::size_t depth, std::optional<std::size_t> end) override {
        if (depth == 4 && in_action_ && keys_[4] == "parameters" && !spans.empty()) {
            // The last "parameters" of the action wins, as in the document.
            spans.back() = parameters_begin_ && end ? std::optional(body_.substr(*parameters_begin_, *end - *parameters_begin_))
                                                    : std::nullopt;
        }
        if (depth == 1) in_request_ = false;
        if (depth == 2) in_actions_ = false;
        if (depth == 3) in_action_ = false;
    }

private:
    std::string_view body_;
    static constexpr std::size_t kDepths = 5;
    std::string keys_[kDepths];  // keys_[d]: the member name of the value being read at depth d
    bool in_request_ = false, in_actions_ = false, in_action_ = false;
    std::optional<std::size_t> parameters_begin_;
};

}  // namespace

RequestBody parse_request_body(std::string_view body) {
    ParameterSpans spans(body);
    RequestBody out;
    out.json = parse_json(body, &spans);
    if (out.json.ok) out.parameters = std::move(spans.spans);
    return out;
}

}  // namespace userphoto::onoffice
