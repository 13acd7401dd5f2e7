#include "protocol/json_input.h"

#include <iterator>
#include <string>

namespace userphoto {
namespace {

using nlohmann::json;

// A char iterator that remembers the last character the lexer read, so SAX events know where in
// the text they happen. The library's iterator adapter reads one character per step and the lexer
// reads past a token only after numbers (then "ungets" one), so container and literal ends are
// exact. (The onOffice v1 check also re-reads each span it signs, so a library that read ahead
// would refuse signatures, never accept a wrong one.)
struct TrackingIterator {
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    const char* at = nullptr;
    const char** last_read = nullptr;

    reference operator*() const {
        *last_read = at;
        return *at;
    }
    TrackingIterator& operator++() {
        ++at;
        return *this;
    }
    TrackingIterator operator++(int) {
        TrackingIterator before = *this;
        ++at;
        return before;
    }
    bool operator==(const TrackingIterator& other) const { return at == other.at; }
    bool operator!=(const TrackingIterator& other) const { return at != other.at; }
};

// The library's DOM builder, plus the depth cap and the span events.
class BoundedSax {
public:
    BoundedSax(json& root, std::string_view text, const char** last_read, JsonSpanObserver* observer)
        : dom_(root, false), text_(text), last_read_(last_read), observer_(observer) {}

    bool too_deep() const { return too_deep_; }

    bool null() { return literal(4) && dom_.null(); }
    bool boolean(bool v) { return literal(v ? 4 : 5) && dom_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return untracked() && dom_.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return untracked() && dom_.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& s) { return untracked() && dom_.number_float(v, s); }
    bool string(json::string_t& v) { return untracked() && dom_.string(v); }
    bool binary(json::binary_t& v) { return untracked() && dom_.binary(v); }
    bool start_object(std::size_t n) { return open() && dom_.start_object(n); }
    bool key(json::string_t& name) {
        if (observer_) observer_->key(name, depth_);
        return dom_.key(name);
    }
    bool end_object() { return close() && dom_.end_object(); }
    bool start_array(std::size_t n) { return open() && dom_.start_array(n); }
    bool end_array() { return close() && dom_.end_array(); }
    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
        return dom_.parse_error(position, token, e);
    }

private:
    std::size_t offset() const { return static_cast<std::size_t>(*last_read_ - text_.data()); }

    bool literal(std::size_t length) {
        if (observer_) {
            const std::size_t end = offset() + 1;
            observer_->value_begin(depth_, end - length);
            observer_->value_end(depth_, end);
        }
        return true;
    }
    bool untracked() {
        if (observer_) {
            observer_->value_begin(depth_, std::nullopt);
            observer_->value_end(depth_, std::nullopt);
        }
        return true;
    }
    bool open() {
        if (depth_ >= kMaxJsonDepth) {
            too_deep_ = true;
            return false;  // stops the parse here
        }
        if (observer_) observer_->value_begin(depth_, offset());
        ++depth_;
        return true;
    }
    bool close() {
        --depth_;
        if (observer_) observer_->value_end(depth_, offset() + 1);
        return true;
    }

    nlohmann::detail::json_sax_dom_parser<json> dom_;
    std::string_view text_;
    const char** last_read_;
    JsonSpanObserver* observer_;
    std::size_t depth_ = 0;
    bool too_deep_ = false;
};

}  // namespace

JsonInput parse_json(std::string_view text, JsonSpanObserver* observer) {
    JsonInput out;
    const char* last_read = text.data();
    try {
        BoundedSax sax(out.value, text, &last_read, observer);
        TrackingIterator first{text.data(), &last_read};
        TrackingIterator last{text.data() + text.size(), &last_read};
        out.ok = json::sax_parse(first, last, &sax);
        out.too_deep = sax.too_deep();
    } catch (const std::exception&) {
        out.ok = false;  // allocation failure: treated as unreadable
    }
    if (!out.ok) out.value = json(json::value_t::discarded);
    return out;
}

}  // namespace userphoto
