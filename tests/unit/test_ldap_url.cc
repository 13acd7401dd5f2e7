// UserPhotoLDAPURL parsing: RFC 4516 plus mod_authnz_ldap's space-separated host list.
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

#include "directory/ldap_url.h"

using userphoto::directory::LdapUrl;
using userphoto::directory::parse_ldap_url;
using userphoto::directory::Scope;

namespace {

LdapUrl must_parse(const std::string& text) {
    std::string error;
    auto url = parse_ldap_url(text, &error);
    CPPUNIT_ASSERT_MESSAGE("'" + text + "' rejected: " + error, url.has_value());
    return *url;
}

// The error message for a URL that must be rejected.
std::string must_fail(const std::string& text) {
    std::string error;
    auto url = parse_ldap_url(text, &error);
    CPPUNIT_ASSERT_MESSAGE("'" + text + "' accepted", !url.has_value());
    CPPUNIT_ASSERT_MESSAGE("no message for '" + text + "'", !error.empty());
    return error;
}

// Lists compare as one string (CppUnit cannot print vectors).
std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += "<" + item + ">";
    return out;
}

void assert_mentions(const std::string& message, const std::string& word) {
    CPPUNIT_ASSERT_MESSAGE("'" + message + "' does not mention '" + word + "'", message.find(word) != std::string::npos);
}

}  // namespace

class LdapUrlTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LdapUrlTest);
    CPPUNIT_TEST(testFullUrl);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testDefaultPorts);
    CPPUNIT_TEST(testMultiHostFailoverOrder);
    CPPUNIT_TEST(testMultiHostWithSchemePerHost);
    CPPUNIT_TEST(testIpv6);
    CPPUNIT_TEST(testLdapi);
    CPPUNIT_TEST(testPercentEncodedBaseAndFilter);
    CPPUNIT_TEST(testMissingParts);
    CPPUNIT_TEST(testScopes);
    CPPUNIT_TEST(testFilterWithoutParentheses);
    CPPUNIT_TEST(testFirstAttributeIsEmailAttribute);
    CPPUNIT_TEST(testSurroundingWhitespace);
    CPPUNIT_TEST(testExtensions);
    CPPUNIT_TEST(testNoScheme);
    CPPUNIT_TEST(testUnknownScheme);
    CPPUNIT_TEST(testEmptyHostList);
    CPPUNIT_TEST(testBadScope);
    CPPUNIT_TEST(testBadPort);
    CPPUNIT_TEST(testBadHosts);
    CPPUNIT_TEST(testBadBaseAndEncoding);
    CPPUNIT_TEST(testBadFilter);
    CPPUNIT_TEST(testBadAttribute);
    CPPUNIT_TEST(testQuestionMarkBeforeSlash);
    CPPUNIT_TEST(testTooManyParts);
    CPPUNIT_TEST(testNullErrorPointer);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFullUrl() {
        LdapUrl url = must_parse("ldap://dc1.corp.example:3890/ou=people,dc=corp,dc=example?mail?one?(objectClass=person)");
        CPPUNIT_ASSERT_EQUAL(joined({"ldap://dc1.corp.example:3890"}), joined(url.servers));
        CPPUNIT_ASSERT_EQUAL(std::string("ou=people,dc=corp,dc=example"), url.base_dn);
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), url.attribute);
        CPPUNIT_ASSERT(url.scope == Scope::One);
        CPPUNIT_ASSERT_EQUAL(std::string("(objectClass=person)"), url.filter);
        CPPUNIT_ASSERT_EQUAL(std::string("ldap://dc1.corp.example:3890"), url.uri_list());
        CPPUNIT_ASSERT(url.ignored_extensions.empty());
    }

    void testDefaults() {
        LdapUrl url = must_parse("ldap://h/dc=example,dc=test");
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), url.attribute);
        CPPUNIT_ASSERT(url.scope == Scope::Sub);
        CPPUNIT_ASSERT_EQUAL(std::string("(objectClass=*)"), url.filter);
        CPPUNIT_ASSERT_EQUAL(std::string("dc=example,dc=test"), url.base_dn);
    }

    void testDefaultPorts() {
        CPPUNIT_ASSERT_EQUAL(std::string("ldap://h:389"), must_parse("ldap://h/").servers.at(0));
        CPPUNIT_ASSERT_EQUAL(std::string("ldaps://h:636"), must_parse("ldaps://h/").servers.at(0));
        CPPUNIT_ASSERT_EQUAL(std::string("ldaps://h:3269"), must_parse("LDAPS://h:3269").servers.at(0));
        // RFC 3986: an empty port means the default one.
        CPPUNIT_ASSERT_EQUAL(std::string("ldap://h:389"), must_parse("ldap://h:/").servers.at(0));
    }

    void testMultiHostFailoverOrder() {
        LdapUrl url = must_parse("ldap://dc2.corp.example:3389 dc1.corp.example  10.0.0.7:1389/dc=corp?uid");
        std::vector<std::string> expected{"ldap://dc2.corp.example:3389", "ldap://dc1.corp.example:389",
                                          "ldap://10.0.0.7:1389"};
        CPPUNIT_ASSERT_EQUAL(joined(expected), joined(url.servers));
        CPPUNIT_ASSERT_EQUAL(std::string("ldap://dc2.corp.example:3389 ldap://dc1.corp.example:389 ldap://10.0.0.7:1389"),
                             url.uri_list());
        CPPUNIT_ASSERT_EQUAL(std::string("uid"), url.attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("dc=corp"), url.base_dn);

        LdapUrl secure = must_parse("ldaps://a b:1636/dc=corp");
        CPPUNIT_ASSERT_EQUAL(joined({"ldaps://a:636", "ldaps://b:1636"}), joined(secure.servers));
    }

    void testMultiHostWithSchemePerHost() {
        LdapUrl url = must_parse("ldap://a:389 ldaps://b/dc=corp");
        CPPUNIT_ASSERT_EQUAL(joined({"ldap://a:389", "ldaps://b:636"}), joined(url.servers));
        assert_mentions(must_fail("ldap://a http://b/dc=corp"), "http");
    }

    void testIpv6() {
        LdapUrl url = must_parse("ldap://[::1]:3389 [2001:db8::5]/dc=example,dc=test");
        CPPUNIT_ASSERT_EQUAL(joined({"ldap://[::1]:3389", "ldap://[2001:db8::5]:389"}), joined(url.servers));
        assert_mentions(must_fail("ldap://::1:389/dc=x"), "bracket");
        assert_mentions(must_fail("ldap://[::1/dc=x"), "]");
        assert_mentions(must_fail("ldap://[::1]x/dc=x"), "]");
        assert_mentions(must_fail("ldap://[zz]:389/dc=x"), "IPv6");
    }

    void testLdapi() {
        LdapUrl url = must_parse("ldapi://%2Frun%2Fslapd%2Fldapi/dc=example,dc=test");
        CPPUNIT_ASSERT_EQUAL(joined({"ldapi://%2Frun%2Fslapd%2Fldapi"}), joined(url.servers));
        CPPUNIT_ASSERT_EQUAL(std::string("dc=example,dc=test"), url.base_dn);
        // No host: libldap's default socket.
        CPPUNIT_ASSERT_EQUAL(joined({"ldapi://"}), joined(must_parse("ldapi:///dc=x").servers));
        assert_mentions(must_fail("ldapi://run-slapd/dc=x"), "socket path");
    }

    void testPercentEncodedBaseAndFilter() {
        LdapUrl url = must_parse("ldap://h/ou=Sales%20Team,dc=example%2Cdc=test?mail?sub?(%26(objectClass=person)(cn=a%3Fb))");
        CPPUNIT_ASSERT_EQUAL(std::string("ou=Sales Team,dc=example,dc=test"), url.base_dn);
        CPPUNIT_ASSERT_EQUAL(std::string("(&(objectClass=person)(cn=a?b))"), url.filter);
        // '+' is a literal plus in URLs, not a space.
        CPPUNIT_ASSERT_EQUAL(std::string("cn=a+sn=b,dc=x"), must_parse("ldap://h/cn=a+sn=b,dc=x").base_dn);
    }

    void testMissingParts() {
        LdapUrl no_slash = must_parse("ldap://h");
        CPPUNIT_ASSERT_EQUAL(std::string(""), no_slash.base_dn);
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), no_slash.attribute);

        LdapUrl empty_parts = must_parse("ldap://h/dc=x???");
        CPPUNIT_ASSERT_EQUAL(std::string("dc=x"), empty_parts.base_dn);
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), empty_parts.attribute);
        CPPUNIT_ASSERT(empty_parts.scope == Scope::Sub);
        CPPUNIT_ASSERT_EQUAL(std::string("(objectClass=*)"), empty_parts.filter);

        LdapUrl only_filter = must_parse("ldap://h/dc=x??" "?(uid=*)");
        CPPUNIT_ASSERT_EQUAL(std::string("(uid=*)"), only_filter.filter);
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), only_filter.attribute);

        LdapUrl only_scope = must_parse("ldap://h/dc=x??base");
        CPPUNIT_ASSERT(only_scope.scope == Scope::Base);
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), only_scope.attribute);
    }

    void testScopes() {
        CPPUNIT_ASSERT(must_parse("ldap://h/dc=x?mail?base").scope == Scope::Base);
        CPPUNIT_ASSERT(must_parse("ldap://h/dc=x?mail?one").scope == Scope::One);
        CPPUNIT_ASSERT(must_parse("ldap://h/dc=x?mail?sub").scope == Scope::Sub);
        CPPUNIT_ASSERT(must_parse("ldap://h/dc=x?mail?ONE").scope == Scope::One);
        CPPUNIT_ASSERT(must_parse("ldap://h/dc=x?mail?").scope == Scope::Sub);
    }

    void testFilterWithoutParentheses() {
        CPPUNIT_ASSERT_EQUAL(std::string("(objectClass=inetOrgPerson)"),
                             must_parse("ldap://h/dc=x?mail?sub?objectClass=inetOrgPerson").filter);
        CPPUNIT_ASSERT_EQUAL(std::string("(&(a=1)(b=2))"), must_parse("ldap://h/dc=x?mail?sub?&(a=1)(b=2)").filter);
    }

    void testFirstAttributeIsEmailAttribute() {
        CPPUNIT_ASSERT_EQUAL(std::string("userPrincipalName"),
                             must_parse("ldap://h/dc=x?userPrincipalName,mail,cn?sub").attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("mail;lang-de"), must_parse("ldap://h/dc=x?mail;lang-de").attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("0.9.2342.19200300.100.1.3"),
                             must_parse("ldap://h/dc=x?0.9.2342.19200300.100.1.3").attribute);
    }

    void testSurroundingWhitespace() {
        LdapUrl url = must_parse("  ldap://h1   h2/dc=x?mail  \n");
        CPPUNIT_ASSERT_EQUAL(joined({"ldap://h1:389", "ldap://h2:389"}), joined(url.servers));
        CPPUNIT_ASSERT_EQUAL(std::string("mail"), url.attribute);
    }

    void testExtensions() {
        // RFC 4516: unknown non-critical extensions are ignored, critical ones make the URL unusable.
        LdapUrl url = must_parse("ldap://h/dc=x?mail?sub?(a=b)?bindname=cn%3Dadmin,x-foo");
        CPPUNIT_ASSERT_EQUAL(joined({"bindname", "x-foo"}), joined(url.ignored_extensions));
        std::string error = must_fail("ldap://h/dc=x?mail?sub?(a=b)?!bindname=cn%3Dadmin");
        assert_mentions(error, "critical extension");
        assert_mentions(error, "bindname");
    }

    void testNoScheme() {
        assert_mentions(must_fail("dc1.corp.example/dc=x"), "no scheme");
        assert_mentions(must_fail(""), "empty");
        assert_mentions(must_fail("   "), "empty");
    }

    void testUnknownScheme() {
        assert_mentions(must_fail("http://h/dc=x"), "unknown scheme 'http'");
        assert_mentions(must_fail("ldapx://h/dc=x"), "unknown scheme");
    }

    void testEmptyHostList() {
        assert_mentions(must_fail("ldap:///dc=x"), "no LDAP server");
        assert_mentions(must_fail("ldaps://"), "no LDAP server");
        assert_mentions(must_fail("ldap://   /dc=x"), "no LDAP server");
    }

    void testBadScope() {
        std::string error = must_fail("ldap://h/dc=x?mail?subtree");
        assert_mentions(error, "bad scope 'subtree'");
        must_fail("ldap://h/dc=x?mail?children");
    }

    void testBadPort() {
        assert_mentions(must_fail("ldap://h:0/dc=x"), "bad port '0'");
        assert_mentions(must_fail("ldap://h:65536/dc=x"), "bad port");
        assert_mentions(must_fail("ldap://h:38a9/dc=x"), "bad port");
        assert_mentions(must_fail("ldap://a:389 b:-1/dc=x"), "bad port");
        assert_mentions(must_fail("ldap://[::1]:99999/dc=x"), "bad port");
    }

    void testBadHosts() {
        assert_mentions(must_fail("ldap://bad!host/dc=x"), "invalid host");
        assert_mentions(must_fail("ldap://:389/dc=x"), "invalid host");
        assert_mentions(must_fail("ldap://a ldap:///dc=x"), "no host");
    }

    void testBadBaseAndEncoding() {
        assert_mentions(must_fail("ldap://h/not a dn"), "invalid base DN");
        assert_mentions(must_fail("ldap://h/dc=x%2"), "percent-encoding");
        assert_mentions(must_fail("ldap://h/dc=x%zz"), "percent-encoding");
        assert_mentions(must_fail("ldap://h/dc=x%00y"), "percent-encoding");
        assert_mentions(must_fail("ldap://h/dc=x?mail?sub?(cn=%GG)"), "percent-encoding");
    }

    void testBadFilter() {
        assert_mentions(must_fail("ldap://h/dc=x?mail?sub?(objectClass=person"), "invalid filter");
        assert_mentions(must_fail("ldap://h/dc=x?mail?sub?(a=b))"), "invalid filter");
        assert_mentions(must_fail("ldap://h/dc=x?mail?sub?(&(a=b)(c=d)"), "invalid filter");
        assert_mentions(must_fail("ldap://h/dc=x?mail?sub?()"), "invalid filter");
        assert_mentions(must_fail("ldap://h/dc=x?mail?sub?(a=b\\zz)"), "invalid filter");
    }

    void testBadAttribute() {
        assert_mentions(must_fail("ldap://h/dc=x?ma il"), "invalid e-mail attribute");
        assert_mentions(must_fail("ldap://h/dc=x?*"), "invalid e-mail attribute");
        assert_mentions(must_fail("ldap://h/dc=x?1mail"), "invalid e-mail attribute");
    }

    void testQuestionMarkBeforeSlash() {
        assert_mentions(must_fail("ldap://h?mail"), "'/'");
    }

    void testTooManyParts() {
        assert_mentions(must_fail("ldap://h/dc=x?mail?sub?(a=b)?x?y"), "too many");
    }

    void testNullErrorPointer() {
        CPPUNIT_ASSERT(!parse_ldap_url("nonsense", nullptr).has_value());
        CPPUNIT_ASSERT(parse_ldap_url("ldap://h/dc=x", nullptr).has_value());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LdapUrlTest);
