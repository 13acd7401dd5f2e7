// RFC 4515 filters: escaping untrusted values, the length cap, attribute names, syntax checks.
#include <cppunit/extensions/HelperMacros.h>

#include <cctype>
#include <string>

#include "directory/filter.h"
#include "util/strings.h"

using namespace userphoto::directory;

namespace {

// Undoes RFC 4515 "\XX" escaping; returns "<bad escape>" on a malformed one.
std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(s[i + 2])))
            return "<bad escape>";
        out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
        i += 2;
    }
    return out;
}

// No byte that RFC 4515 forbids in a value appears unescaped.
bool safe_for_filter(const std::string& escaped) {
    for (size_t i = 0; i < escaped.size(); ++i) {
        char c = escaped[i];
        if (c == '\0' || c == '(' || c == ')' || c == '*') return false;
        if (c == '\\' && (i + 2 >= escaped.size() || !std::isxdigit(static_cast<unsigned char>(escaped[i + 1])) ||
                          !std::isxdigit(static_cast<unsigned char>(escaped[i + 2]))))
            return false;
    }
    return true;
}

// The RFC writes hex digits in lower case, libldap in upper case: both are correct.
void assert_escapes_to(const std::string& value, const std::string& rfc_form) {
    std::string escaped = escape_filter_value(value);
    CPPUNIT_ASSERT_MESSAGE("escaped '" + escaped + "' is not '" + rfc_form + "'", userphoto::iequals(escaped, rfc_form));
    CPPUNIT_ASSERT_MESSAGE("'" + escaped + "' does not decode back", unescape(escaped) == value);
    CPPUNIT_ASSERT_MESSAGE("'" + escaped + "' has unescaped specials", safe_for_filter(escaped));
}

}  // namespace

class FilterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FilterTest);
    CPPUNIT_TEST(testEscapeRfc4515Vectors);
    CPPUNIT_TEST(testEscapeSpecials);
    CPPUNIT_TEST(testEscapeNul);
    CPPUNIT_TEST(testEscapeUtf8);
    CPPUNIT_TEST(testPlainValueUnchanged);
    CPPUNIT_TEST(testEqualityFilter);
    CPPUNIT_TEST(testEqualityFilterLengthCap);
    CPPUNIT_TEST(testEqualityFilterRejectsBadAttribute);
    CPPUNIT_TEST(testEqualityFilterIsValidFilter);
    CPPUNIT_TEST(testValidAttributeNames);
    CPPUNIT_TEST(testInvalidAttributeNames);
    CPPUNIT_TEST(testValidFilters);
    CPPUNIT_TEST(testInvalidFilters);
    CPPUNIT_TEST(testFilterErrorMessage);
    CPPUNIT_TEST(testAndFilters);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEscapeRfc4515Vectors() {
        // RFC 4515 section 4 examples.
        assert_escapes_to("Parens R Us (for all your parenthetical needs)",
                          "Parens R Us \\28for all your parenthetical needs\\29");
        assert_escapes_to("*", "\\2a");
        assert_escapes_to("C:\\MyFile", "C:\\5cMyFile");
        assert_escapes_to(std::string("\0\0\0\4", 4), "\\00\\00\\00\\04");
    }

    void testEscapeSpecials() {
        for (char special : std::string("*()\\")) {
            std::string value = std::string("a") + special + "b";
            std::string escaped = escape_filter_value(value);
            CPPUNIT_ASSERT_EQUAL(size_t(5), escaped.size());  // "a\XXb"
            CPPUNIT_ASSERT(safe_for_filter(escaped));
            CPPUNIT_ASSERT_EQUAL(value, unescape(escaped));
        }
        // An injection attempt stays one value.
        std::string attack = "*)(uid=*))(|(uid=*";
        std::string escaped = escape_filter_value(attack);
        CPPUNIT_ASSERT(safe_for_filter(escaped));
        CPPUNIT_ASSERT_EQUAL(attack, unescape(escaped));
    }

    void testEscapeNul() {
        std::string value("a\0b", 3);
        CPPUNIT_ASSERT_EQUAL(std::string("a\\00b"), escape_filter_value(value));
        auto filter = equality_filter("mail", value, "");
        CPPUNIT_ASSERT(filter.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("(mail=a\\00b)"), *filter);
    }

    void testEscapeUtf8() {
        // RFC 4515's own example "Lučić": libldap escapes non-ASCII bytes (allowed; the server
        // matches it exactly like the raw UTF-8), and the bytes survive unchanged.
        assert_escapes_to("Lu\xc4\x8d" "i\xc4\x87", "Lu\\c4\\8di\\c4\\87");
        std::string japanese = "\xe5\xb1\xb1\xe7\x94\xb0@example.test";
        CPPUNIT_ASSERT_EQUAL(japanese, unescape(escape_filter_value(japanese)));
    }

    void testPlainValueUnchanged() {
        CPPUNIT_ASSERT_EQUAL(std::string("alice@example.test"), escape_filter_value("alice@example.test"));
        CPPUNIT_ASSERT_EQUAL(std::string("Babs Jensen"), escape_filter_value("Babs Jensen"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), escape_filter_value(""));
    }

    void testEqualityFilter() {
        auto filter = equality_filter("mail", "a*b@example.test", "(objectClass=person)");
        CPPUNIT_ASSERT(filter.has_value());
        CPPUNIT_ASSERT(userphoto::iequals(*filter, "(&(objectClass=person)(mail=a\\2ab@example.test))"));
        auto bare = equality_filter("uid", "alice", "");
        CPPUNIT_ASSERT(bare.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=alice)"), *bare);
    }

    void testEqualityFilterLengthCap() {
        std::string longest(kMaxFilterValueLength, 'x');
        auto ok = equality_filter("mail", longest, "");
        CPPUNIT_ASSERT(ok.has_value());
        CPPUNIT_ASSERT(ok->find(longest) != std::string::npos);  // whole, not truncated
        CPPUNIT_ASSERT(!equality_filter("mail", longest + "x", "").has_value());
        CPPUNIT_ASSERT(!equality_filter("mail", "", "").has_value());
        // The cap counts raw bytes: a value of specials that triples when escaped still fits.
        CPPUNIT_ASSERT(equality_filter("mail", std::string(kMaxFilterValueLength, '*'), "").has_value());
    }

    void testEqualityFilterRejectsBadAttribute() {
        CPPUNIT_ASSERT(!equality_filter("mail)(uid=*", "x", "").has_value());
        CPPUNIT_ASSERT(!equality_filter("", "x", "").has_value());
        CPPUNIT_ASSERT(!equality_filter("ma il", "x", "").has_value());
    }

    void testEqualityFilterIsValidFilter() {
        const std::string values[] = {"plain", "*", "(x)", "a\\b", std::string("\0", 1), "\xc3\xbc", ")(|(a=*"};
        for (const std::string& value : values) {
            auto filter = equality_filter("mail", value, "(&(objectClass=person)(!(disabled=TRUE)))");
            CPPUNIT_ASSERT(filter.has_value());
            std::string error;
            CPPUNIT_ASSERT_MESSAGE(*filter + ": " + error, is_valid_filter(*filter, &error));
        }
    }

    void testValidAttributeNames() {
        for (const char* name : {"mail", "thumbnailPhoto", "x-custom-attr", "cn;lang-en", "userCertificate;binary",
                                 "cn;lang-de;x-opt", "2.5.4.3", "0.9.2342.19200300.100.1.3", "1.1", "a"})
            CPPUNIT_ASSERT_MESSAGE(name, is_valid_attribute_name(name));
    }

    void testInvalidAttributeNames() {
        for (const char* name : {"", "1mail", "-mail", "ma il", "mail;", ";binary", "mail;;x", "mail=", "mail(",
                                 "mail*", "1", "1.", ".1", "1..2", "01.2", "2.5.04.3", "_x", "mail;bin ary",
                                 "\xc3\xbc", "*"})
            CPPUNIT_ASSERT_MESSAGE(name, !is_valid_attribute_name(name));
        CPPUNIT_ASSERT(!is_valid_attribute_name(std::string("mail\0x", 6)));
    }

    void testValidFilters() {
        // RFC 4515 section 4 examples and a few more.
        for (const char* filter : {"(cn=Babs Jensen)", "(!(cn=Tim Howes))",
                                   "(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))", "(o=univ*of*mich*)",
                                   "(seeAlso=)", "(cn:caseExactMatch:=Fred Flintstone)", "(cn:=Betty Rubble)",
                                   "(sn:dn:2.4.6.8.10:=Barney Rubble)", "(o:dn:=Ace Industry)",
                                   "(:1.2.3:=Wilma Flintstone)", "(:DN:2.4.6.8.10:=Dino)",
                                   "(o=Parens R Us \\28for all your parenthetical needs\\29)", "(cn=*\\2A*)",
                                   "(filename=C:\\5cMyFile)", "(bin=\\00\\00\\00\\04)", "(sn=Lu\\c4\\8di\\c4\\87)",
                                   "(1.3.6.1.4.1.1466.0=\\04\\02\\48\\69)", "(objectClass=*)", "(uidNumber>=1000)",
                                   "(sn~=jensen)", "(cn<=m)", "(&)", "(|)", "(cn;lang-de=x)", "(cn:dnMatch:=x)",
                                   "(sn=Lu\xc4\x8di\xc4\x87)"})
            CPPUNIT_ASSERT_MESSAGE(filter, is_valid_filter(filter));
    }

    void testInvalidFilters() {
        for (const char* filter : {"", "cn=x", "(cn=x", "(cn=x))", "(&(cn=x)", "()", "(=x)", "(cn~x)", "(cn>=a*)",
                                   "(cn=a(b)", "(cn=\\zz)", "(cn=\\4)", "(cn=x\\)", "(!)", "(!(a=b)(c=d))",
                                   "(:=x)", "(:dn:=x)", "(cn:=a*)", "(cn:1bad:=x)", "(cn=x)(sn=y)", "(1cn=x)",
                                   "(cn x=y)", "( cn=x)", "(&(cn=x) )"})
            CPPUNIT_ASSERT_MESSAGE(filter, !is_valid_filter(filter));
        CPPUNIT_ASSERT(!is_valid_filter(std::string("(cn=a\0b)", 8)));  // raw NUL must be written \00
        std::string deep;
        for (int i = 0; i < 100; ++i) deep += "(!";
        deep += "(a=b)";
        for (int i = 0; i < 100; ++i) deep += ")";
        CPPUNIT_ASSERT(!is_valid_filter(deep));
    }

    void testFilterErrorMessage() {
        std::string error;
        CPPUNIT_ASSERT(!is_valid_filter("(&(cn=x)", &error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("')'") != std::string::npos);
        error.clear();
        CPPUNIT_ASSERT(!is_valid_filter("(cn=\\zz)", &error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("hex") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(error, error.find("offset 4") != std::string::npos);
    }

    void testAndFilters() {
        CPPUNIT_ASSERT_EQUAL(std::string("(&(a=1)(b=2))"), and_filters("(a=1)", "(b=2)"));
        CPPUNIT_ASSERT_EQUAL(std::string("(b=2)"), and_filters("", "(b=2)"));
        CPPUNIT_ASSERT_EQUAL(std::string("(a=1)"), and_filters("(a=1)", ""));
        CPPUNIT_ASSERT(is_valid_filter(and_filters("(a=1)", "(|(b=2)(c=3))")));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FilterTest);
