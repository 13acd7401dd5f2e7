// Parsing untrusted XML with libxml2 without giving it a way out: no network, no DTD (so no
// entities, no XXE, no billion laughs), a size cap, errors kept per parse instead of printed.
// Touches no process-global libxml2 setting: other modules share the process.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <libxml/tree.h>

namespace userphoto::xml {

struct DocDeleter {
    void operator()(xmlDoc* doc) const noexcept;
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

enum class ParseFailure {
    None,
    TooLarge,   // over the caller's cap; not parsed at all
    HasDtd,     // a <!DOCTYPE ...>: refused before any of it is processed
    Malformed,  // not well-formed XML (or empty)
    NoMemory,
};

struct ParseResult {
    DocPtr doc;  // set only on success
    ParseFailure failure = ParseFailure::None;
    std::string message;  // libxml2's text, trimmed; empty on success
    int line = 0;         // 1-based position of the error, 0 when unknown
    int column = 0;

    bool ok() const { return doc != nullptr; }
};

// Parses `bytes` (at most `max_bytes` of them) into a tree. Never throws.
ParseResult parse_untrusted_xml(std::string_view bytes, std::size_t max_bytes) noexcept;

// Element helpers that read namespace URIs, never prefixes.
// The first element child of `parent` (skipping text, comments, PIs), or nullptr.
xmlNode* first_element_child(const xmlNode* parent) noexcept;
// The next element sibling of `node`, or nullptr.
xmlNode* next_element_sibling(const xmlNode* node) noexcept;
// The element's namespace URI ("" when none) and local name.
std::string_view namespace_uri(const xmlNode* node) noexcept;
std::string_view local_name(const xmlNode* node) noexcept;
// Concatenated text content of the element (text and CDATA descendants).
std::string text_content(const xmlNode* node);
// Does the element have non-whitespace text directly inside it?
bool has_direct_text(const xmlNode* node) noexcept;
// Value of an attribute in no namespace, nullopt when absent.
std::optional<std::string> attribute(const xmlNode* node, const char* name);

}  // namespace userphoto::xml
