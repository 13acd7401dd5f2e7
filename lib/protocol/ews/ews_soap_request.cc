#include "protocol/ews/ews_soap_request.h"

#include "protocol/ews/ews_email.h"
#include "protocol/ews/ews_namespaces.h"
#include "protocol/ews/ews_sizes.h"
#include "protocol/xml_safe.h"
#include "util/strings.h"

namespace userphoto::ews {
namespace {

SoapParseResult fault(FaultCode code, std::string violation = {}, int line = 0, int column = 0) {
    SoapParseResult result;
    result.fault.code = code;
    result.fault.violation = std::move(violation);
    result.fault.line = line;
    result.fault.column = column;
    return result;
}

int line_of(const xmlNode* node) {
    long line = node ? xmlGetLineNo(node) : 0;
    return line > 0 && line < 1000000000 ? static_cast<int>(line) : 0;
}

// "'Email' in namespace '…'": the way .NET's schema validator names an element.
std::string describe(const xmlNode* node) {
    return "'" + std::string(xml::local_name(node)) + "' in namespace '" + std::string(xml::namespace_uri(node)) + "'";
}

SoapParseResult schema_fault(const xmlNode* at, std::string violation) {
    return fault(FaultCode::SchemaValidation, std::move(violation), line_of(at));
}

bool is_envelope_ns(std::string_view uri) { return uri == kSoap11EnvelopeNs || uri == kSoap12EnvelopeNs; }

bool is_element(const xmlNode* node, std::string_view ns, std::string_view name) {
    return xml::local_name(node) == name && same_ews_namespace(xml::namespace_uri(node), ns);
}

// The operation's children: messages namespace by the schema, types namespace from Evolution.
bool is_parameter(const xmlNode* node, std::string_view name) {
    return is_element(node, kMessagesNs, name) || is_element(node, kTypesNs, name);
}

std::string server_version_of(const xmlNode* header) {
    for (xmlNode* n = xml::first_element_child(header); n; n = xml::next_element_sibling(n))
        if (is_element(n, kTypesNs, "RequestServerVersion")) return xml::attribute(n, "Version").value_or("");
    return {};
}

std::string trimmed_text(const xmlNode* node) { return std::string(trim(xml::text_content(node))); }

// Email, SizeRequested, optional TypeRequested: in this order, nothing else.
SoapParseResult read_operation(const xmlNode* operation, std::string server_version) {
    const std::string expected_after[] = {"'Email'", "'SizeRequested'", "'TypeRequested'"};
    const xmlNode* email = nullptr;
    const xmlNode* size = nullptr;
    const xmlNode* type = nullptr;
    int position = 0;  // how many of the sequence's slots are behind us
    for (xmlNode* child = xml::first_element_child(operation); child; child = xml::next_element_sibling(child)) {
        if (position == 0 && is_parameter(child, "Email")) {
            email = child;
            position = 1;
        } else if (position == 1 && is_parameter(child, "SizeRequested")) {
            size = child;
            position = 2;
        } else if (position == 2 && is_parameter(child, "TypeRequested")) {
            type = child;
            position = 3;
        } else {
            std::string violation = "The element 'GetUserPhoto' has invalid child element " + describe(child) + ".";
            if (position < 3) violation += " List of possible elements expected: " + expected_after[position] + ".";
            return schema_fault(child, std::move(violation));
        }
    }
    if (xml::has_direct_text(operation))
        return schema_fault(operation, "The element 'GetUserPhoto' cannot contain text.");
    if (!email) return schema_fault(operation, "The element 'GetUserPhoto' has incomplete content. Expected: 'Email'.");
    if (!size)
        return schema_fault(operation, "The element 'GetUserPhoto' has incomplete content. Expected: 'SizeRequested'.");

    for (const xmlNode* leaf : {email, size, type})
        if (leaf && xml::first_element_child(leaf))
            return schema_fault(leaf, "The element " + describe(leaf) + " cannot contain child elements.");

    GetUserPhotoRequest request;
    request.size_code = trimmed_text(size);
    std::optional<int> edge = edge_for_size_code(request.size_code, SizeCodeCase::Exact);
    if (!edge)
        return schema_fault(size, "The 'SizeRequested' element is invalid - The value '" + request.size_code +
                                      "' is invalid according to its datatype 'UserPhotoSizeType'.");
    request.edge = *edge;

    request.type_requested = type ? trimmed_text(type) : "UserPhoto";
    if (request.type_requested != "UserPhoto" && request.type_requested != "ProfileHeaderPhoto")
        return schema_fault(type, "The 'TypeRequested' element is invalid - The value '" + request.type_requested +
                                      "' is invalid according to its datatype 'UserPhotoTypeType'.");

    request.email = trimmed_text(email);
    if (!is_plausible_smtp_address(request.email)) return fault(FaultCode::InvalidSmtpAddress);

    request.server_version = std::move(server_version);
    SoapParseResult result;
    result.ok = true;
    result.request = std::move(request);
    return result;
}

SoapParseResult read_envelope(const xmlNode* envelope) {
    if (!envelope || xml::local_name(envelope) != "Envelope" || !is_envelope_ns(xml::namespace_uri(envelope)))
        return fault(FaultCode::InvalidRequest, "The root element is not a SOAP Envelope.", line_of(envelope));
    std::string_view soap_ns = xml::namespace_uri(envelope);

    const xmlNode* header = nullptr;
    const xmlNode* body = nullptr;
    for (xmlNode* n = xml::first_element_child(envelope); n; n = xml::next_element_sibling(n)) {
        if (xml::namespace_uri(n) != soap_ns) continue;
        if (!header && !body && xml::local_name(n) == "Header") header = n;
        if (!body && xml::local_name(n) == "Body") body = n;
    }
    if (!body) return fault(FaultCode::InvalidRequest, "The SOAP Envelope has no Body.", line_of(envelope));

    const xmlNode* operation = xml::first_element_child(body);
    if (!operation) return fault(FaultCode::InvalidRequest, "The SOAP Body is empty.", line_of(body));
    if (!is_element(operation, kMessagesNs, "GetUserPhoto"))
        return fault(FaultCode::InvalidRequest, "Unsupported operation " + describe(operation) + ".", line_of(operation));
    return read_operation(operation, server_version_of(header));
}

}  // namespace

SoapParseResult parse_get_user_photo(std::string_view body, std::size_t max_bytes) noexcept {
    try {
        xml::ParseResult parsed = xml::parse_untrusted_xml(body, max_bytes);
        if (!parsed.ok()) {
            if (parsed.failure == xml::ParseFailure::NoMemory) return fault(FaultCode::InternalServerError);
            return fault(FaultCode::SchemaValidation, parsed.message, parsed.line, parsed.column);
        }
        return read_envelope(xmlDocGetRootElement(parsed.doc.get()));
    } catch (...) {
        return fault(FaultCode::InternalServerError);
    }
}

}  // namespace userphoto::ews
