// Reading GetUserPhoto as real clients write it, and the fault each broken request earns.
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>
#include <string>

#include "protocol/ews/ews_email.h"
#include "protocol/ews/ews_soap_request.h"
#include "protocol/ews/ews_soap_response.h"

using namespace userphoto::ews;

namespace {

constexpr std::size_t kCap = 64 * 1024;

std::string read_data(const std::string& name) {
    std::ifstream in(std::string(TEST_DATA_DIR) + "/ews/requests/" + name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The C# client's envelope around `operation` (the content of soap:Body).
std::string envelope(const std::string& operation) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
           "<soap:Envelope xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"\n"
           "    xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"\n"
           "    xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
           "  <soap:Body>" + operation + "</soap:Body>\n</soap:Envelope>";
}

std::string get_user_photo(const std::string& children) { return envelope("<m:GetUserPhoto>" + children + "</m:GetUserPhoto>"); }

std::string email(const std::string& value) { return "<m:Email>" + value + "</m:Email>"; }
std::string size(const std::string& value) { return "<m:SizeRequested>" + value + "</m:SizeRequested>"; }

}  // namespace

class EwsSoapRequestTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EwsSoapRequestTest);
    CPPUNIT_TEST(clientDialectsParse);
    CPPUNIT_TEST(typeRequestedIsOptionalAndChecked);
    CPPUNIT_TEST(schemaValidationFaults);
    CPPUNIT_TEST(schemaFaultsCarryTheLine);
    CPPUNIT_TEST(invalidSmtpAddressFaults);
    CPPUNIT_TEST(invalidRequestFaults);
    CPPUNIT_TEST(notXmlIsASchemaFaultWithPosition);
    CPPUNIT_TEST(dtdAndEntitiesAreRefused);
    CPPUNIT_TEST(oversizeIsRefused);
    CPPUNIT_TEST(smtpAddressCheck);
    CPPUNIT_TEST_SUITE_END();

    void expect_ok(const std::string& name, const std::string& body, const std::string& want_email, int want_edge,
                   const std::string& want_version) {
        SoapParseResult r = parse_get_user_photo(body, kCap);
        CPPUNIT_ASSERT_MESSAGE(name + ": " + r.fault.violation, r.ok);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(name, want_email, r.request.email);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(name, want_edge, r.request.edge);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(name, want_version, r.request.server_version);
    }

    void expect_fault(const std::string& what, const std::string& body, FaultCode want) {
        SoapParseResult r = parse_get_user_photo(body, kCap);
        CPPUNIT_ASSERT_MESSAGE(what, !r.ok);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ": " + r.fault.violation, std::string(response_code(want)),
                                     std::string(response_code(r.fault.code)));
    }

