// The safe libxml2 front door: well-formed input parses; DTDs, entities, oversize and malformed
// input are refused without output on stderr, without calling anyone's global error handler, and
// without the content of a referenced file ever surfacing.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <libxml/xmlerror.h>

#include "protocol/xml_safe.h"

using namespace userphoto;

namespace {

constexpr std::size_t kCap = 64 * 1024;

// A secret-looking file that an XXE payload would try to pull in.
std::string make_secret_file() {
    char path[] = "/tmp/ews_xxe_secretXXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) {
        const char secret[] = "TOP-SECRET-CONTENT-4711";
        ssize_t ignored = write(fd, secret, sizeof secret - 1);
        (void)ignored;
        close(fd);
    }
    return path;
}

std::string billion_laughs() {
    std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
    doc += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
    for (int i = 2; i <= 9; ++i) {
        doc += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) doc += "&lol" + std::to_string(i - 1) + ";";
        doc += "\">\n";
    }
    doc += "]>\n<lolz>&lol9;</lolz>";
    return doc;
}

// Collects stderr output written while `work` runs.
template <typename Work>
std::string capture_stderr(Work work) {
    std::fflush(stderr);
    char path[] = "/tmp/ews_stderrXXXXXX";
    int capture = mkstemp(path);
    int saved = dup(2);
    dup2(capture, 2);
    work();
    std::fflush(stderr);
    dup2(saved, 2);
    close(saved);
    std::string out;
    char buf[256];
    lseek(capture, 0, SEEK_SET);
    for (ssize_t n; (n = read(capture, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
    close(capture);
    unlink(path);
    return out;
}

std::atomic<int> foreign_handler_calls{0};
void foreign_structured_handler(void*, xmlError*) { ++foreign_handler_calls; }

}  // namespace

class EwsXmlSafeTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EwsXmlSafeTest);
    CPPUNIT_TEST(parsesWellFormedDocument);
    CPPUNIT_TEST(elementHelpersReadNamespacesNotPrefixes);
    CPPUNIT_TEST(malformedReportsLineAndColumn);
    CPPUNIT_TEST(emptyAndWhitespaceAreMalformed);
    CPPUNIT_TEST(externalEntityIsRefusedAndNeverRead);
    CPPUNIT_TEST(parameterEntityAndExternalSubsetAreRefused);
    CPPUNIT_TEST(billionLaughsIsRefusedQuickly);
    CPPUNIT_TEST(doctypeInUtf16IsRefused);
    CPPUNIT_TEST(sizeCapIsEnforced);
    CPPUNIT_TEST(errorsStayOffStderrAndForeignHandlers);
    CPPUNIT_TEST(parsesConcurrently);
    CPPUNIT_TEST_SUITE_END();

public:
    void parsesWellFormedDocument() {
        xml::ParseResult r = xml::parse_untrusted_xml("<?xml version=\"1.0\"?><a xmlns=\"urn:x\"><b>hi &amp; bye</b></a>", kCap);
        CPPUNIT_ASSERT(r.ok());
        CPPUNIT_ASSERT(r.failure == xml::ParseFailure::None);
        xmlNode* root = xmlDocGetRootElement(r.doc.get());
        CPPUNIT_ASSERT_EQUAL(std::string("a"), std::string(xml::local_name(root)));
        CPPUNIT_ASSERT_EQUAL(std::string("urn:x"), std::string(xml::namespace_uri(root)));
        CPPUNIT_ASSERT_EQUAL(std::string("hi & bye"), xml::text_content(xml::first_element_child(root)));
    }

    void elementHelpersReadNamespacesNotPrefixes() {
        xml::ParseResult r = xml::parse_untrusted_xml(
            "<p:a xmlns:p=\"urn:one\" xmlns:q=\"urn:two\">text<!--c--><q:b k=\"v\"/>\n<c><![CDATA[x<y]]></c></p:a>", kCap);
        CPPUNIT_ASSERT(r.ok());
        xmlNode* root = xmlDocGetRootElement(r.doc.get());
        CPPUNIT_ASSERT(xml::has_direct_text(root));
        xmlNode* b = xml::first_element_child(root);
        CPPUNIT_ASSERT_EQUAL(std::string("b"), std::string(xml::local_name(b)));
        CPPUNIT_ASSERT_EQUAL(std::string("urn:two"), std::string(xml::namespace_uri(b)));
        CPPUNIT_ASSERT_EQUAL(std::string("v"), xml::attribute(b, "k").value_or("absent"));
        CPPUNIT_ASSERT(!xml::attribute(b, "missing").has_value());
        CPPUNIT_ASSERT(!xml::has_direct_text(b));
        xmlNode* c = xml::next_element_sibling(b);
        CPPUNIT_ASSERT_EQUAL(std::string(""), std::string(xml::namespace_uri(c)));
        CPPUNIT_ASSERT_EQUAL(std::string("x<y"), xml::text_content(c));
        CPPUNIT_ASSERT(xml::next_element_sibling(c) == nullptr);
        CPPUNIT_ASSERT(xml::first_element_child(nullptr) == nullptr);
    }

    void malformedReportsLineAndColumn() {
        xml::ParseResult r = xml::parse_untrusted_xml("<a>\n  <b></a>", kCap);
        CPPUNIT_ASSERT(!r.ok());
        CPPUNIT_ASSERT(r.failure == xml::ParseFailure::Malformed);
        CPPUNIT_ASSERT_EQUAL(2, r.line);
        CPPUNIT_ASSERT(r.column > 0);
        CPPUNIT_ASSERT(!r.message.empty());
        CPPUNIT_ASSERT(r.message.back() != '\n');
    }

    void emptyAndWhitespaceAreMalformed() {
        for (const char* text : {"", "   \n", "just text", "<a>"}) {
            xml::ParseResult r = xml::parse_untrusted_xml(text, kCap);
            CPPUNIT_ASSERT_MESSAGE(text, !r.ok());
            CPPUNIT_ASSERT_MESSAGE(text, r.failure == xml::ParseFailure::Malformed);
        }
    }

    void externalEntityIsRefusedAndNeverRead() {
        const std::string secret = make_secret_file();
        for (const std::string& target : {"file://" + secret, std::string("file:///etc/passwd")}) {
            const std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"" + target +
                                    "\">]>\n<x>&e;</x>";
            xml::ParseResult r = xml::parse_untrusted_xml(doc, kCap);
            CPPUNIT_ASSERT(!r.ok());
            CPPUNIT_ASSERT(r.failure == xml::ParseFailure::HasDtd);
            CPPUNIT_ASSERT(r.message.find("TOP-SECRET") == std::string::npos);
            CPPUNIT_ASSERT(r.message.find("root:") == std::string::npos);
        }
        unlink(secret.c_str());
    }

    void parameterEntityAndExternalSubsetAreRefused() {
        const char* docs[] = {
            "<!DOCTYPE x [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><x/>",
            "<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><x/>",
            "<!DOCTYPE x PUBLIC \"-//X//Y\" \"http://127.0.0.1:9/x.dtd\"><x/>",
            "<!DOCTYPE x><x/>",
        };
        for (const char* doc : docs) {
            xml::ParseResult r = xml::parse_untrusted_xml(doc, kCap);
            CPPUNIT_ASSERT_MESSAGE(doc, !r.ok());
            CPPUNIT_ASSERT_MESSAGE(doc, r.failure == xml::ParseFailure::HasDtd);
            CPPUNIT_ASSERT_MESSAGE(doc, r.message.find("root:") == std::string::npos);
        }
    }

    void billionLaughsIsRefusedQuickly() {
        auto start = std::chrono::steady_clock::now();
        xml::ParseResult r = xml::parse_untrusted_xml(billion_laughs(), kCap);
        auto elapsed = std::chrono::steady_clock::now() - start;
        CPPUNIT_ASSERT(!r.ok());
        CPPUNIT_ASSERT(r.failure == xml::ParseFailure::HasDtd);
        CPPUNIT_ASSERT(elapsed < std::chrono::milliseconds(500));
    }

    // A byte scan for "<!DOCTYPE" would miss this; the parser hook does not.
    void doctypeInUtf16IsRefused() {
        const std::string ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        std::string utf16 = "\xFF\xFE";  // little-endian BOM
        for (char c : ascii) {
            utf16 += c;
            utf16 += '\0';
        }
        xml::ParseResult r = xml::parse_untrusted_xml(utf16, kCap);
        CPPUNIT_ASSERT(!r.ok());
        CPPUNIT_ASSERT(r.failure == xml::ParseFailure::HasDtd);
    }

    void sizeCapIsEnforced() {
        const std::string doc = "<a>" + std::string(100, 'x') + "</a>";
        CPPUNIT_ASSERT(xml::parse_untrusted_xml(doc, doc.size()).ok());
        xml::ParseResult r = xml::parse_untrusted_xml(doc, doc.size() - 1);
        CPPUNIT_ASSERT(!r.ok());
        CPPUNIT_ASSERT(r.failure == xml::ParseFailure::TooLarge);
    }

    void errorsStayOffStderrAndForeignHandlers() {
        // Another module's process-wide handler must neither be replaced nor called by us.
        xmlSetStructuredErrorFunc(nullptr, foreign_structured_handler);
        foreign_handler_calls = 0;
        std::string printed = capture_stderr([] {
            xml::parse_untrusted_xml("<a><b></a>", kCap);
            xml::parse_untrusted_xml("not xml at all", kCap);
            xml::parse_untrusted_xml(billion_laughs(), kCap);
            xml::parse_untrusted_xml("<a>\xff\xfe</a>", kCap);
        });
        CPPUNIT_ASSERT_EQUAL(0, foreign_handler_calls.load());
        CPPUNIT_ASSERT(xmlStructuredError == foreign_structured_handler);
        xmlSetStructuredErrorFunc(nullptr, nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string(), printed);
    }

    void parsesConcurrently() {
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&wrong, t] {
                for (int i = 0; i < 200; ++i) {
                    const std::string value = std::to_string(t * 1000 + i);
                    xml::ParseResult good = xml::parse_untrusted_xml("<v>" + value + "</v>", kCap);
                    if (!good.ok() || xml::text_content(xmlDocGetRootElement(good.doc.get())) != value) ++wrong;
                    xml::ParseResult bad = xml::parse_untrusted_xml("<!DOCTYPE v><v/>", kCap);
                    if (bad.ok() || bad.failure != xml::ParseFailure::HasDtd) ++wrong;
                }
            });
        }
        for (std::thread& thread : threads) thread.join();
        CPPUNIT_ASSERT_EQUAL(0, wrong.load());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EwsXmlSafeTest);
