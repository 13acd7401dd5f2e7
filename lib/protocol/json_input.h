// The one JSON parser of every request body the module reads: a nesting-depth cap (deep documents
// are refused while parsing, before anything recurses over them) and, for callers that sign raw
// text, the byte span of each container and literal as the same parse saw it.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace userphoto {

// Containers open at once; real request bodies need fewer than ten.
inline constexpr std::size_t kMaxJsonDepth = 32;

// Structural events with byte offsets into the parsed text. `depth` is the number of containers
// around the value (0 for the document itself).
class JsonSpanObserver {
public:
    virtual ~JsonSpanObserver() = default;
    // An object member's name, decoded (escapes resolved), as the parsed document stores it.
    virtual void key(std::string_view name, std::size_t depth) = 0;
    // A value starts: `begin` is its first byte, or nullopt for strings and numbers (not tracked).
    virtual void value_begin(std::size_t depth, std::optional<std::size_t> begin) = 0;
    // A value ends: `end` is one past its last byte, or nullopt for strings and numbers.
    virtual void value_end(std::size_t depth, std::optional<std::size_t> end) = 0;
};

struct JsonInput {
    nlohmann::json value;  // discarded unless ok
    bool ok = false;
    bool too_deep = false;  // refused for nesting deeper than kMaxJsonDepth
};

// Strict RFC 8259 parse (a leading UTF-8 BOM is skipped, as nlohmann does); never throws.
JsonInput parse_json(std::string_view text, JsonSpanObserver* observer = nullptr);

}  // namespace userphoto