public:
    void clientDialectsParse() {
        expect_ok("C# Managed API", read_data("csharp_managed_api.xml"), "sadie@contoso.com", 240, "Exchange2013_SP1");
        expect_ok("JavaScript port", read_data("javascript_port.xml"), "alice@corp.example", 96, "Exchange2013");
        expect_ok("Evolution", read_data("evolution.xml"), "bob.builder@corp.example", 48, "Exchange2013");
        expect_ok("DavMail", read_data("davmail.xml"), "carol+photos@corp.example", 648, "Exchange2013");
        expect_ok("https namespaces", read_data("docs_https_namespaces.xml"), "sadie@contoso.com", 48, "Exchange2013");
        expect_ok("SOAP 1.2", read_data("soap12.xml"), "dave@corp.example", 648, "V2017_07_11");
        expect_ok("no header, default namespaces, CDATA", read_data("no_header_default_ns.xml"), "erin@corp.example", 120, "");
        SoapParseResult js = parse_get_user_photo(read_data("javascript_port.xml"), kCap);
        CPPUNIT_ASSERT_EQUAL(std::string("HR96x96"), js.request.size_code);
        CPPUNIT_ASSERT_EQUAL(std::string("UserPhoto"), js.request.type_requested);
    }

    void typeRequestedIsOptionalAndChecked() {
        SoapParseResult header = parse_get_user_photo(
            get_user_photo(email("a@b.example") + size("HR64x64") + "<m:TypeRequested>ProfileHeaderPhoto</m:TypeRequested>"), kCap);
        CPPUNIT_ASSERT(header.ok);
        CPPUNIT_ASSERT_EQUAL(std::string("ProfileHeaderPhoto"), header.request.type_requested);
        CPPUNIT_ASSERT_EQUAL(64, header.request.edge);
        expect_fault("unknown TypeRequested",
                     get_user_photo(email("a@b.example") + size("HR64x64") + "<m:TypeRequested>Banner</m:TypeRequested>"),
                     FaultCode::SchemaValidation);
    }

    void schemaValidationFaults() {
        const std::string ok_email = email("a@b.example");
        const std::string ok_size = size("HR48x48");
        expect_fault("wrong order", get_user_photo(ok_size + ok_email), FaultCode::SchemaValidation);
        expect_fault("missing size", get_user_photo(ok_email), FaultCode::SchemaValidation);
        expect_fault("missing email", get_user_photo(ok_size), FaultCode::SchemaValidation);
        expect_fault("no children", get_user_photo(""), FaultCode::SchemaValidation);
        expect_fault("bad size", get_user_photo(ok_email + size("HR50x50")), FaultCode::SchemaValidation);
        expect_fault("size in the wrong case", get_user_photo(ok_email + size("HR48X48")), FaultCode::SchemaValidation);
        expect_fault("size not in the schema", get_user_photo(ok_email + size("HR1920x1920")), FaultCode::SchemaValidation);
        expect_fault("empty size", get_user_photo(ok_email + size("")), FaultCode::SchemaValidation);
        expect_fault("duplicate email", get_user_photo(ok_email + ok_email + ok_size), FaultCode::SchemaValidation);
        expect_fault("extra element", get_user_photo(ok_email + ok_size + "<m:Extra/>"), FaultCode::SchemaValidation);
        expect_fault("after TypeRequested",
                     get_user_photo(ok_email + ok_size + "<m:TypeRequested>UserPhoto</m:TypeRequested>" + ok_size),
                     FaultCode::SchemaValidation);
        expect_fault("child in a foreign namespace",
                     get_user_photo("<x:Email xmlns:x=\"urn:other\">a@b.example</x:Email>" + ok_size), FaultCode::SchemaValidation);
        expect_fault("text in the operation", get_user_photo("stray" + ok_email + ok_size), FaultCode::SchemaValidation);
        expect_fault("element inside Email", get_user_photo("<m:Email><m:x/>a@b.example</m:Email>" + ok_size),
                     FaultCode::SchemaValidation);
        // Schema errors win over a bad address, as in a validating parser.
        expect_fault("bad size and bad email", get_user_photo(email("nope") + size("HR1x1")), FaultCode::SchemaValidation);
    }

    void schemaFaultsCarryTheLine() {
        const std::string body = get_user_photo("\n" + email("a@b.example") + "\n" + size("HR50x50"));
        SoapParseResult r = parse_get_user_photo(body, kCap);
        CPPUNIT_ASSERT(!r.ok);
        CPPUNIT_ASSERT(r.fault.code == FaultCode::SchemaValidation);
        CPPUNIT_ASSERT_EQUAL(7, r.fault.line);  // declaration + 3 Envelope lines, Body on 5, Email 6, size 7
        CPPUNIT_ASSERT(r.fault.violation.find("HR50x50") != std::string::npos);
    }

    void invalidSmtpAddressFaults() {
        for (const std::string& bad : {std::string(""), std::string("   "), std::string("no-at-sign"), std::string("two@@x.example"),
                                       std::string("a@b@c.example"), std::string("with space@x.example"),
                                       std::string("@x.example"), std::string("a@"), std::string("a@.example"),
                                       std::string("a@x..example"), std::string("&lt;a@x.example&gt;"), std::string(400, 'a') + "@x.example"}) {
            expect_fault("email '" + bad + "'", get_user_photo(email(bad) + size("HR48x48")), FaultCode::InvalidSmtpAddress);
        }
        // Surrounding whitespace (pretty printers) is not part of the address.
        SoapParseResult spaced = parse_get_user_photo(get_user_photo(email("\n  a@b.example \n") + size("HR48x48")), kCap);
        CPPUNIT_ASSERT(spaced.ok);
        CPPUNIT_ASSERT_EQUAL(std::string("a@b.example"), spaced.request.email);
    }

    void invalidRequestFaults() {
        const std::string children = email("a@b.example") + size("HR48x48");
        expect_fault("unknown operation", envelope("<m:GetUserAvailability>" + children + "</m:GetUserAvailability>"),
                     FaultCode::InvalidRequest);
        expect_fault("operation in the types namespace", envelope("<t:GetUserPhoto>" + children + "</t:GetUserPhoto>"),
                     FaultCode::InvalidRequest);
        expect_fault("operation in no namespace", envelope("<GetUserPhoto>" + children + "</GetUserPhoto>"),
                     FaultCode::InvalidRequest);
        expect_fault("misspelt namespace",
                     envelope("<GetUserPhoto xmlns=\"http://schemas.microsoft.com/exchange/services/2010/messages\">" + children +
                              "</GetUserPhoto>"),
                     FaultCode::InvalidRequest);
        expect_fault("empty body", envelope(""), FaultCode::InvalidRequest);
        expect_fault("body with only whitespace", envelope("\n   \n"), FaultCode::InvalidRequest);
        expect_fault("no body",
                     "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header/></soap:Envelope>",
                     FaultCode::InvalidRequest);
        expect_fault("body in another namespace",
                     "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><x:Body xmlns:x=\"urn:x\">"
                     "<m:GetUserPhoto xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"/></x:Body></soap:Envelope>",
                     FaultCode::InvalidRequest);
        expect_fault("not an envelope", "<GetUserPhoto xmlns=\"http://schemas.microsoft.com/exchange/services/2006/messages\"/>",
                     FaultCode::InvalidRequest);
        expect_fault("envelope in a wrong namespace", "<Envelope xmlns=\"urn:x\"><Body/></Envelope>", FaultCode::InvalidRequest);
    }

    void notXmlIsASchemaFaultWithPosition() {
        for (const std::string& body : {std::string(""), std::string("email=a@b.example&size=HR48x48"),
                                        std::string("{\"json\":true}"), envelope("<m:GetUserPhoto>") }) {
            expect_fault("not XML: " + body.substr(0, 20), body, FaultCode::SchemaValidation);
        }
        SoapParseResult r = parse_get_user_photo("<a>\n<b>\n</a>", kCap);
        CPPUNIT_ASSERT(r.fault.code == FaultCode::SchemaValidation);
        CPPUNIT_ASSERT_EQUAL(3, r.fault.line);
        CPPUNIT_ASSERT(r.fault.column > 0);
        CPPUNIT_ASSERT(!r.fault.violation.empty());
    }

    // DTDs are a schema error (the request is not what the schema allows); nothing is expanded.
    void dtdAndEntitiesAreRefused() {
        const std::string xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE soap:Envelope [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n" +
                                get_user_photo(email("&e;") + size("HR48x48")).substr(39);
        std::string laughs = "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">";
        std::string previous = "a";
        for (char name = 'b'; name <= 'k'; ++name) {
            laughs += std::string("<!ENTITY ") + name + " \"";
            for (int i = 0; i < 10; ++i) laughs += "&" + previous + ";";
            laughs += "\">";
            previous = std::string(1, name);
        }
        laughs += "]>" + get_user_photo(email("&k;@x.example") + size("HR48x48")).substr(39);
        for (const std::string& body : {xxe, laughs}) {
            SoapParseResult r = parse_get_user_photo(body, kCap);
            CPPUNIT_ASSERT(!r.ok);
            CPPUNIT_ASSERT(r.fault.code == FaultCode::SchemaValidation);
            CPPUNIT_ASSERT(r.fault.violation.find("DTD") != std::string::npos);
            const std::string answer = render_fault(r.fault);
            CPPUNIT_ASSERT(answer.find("root:") == std::string::npos);
            CPPUNIT_ASSERT(answer.find("aaaaaaaaaa") == std::string::npos);
        }
    }

    void oversizeIsRefused() {
        const std::string body = read_data("csharp_managed_api.xml");
        CPPUNIT_ASSERT(parse_get_user_photo(body, body.size()).ok);
        SoapParseResult r = parse_get_user_photo(body, body.size() - 1);
        CPPUNIT_ASSERT(!r.ok);
        CPPUNIT_ASSERT(r.fault.code == FaultCode::SchemaValidation);
    }

    void smtpAddressCheck() {
        for (const char* good : {"a@b", "alice@corp.example", "first.last+tag@sub.corp.example", "o'brien@x.example",
                                 "j\xc3\xb6rg@m\xc3\xbcller.example"}) {
            CPPUNIT_ASSERT_MESSAGE(good, is_plausible_smtp_address(good));
        }
        for (const char* bad : {"", "a", "a@", "@b", "a b@c", "a@b c", "a\t@b", "a@b\x01", "a@b@c", "a@-b_c", "a(b)@c",
                                "a@b,c", "a;b@c", "\"a\"@b", "a@b..c", "a@.b", "a@b."}) {
            CPPUNIT_ASSERT_MESSAGE(bad, !is_plausible_smtp_address(bad));
        }
        const std::string local64(64, 'l');
        CPPUNIT_ASSERT(is_plausible_smtp_address(local64 + "@x.example"));
        CPPUNIT_ASSERT(!is_plausible_smtp_address(local64 + "l@x.example"));
        const std::string longest = local64 + "@" + std::string(255, 'd');
        CPPUNIT_ASSERT_EQUAL(kMaxEmailLength, longest.size());
        CPPUNIT_ASSERT(is_plausible_smtp_address(longest));
        CPPUNIT_ASSERT(!is_plausible_smtp_address(longest + "d"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EwsSoapRequestTest);
