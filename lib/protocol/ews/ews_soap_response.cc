#include "protocol/ews/ews_soap_response.h"

#include "protocol/ews/ews_namespaces.h"
#include "util/base64.h"
#include "util/strings.h"

namespace userphoto::ews {
namespace {

constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

std::string envelope_start() {
    std::string out(kXmlDeclaration);
    out += "<s:Envelope xmlns:s=\"";
    out += kSoap11EnvelopeNs;
    out += "\">";
    return out;
}

// The C# client needs s:Header with all five version attributes; Version ≥ Exchange2013.
std::string server_version_header() {
    std::string out = "<s:Header><h:ServerVersionInfo MajorVersion=\"15\" MinorVersion=\"1\" "
                      "MajorBuildNumber=\"2507\" MinorBuildNumber=\"6\" Version=\"V2017_07_11\" xmlns:h=\"";
    out += kTypesNs;
    out += "\"/></s:Header>";
    return out;
}

// GetUserPhotoResponse sits directly in the Body (no ResponseMessages wrapper).
std::string photo_response(bool has_changed, std::string_view picture_base64) {
    std::string out = envelope_start();
    out += server_version_header();
    out += "<s:Body><GetUserPhotoResponse ResponseClass=\"Success\" xmlns=\"";
    out += kMessagesNs;
    out += "\"><ResponseCode>NoError</ResponseCode><HasChanged>";
    out += has_changed ? "true" : "false";
    out += "</HasChanged>";
    if (picture_base64.empty()) {
        out += "<PictureData/>";
    } else {
        out += "<PictureData>";
        out += picture_base64;  // base64 needs no escaping
        out += "</PictureData><ContentType>image/jpeg</ContentType>";
    }
    out += "</GetUserPhotoResponse></s:Body></s:Envelope>";
    return out;
}

// Violations may quote parser messages and request values: keep them short, valid UTF-8 and free
// of characters XML 1.0 cannot carry.
std::string printable_violation(std::string_view text) {
    constexpr std::size_t kMaxViolation = 512;
    std::string out;
    for (std::size_t i = 0; i < text.size() && out.size() < kMaxViolation;) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool valid = length > 0 && i + length <= text.size();
        char32_t code_point = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; valid && k < length; ++k) {
            valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
            code_point = (code_point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        // Well-formed sequences can still be illegal: overlong forms, surrogates, U+FFFE/U+FFFF and
        // beyond U+10FFFF make a reply no XML parser accepts.
        constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
        valid = valid && code_point >= kShortest[length] && code_point <= 0x10FFFF &&
                !(code_point >= 0xD800 && code_point <= 0xDFFF) && code_point != 0xFFFE && code_point != 0xFFFF;
        if (!valid) {
            out += '?';
            ++i;
        } else if (length == 1 && (c < 0x20 || c == 0x7f)) {
            out += ' ';
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

std::string message_xml(const Fault& fault) {
    if (fault.code != FaultCode::SchemaValidation || (fault.line <= 0 && fault.violation.empty())) return {};
    std::string out = "<t:MessageXml xmlns:t=\"";
    out += kTypesNs;
    out += "\">";
    if (fault.line > 0) {
        out += "<t:LineNumber>" + std::to_string(fault.line) + "</t:LineNumber>";
        out += "<t:LinePosition>" + std::to_string(fault.column > 0 ? fault.column : 0) + "</t:LinePosition>";
    }
    if (!fault.violation.empty()) out += "<t:Violation>" + xml_escape(printable_violation(fault.violation)) + "</t:Violation>";
    out += "</t:MessageXml>";
    return out;
}

// Exchange's faultstring repeats the message, for schema errors with ": <violation>" instead of ".".
std::string fault_string(const Fault& fault) {
    std::string message = response_message(fault.code);
    if (fault.code != FaultCode::SchemaValidation || fault.violation.empty()) return xml_escape(message);
    message.pop_back();
    return xml_escape(message + ": " + printable_violation(fault.violation));
}

}  // namespace

std::string render_photo(std::string_view jpeg) noexcept {
    try {
        if (jpeg.empty()) return render_not_found();
        return photo_response(true, base64_encode(jpeg));
    } catch (...) {
        return {};
    }
}

std::string render_unchanged() noexcept {
    try {
        return photo_response(false, {});
    } catch (...) {
        return {};
    }
}

std::string render_not_found() noexcept {
    try {
        return photo_response(true, {});
    } catch (...) {
        return {};
    }
}

std::string render_fault(const Fault& fault) noexcept {
    try {
        const std::string code = response_code(fault.code);
        std::string out = envelope_start();
        out += "<s:Body><s:Fault><faultcode xmlns:a=\"";
        out += kTypesNs;
        out += "\">a:" + code + "</faultcode>";
        out += "<faultstring xml:lang=\"en-US\">" + fault_string(fault) + "</faultstring>";
        out += "<detail><e:ResponseCode xmlns:e=\"";
        out += kErrorsNs;
        out += "\">" + code + "</e:ResponseCode><e:Message xmlns:e=\"";
        out += kErrorsNs;
        out += "\">";
        out += response_message(fault.code);
        out += "</e:Message>";
        out += message_xml(fault);
        out += "</detail></s:Fault></s:Body></s:Envelope>";
        return out;
    } catch (...) {
        return {};
    }
}

}  // namespace userphoto::ews
