// SOAP answers: byte-for-byte against golden files written from the wire reference, and
// structurally (order and presence of what the C# client, Evolution and DavMail depend on).
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/ews/ews_soap_response.h"
#include "protocol/xml_safe.h"
#include "util/base64.h"

using namespace userphoto;
using namespace userphoto::ews;

namespace {

const std::string kTinyJpeg("\xFF\xD8\xFF\xD9", 4);  // SOI + EOI: enough bytes to base64
const std::string kMessages = "http://schemas.microsoft.com/exchange/services/2006/messages";
const std::string kTypes = "http://schemas.microsoft.com/exchange/services/2006/types";
const std::string kSoap = "http://schemas.xmlsoap.org/soap/envelope/";

std::string golden(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/ews/responses/" + name, std::ios::binary);
    CPPUNIT_ASSERT_MESSAGE("missing golden file " + name, in.good());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Fault fault_of(FaultCode code) {
    Fault fault;
    fault.code = code;
    return fault;
}

// "ns|name" of each element child, in order.
std::vector<std::string> children_of(const xmlNode* parent) {
    std::vector<std::string> out;
    for (xmlNode* n = xml::first_element_child(parent); n; n = xml::next_element_sibling(n))
        out.push_back(std::string(xml::namespace_uri(n)) + "|" + std::string(xml::local_name(n)));
    return out;
}

xmlNode* child(const xmlNode* parent, std::size_t index) {
    xmlNode* n = xml::first_element_child(parent);
    for (std::size_t i = 0; n && i < index; ++i) n = xml::next_element_sibling(n);
    return n;
}

}  // namespace

class EwsSoapResponseTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EwsSoapResponseTest);
    CPPUNIT_TEST(goldenPhoto);
    CPPUNIT_TEST(goldenUnchangedAndNotFound);
    CPPUNIT_TEST(goldenFaults);
    CPPUNIT_TEST(goldenSchemaFaultWithPosition);
    CPPUNIT_TEST(photoStructure);
    CPPUNIT_TEST(unchangedHasEmptyPictureAndNoContentType);
    CPPUNIT_TEST(emptyPictureIsNeverHasChangedWithContentType);
    CPPUNIT_TEST(faultStructure);
    CPPUNIT_TEST(violationIsMadeSafe);
    CPPUNIT_TEST_SUITE_END();

