#include "protocol/xml_safe.h"

#include <climits>
#include <mutex>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

namespace userphoto::xml {
namespace {

// What our SAX hooks found during one parse; reached through ctxt->_private.
struct ParseWatch {
    bool saw_dtd = false;
};

ParseWatch* watch_of(void* ctx) {
    auto* ctxt = static_cast<xmlParserCtxt*>(ctx);
    return ctxt ? static_cast<ParseWatch*>(ctxt->_private) : nullptr;
}

// Any DOCTYPE stops the parser before its internal subset is read, so no entity is ever
// declared, let alone expanded or fetched.
void refuse_dtd(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
    if (ParseWatch* watch = watch_of(ctx)) watch->saw_dtd = true;
    xmlStopParser(static_cast<xmlParserCtxt*>(ctx));
}

void refuse_entity_decl(void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) {
    refuse_dtd(ctx, nullptr, nullptr, nullptr);
}

// Errors stay in ctxt->lastError; nothing goes to stderr or to a handler someone else set.
void ignore_structured_error(void*, xmlError*) {}

struct ParserCtxtDeleter {
    void operator()(xmlParserCtxt* ctxt) const noexcept { xmlFreeParserCtxt(ctxt); }
};
using ParserCtxtPtr = std::unique_ptr<xmlParserCtxt, ParserCtxtDeleter>;

std::string trimmed_message(const char* text) {
    std::string out = text ? text : "";
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

void ensure_library_initialised() {
    // xmlInitParser is not safe to race on its first call; every later call is a no-op.
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

ParseResult failure(ParseFailure why, std::string message, int line = 0, int column = 0) {
    ParseResult result;
    result.failure = why;
    result.message = std::move(message);
    result.line = line;
    result.column = column;
    return result;
}

}  // namespace

void DocDeleter::operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }

ParseResult parse_untrusted_xml(std::string_view bytes, std::size_t max_bytes) noexcept {
    try {
        if (bytes.size() > max_bytes || bytes.size() > static_cast<std::size_t>(INT_MAX))
            return failure(ParseFailure::TooLarge, "document larger than " + std::to_string(max_bytes) + " bytes");
        if (bytes.empty()) return failure(ParseFailure::Malformed, "empty document", 1, 1);

        ensure_library_initialised();
        ParserCtxtPtr ctxt(xmlNewParserCtxt());
        if (!ctxt || !ctxt->sax) return failure(ParseFailure::NoMemory, "cannot allocate an XML parser");

        // The context owns a private copy of the SAX handler: changing it here is per parse.
        xmlSAXHandler* sax = ctxt->sax;
        sax->internalSubset = refuse_dtd;
        sax->externalSubset = refuse_dtd;
        sax->entityDecl = refuse_entity_decl;
        sax->serror = ignore_structured_error;
        sax->error = nullptr;
        sax->warning = nullptr;
        ParseWatch watch;
        ctxt->_private = &watch;

        // NONET: never fetch anything. Deliberately absent: NOENT, DTDLOAD, DTDATTR, DTDVALID, HUGE.
        const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
        DocPtr doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), nullptr,
                                     nullptr, options));
        ctxt->_private = nullptr;

        if (watch.saw_dtd || (doc && (doc->intSubset || doc->extSubset)) || ctxt->errNo == XML_ERR_USER_STOP)
            return failure(ParseFailure::HasDtd, "a document type declaration (DTD) is not allowed",
                           ctxt->input ? ctxt->input->line : 0, ctxt->input ? ctxt->input->col : 0);
        if (!doc || !ctxt->wellFormed) {
            const xmlError& err = ctxt->lastError;
            std::string message = trimmed_message(err.message);
            if (message.empty()) message = "not well-formed XML";
            return failure(err.code == XML_ERR_NO_MEMORY ? ParseFailure::NoMemory : ParseFailure::Malformed,
                           std::move(message), err.line, err.int2);
        }
        if (!xmlDocGetRootElement(doc.get())) return failure(ParseFailure::Malformed, "no root element");

        ParseResult result;
        result.doc = std::move(doc);
        return result;
    } catch (...) {
        return failure(ParseFailure::NoMemory, "out of memory while parsing XML");
    }
}

xmlNode* next_element_sibling(const xmlNode* node) noexcept {
    if (!node) return nullptr;
    for (xmlNode* n = node->next; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) return n;
    return nullptr;
}

xmlNode* first_element_child(const xmlNode* parent) noexcept {
    if (!parent) return nullptr;
    for (xmlNode* n = parent->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) return n;
    return nullptr;
}

std::string_view namespace_uri(const xmlNode* node) noexcept {
    if (!node || !node->ns || !node->ns->href) return {};
    return reinterpret_cast<const char*>(node->ns->href);
}

std::string_view local_name(const xmlNode* node) noexcept {
    if (!node || !node->name) return {};
    return reinterpret_cast<const char*>(node->name);
}

std::string text_content(const xmlNode* node) {
    std::string out;
    if (!node) return out;
    for (const xmlNode* n = node->children; n; n = n->next) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            out += reinterpret_cast<const char*>(n->content);
        else if (n->type == XML_ELEMENT_NODE)
            out += text_content(n);
    }
    return out;
}

bool has_direct_text(const xmlNode* node) noexcept {
    if (!node) return false;
    for (const xmlNode* n = node->children; n; n = n->next) {
        if ((n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content) continue;
        for (const xmlChar* c = n->content; *c; ++c)
            if (*c != ' ' && *c != '\t' && *c != '\r' && *c != '\n') return true;
    }
    return false;
}

std::optional<std::string> attribute(const xmlNode* node, const char* name) {
    if (!node) return std::nullopt;
    xmlChar* value = xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name));
    if (!value) return std::nullopt;
    std::string out = reinterpret_cast<const char*>(value);
    xmlFree(value);
    return out;
}

}  // namespace userphoto::xml