public:
    void goldenPhoto() { CPPUNIT_ASSERT_EQUAL(golden("photo.xml"), render_photo(kTinyJpeg)); }

    void goldenUnchangedAndNotFound() {
        CPPUNIT_ASSERT_EQUAL(golden("unchanged.xml"), render_unchanged());
        CPPUNIT_ASSERT_EQUAL(golden("not_found.xml"), render_not_found());
    }

    void goldenFaults() {
        CPPUNIT_ASSERT_EQUAL(golden("fault_schema_validation.xml"), render_fault(fault_of(FaultCode::SchemaValidation)));
        CPPUNIT_ASSERT_EQUAL(golden("fault_invalid_smtp_address.xml"), render_fault(fault_of(FaultCode::InvalidSmtpAddress)));
        CPPUNIT_ASSERT_EQUAL(golden("fault_invalid_request.xml"), render_fault(fault_of(FaultCode::InvalidRequest)));
        CPPUNIT_ASSERT_EQUAL(golden("fault_internal_server_error.xml"), render_fault(fault_of(FaultCode::InternalServerError)));
        CPPUNIT_ASSERT_EQUAL(golden("fault_server_busy.xml"), render_fault(fault_of(FaultCode::ServerBusy)));
        // Only schema errors carry MessageXml, even when a position is known.
        Fault smtp = fault_of(FaultCode::InvalidSmtpAddress);
        smtp.line = 3;
        smtp.violation = "ignored";
        CPPUNIT_ASSERT_EQUAL(golden("fault_invalid_smtp_address.xml"), render_fault(smtp));
    }

    void goldenSchemaFaultWithPosition() {
        Fault fault = fault_of(FaultCode::SchemaValidation);
        fault.line = 3;
        fault.column = 17;
        fault.violation = "The value 'HR50x50' is invalid <here> & there.";
        CPPUNIT_ASSERT_EQUAL(golden("fault_schema_validation_with_position.xml"), render_fault(fault));
    }

    void photoStructure() {
        const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(300, '\x7f') + "\xFF\xD9";
        const std::string text = render_photo(jpeg);
        CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(text.find("<?xml version=\"1.0\" encoding=\"utf-8\"?>")));
        xml::ParseResult doc = xml::parse_untrusted_xml(text, text.size());
        CPPUNIT_ASSERT(doc.ok());
        xmlNode* envelope = xmlDocGetRootElement(doc.doc.get());
        CPPUNIT_ASSERT_EQUAL(kSoap, std::string(xml::namespace_uri(envelope)));
        CPPUNIT_ASSERT(children_of(envelope) == std::vector<std::string>({kSoap + "|Header", kSoap + "|Body"}));

        xmlNode* version = child(child(envelope, 0), 0);
        CPPUNIT_ASSERT_EQUAL(kTypes + "|ServerVersionInfo", children_of(child(envelope, 0)).at(0));
        for (const char* attribute : {"MajorVersion", "MinorVersion", "MajorBuildNumber", "MinorBuildNumber", "Version"})
            CPPUNIT_ASSERT_MESSAGE(attribute, xml::attribute(version, attribute).has_value());
        CPPUNIT_ASSERT(std::stoi(*xml::attribute(version, "MajorVersion")) >= 15);

        xmlNode* body = child(envelope, 1);
        CPPUNIT_ASSERT(children_of(body) == std::vector<std::string>({kMessages + "|GetUserPhotoResponse"}));
        xmlNode* response = child(body, 0);
        CPPUNIT_ASSERT_EQUAL(std::string("Success"), xml::attribute(response, "ResponseClass").value_or(""));
        CPPUNIT_ASSERT(children_of(response) ==
                       std::vector<std::string>({kMessages + "|ResponseCode", kMessages + "|HasChanged",
                                                 kMessages + "|PictureData", kMessages + "|ContentType"}));
        CPPUNIT_ASSERT_EQUAL(std::string("NoError"), xml::text_content(child(response, 0)));
        CPPUNIT_ASSERT_EQUAL(std::string("true"), xml::text_content(child(response, 1)));
        CPPUNIT_ASSERT(base64_decode(xml::text_content(child(response, 2))) == jpeg);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), xml::text_content(child(response, 3)));
    }

    void unchangedHasEmptyPictureAndNoContentType() {
        const std::string text = render_unchanged();
        xml::ParseResult doc = xml::parse_untrusted_xml(text, text.size());
        CPPUNIT_ASSERT(doc.ok());
        xmlNode* response = child(child(xmlDocGetRootElement(doc.doc.get()), 1), 0);
        CPPUNIT_ASSERT(children_of(response) == std::vector<std::string>({kMessages + "|ResponseCode",
                                                                          kMessages + "|HasChanged", kMessages + "|PictureData"}));
        CPPUNIT_ASSERT_EQUAL(std::string("false"), xml::text_content(child(response, 1)));
        CPPUNIT_ASSERT_EQUAL(std::string(""), xml::text_content(child(response, 2)));
    }

    // HasChanged=true with an empty picture only ever goes out as the 404 body.
    void emptyPictureIsNeverHasChangedWithContentType() {
        CPPUNIT_ASSERT_EQUAL(render_not_found(), render_photo(""));
        CPPUNIT_ASSERT(render_not_found().find("ContentType") == std::string::npos);
        CPPUNIT_ASSERT(render_photo(kTinyJpeg).find("<PictureData/>") == std::string::npos);
    }

    void faultStructure() {
        for (FaultCode code : {FaultCode::SchemaValidation, FaultCode::InvalidSmtpAddress, FaultCode::InvalidRequest,
                               FaultCode::InternalServerError, FaultCode::ServerBusy}) {
            const std::string text = render_fault(fault_of(code));
            xml::ParseResult doc = xml::parse_untrusted_xml(text, text.size());
            CPPUNIT_ASSERT(doc.ok());
            xmlNode* fault = child(child(xmlDocGetRootElement(doc.doc.get()), 0), 0);
            CPPUNIT_ASSERT_EQUAL(kSoap + "|Fault", children_of(child(xmlDocGetRootElement(doc.doc.get()), 0)).at(0));
            CPPUNIT_ASSERT(children_of(fault) == std::vector<std::string>({"|faultcode", "|faultstring", "|detail"}));
            CPPUNIT_ASSERT_EQUAL(std::string("a:") + response_code(code), xml::text_content(child(fault, 0)));
            xmlNode* detail = child(fault, 2);
            CPPUNIT_ASSERT_EQUAL(std::string(response_code(code)), xml::text_content(child(detail, 0)));
            CPPUNIT_ASSERT_EQUAL(std::string(response_message(code)), xml::text_content(child(detail, 1)));
        }
    }

    void violationIsMadeSafe() {
        Fault fault = fault_of(FaultCode::SchemaValidation);
        fault.violation = std::string("bad \xff\xfe bytes\x01 and ") + std::string(2000, 'x');
        const std::string text = render_fault(fault);
        xml::ParseResult doc = xml::parse_untrusted_xml(text, text.size());
        CPPUNIT_ASSERT_MESSAGE(doc.message, doc.ok());
        CPPUNIT_ASSERT(text.find('\xff') == std::string::npos);
        CPPUNIT_ASSERT(text.find('\x01') == std::string::npos);
        CPPUNIT_ASSERT(text.size() < 2500);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EwsSoapResponseTest);
