// Active Directory and TLS/SASL parts that need no server: failure diagnosis, Windows login
// forms, objectGUID text, start-up checks of the transport and bind settings.
#include <cppunit/extensions/HelperMacros.h>
#include <ldap.h>

#include <string>

#include "directory/directory.h"
#include "directory/kerberos_credentials.h"
#include "directory/ldap_diagnosis.h"
#include "directory/settings_check.h"
#include "service/windows_logins.h"

using namespace userphoto;
using namespace userphoto::directory;

namespace {

Settings with_url(const std::string& url) {
    Settings s;
    std::string error;
    s.url = *parse_ldap_url(url, &error);
    return s;
}

Settings with_bind(Settings s) {
    s.bind_dn = "cn=svc,dc=example";
    return s;
}

bool mentions(const std::vector<std::string>& lines, const std::string& needle) {
    for (const auto& line : lines)
        if (line.find(needle) != std::string::npos) return true;
    return false;
}

}  // namespace

class ActiveDirectoryOfflineTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ActiveDirectoryOfflineTest);
    CPPUNIT_TEST(classifiesTlsFailures);
    CPPUNIT_TEST(classifiesBindFailures);
    CPPUNIT_TEST(classifiesKerberosFailures);
    CPPUNIT_TEST(explanationNamesCauseAndDirective);
    CPPUNIT_TEST(windowsLoginForms);
    CPPUNIT_TEST(objectGuidText);
    CPPUNIT_TEST(startTlsWithLdapsRefused);
    CPPUNIT_TEST(mechanismPrerequisites);
    CPPUNIT_TEST(unreadableFilesRefused);
    CPPUNIT_TEST(clearTextSimpleBindWarned);
    CPPUNIT_TEST(bindMechanismNames);
    CPPUNIT_TEST(ticketsRenewedBeforeExpiry);
    CPPUNIT_TEST_SUITE_END();

public:
    void classifiesTlsFailures() {
        // GnuTLS build of libldap
        CPPUNIT_ASSERT(classify_failure(LDAP_CONNECT_ERROR, "Connect error (The certificate is NOT trusted. "
                                                            "The certificate issuer is unknown.)") ==
                       Cause::CertificateNotTrusted);
        // OpenSSL build
        CPPUNIT_ASSERT(classify_failure(LDAP_CONNECT_ERROR, "Connect error (error:0A000086:SSL routines::certificate "
                                                            "verify failed (self-signed certificate))") ==
                       Cause::CertificateNotTrusted);
        CPPUNIT_ASSERT(classify_failure(LDAP_CONNECT_ERROR,
                                        "Connect error (TLS: hostname does not match CN in peer certificate)") ==
                       Cause::NameMismatch);
        CPPUNIT_ASSERT(classify_failure(LDAP_SERVER_DOWN, "Can't contact LDAP server") == Cause::Unreachable);
        CPPUNIT_ASSERT(classify_failure(LDAP_CONNECT_ERROR, "Connect error (TLS handshake failed)") ==
                       Cause::TlsHandshake);
    }

    void classifiesBindFailures() {
        CPPUNIT_ASSERT(classify_failure(LDAP_STRONG_AUTH_REQUIRED,
                                        "Strong(er) authentication required (BindSimple: Transport encryption "
                                        "required.)") == Cause::StrongAuthRequired);
        CPPUNIT_ASSERT(classify_failure(LDAP_CONFIDENTIALITY_REQUIRED, "Confidentiality required") ==
                       Cause::StrongAuthRequired);
        CPPUNIT_ASSERT(classify_failure(LDAP_INVALID_CREDENTIALS,
                                        "Invalid credentials (80090308: LdapErr: DSID-0C090447, comment: "
                                        "AcceptSecurityContext error, data 52e, v3839)") ==
                       Cause::InvalidCredentials);
        CPPUNIT_ASSERT(classify_failure(LDAP_NO_SUCH_OBJECT, "No such object") == Cause::Unknown);
    }

    void classifiesKerberosFailures() {
        CPPUNIT_ASSERT(classify_failure(LDAP_AUTH_UNKNOWN, "cannot get a Kerberos ticket for p@R from keytab k: "
                                                           "Cannot contact any KDC for realm 'R'") ==
                       Cause::KdcUnreachable);
        CPPUNIT_ASSERT(classify_failure(LDAP_LOCAL_ERROR, "SASL(-1): generic failure: GSSAPI Error: Unspecified GSS "
                                                          "failure (Clock skew too great)") == Cause::ClockSkew);
        CPPUNIT_ASSERT(classify_failure(LDAP_LOCAL_ERROR, "GSSAPI Error: Unspecified GSS failure. (Server "
                                                          "ldap/dc1.example@EX not found in Kerberos database)") ==
                       Cause::KerberosPrincipalUnknown);
        CPPUNIT_ASSERT(classify_failure(LDAP_AUTH_UNKNOWN, "keytab /x: Key table file '/x' not found") ==
                       Cause::KeytabProblem);
    }

    void explanationNamesCauseAndDirective() {
        std::string line = explain_failure(LDAP_CONNECT_ERROR, "Connect error (certificate issuer is unknown)");
        CPPUNIT_ASSERT(line.rfind("server certificate not trusted: ", 0) == 0);
        CPPUNIT_ASSERT(line.find("UserPhotoLDAPTrustedCA") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("No such object"), explain_failure(LDAP_NO_SUCH_OBJECT, "No such object"));
    }

    void windowsLoginForms() {
        auto ntlm = windows_login_matches("CORP\\a.smith");
        CPPUNIT_ASSERT_EQUAL(size_t(1), ntlm.size());
        CPPUNIT_ASSERT_EQUAL(std::string("sAMAccountName"), ntlm[0].attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("a.smith"), ntlm[0].value);
        auto kerberos = windows_login_matches("a.smith@CORP.EXAMPLE");
        CPPUNIT_ASSERT_EQUAL(size_t(2), kerberos.size());
        CPPUNIT_ASSERT_EQUAL(std::string("userPrincipalName"), kerberos[0].attribute);
        CPPUNIT_ASSERT_EQUAL(std::string("a.smith@CORP.EXAMPLE"), kerberos[0].value);
        CPPUNIT_ASSERT_EQUAL(std::string("a.smith"), kerberos[1].value);
        CPPUNIT_ASSERT(windows_login_matches("a.smith@corp.example").empty());  // an e-mail address
        CPPUNIT_ASSERT(windows_login_matches("a.smith").empty());
        CPPUNIT_ASSERT(windows_login_matches("\\a.smith").empty());
        CPPUNIT_ASSERT(windows_login_matches("CORP\\").empty());
        CPPUNIT_ASSERT(windows_login_matches("@CORP").empty());
    }

    void objectGuidText() {
        const std::string bytes("\x33\x22\x11\x00\x55\x44\x77\x66\x88\x99\xaa\xbb\xcc\xdd\xee\xff", 16);
        CPPUNIT_ASSERT_EQUAL(std::string("00112233-4455-6677-8899-aabbccddeeff"), format_object_guid(bytes));
        CPPUNIT_ASSERT_EQUAL(std::string(), format_object_guid("short"));
    }

    void startTlsWithLdapsRefused() {
        Settings s = with_url("ldaps://dc1.example/dc=example");
        s.start_tls = true;
        CPPUNIT_ASSERT(mentions(check_settings(s).errors, "cannot be combined with ldaps://"));
        s.start_tls = false;
        CPPUNIT_ASSERT(check_settings(s).errors.empty());
    }

    void mechanismPrerequisites() {
        Settings s = with_url("ldap://dc1.example/dc=example");
        s.bind_mechanism = BindMechanism::External;
        auto check = check_settings(s);
        CPPUNIT_ASSERT(mentions(check.errors, "needs UserPhotoLDAPClientCert"));
        CPPUNIT_ASSERT(mentions(check.errors, "needs TLS"));
        s.bind_mechanism = BindMechanism::Gssapi;
        CPPUNIT_ASSERT(mentions(check_settings(s).errors, "needs UserPhotoLDAPKeytab"));
        s.keytab = "/nonexistent/userphoto.keytab";
        CPPUNIT_ASSERT(mentions(check_settings(s).errors, "is not readable"));
        s.keytab = "/dev/null";  // readable, but not a keytab
        CPPUNIT_ASSERT(mentions(check_settings(s).errors, "UserPhotoLDAPKeytab /dev/null: "));
    }

    void unreadableFilesRefused() {
        Settings s = with_url("ldaps://dc1.example/dc=example");
        s.trusted_ca = "/nonexistent/ca.pem";
        s.client_cert = "/nonexistent/c.pem";
        s.client_key = "/nonexistent/k.pem";
        auto check = check_settings(s);
        CPPUNIT_ASSERT(mentions(check.errors, "UserPhotoLDAPTrustedCA /nonexistent/ca.pem is not readable"));
        CPPUNIT_ASSERT(mentions(check.errors, "UserPhotoLDAPClientCert key /nonexistent/k.pem"));
    }

    void clearTextSimpleBindWarned() {
        Settings s = with_url("ldap://dc1.example/dc=example");
        s.bind_dn = "cn=svc,dc=example";
        CPPUNIT_ASSERT(mentions(check_settings(s).warnings, "clear text"));
        CPPUNIT_ASSERT(!mentions(check_settings(with_bind(with_url("ldap://127.0.0.1:389/dc=x"))).warnings, "clear text"));
        s.start_tls = true;
        CPPUNIT_ASSERT(!mentions(check_settings(s).warnings, "clear text"));
        s.verify_server_cert = false;
        CPPUNIT_ASSERT(mentions(check_settings(s).warnings, "UserPhotoLDAPVerifyServerCert off"));
    }

    void ticketsRenewedBeforeExpiry() {
        using std::chrono::hours;
        using std::chrono::minutes;
        const auto start = std::chrono::system_clock::now();
        // 10 h ticket: renewed in its last fifth (2 h), not before.
        KerberosCredentials::Cache ten_hours("MEMORY:unit-test-a", start, start + hours(10));
        CPPUNIT_ASSERT(!ten_hours.needs_renewal(start + hours(7)));
        CPPUNIT_ASSERT(ten_hours.needs_renewal(start + hours(8) + minutes(1)));
        // 10 min ticket: at least 5 minutes ahead.
        KerberosCredentials::Cache short_one("MEMORY:unit-test-b", start, start + minutes(10));
        CPPUNIT_ASSERT(!short_one.needs_renewal(start + minutes(4)));
        CPPUNIT_ASSERT(short_one.needs_renewal(start + minutes(5) + std::chrono::seconds(1)));
        CPPUNIT_ASSERT(short_one.needs_renewal(start + hours(1)));  // expired
    }

    void bindMechanismNames() {
        BindMechanism m = BindMechanism::Simple;
        CPPUNIT_ASSERT(parse_bind_mechanism("gssapi", &m) && m == BindMechanism::Gssapi);
        CPPUNIT_ASSERT(parse_bind_mechanism("EXTERNAL", &m) && m == BindMechanism::External);
        CPPUNIT_ASSERT(parse_bind_mechanism("Simple", &m) && m == BindMechanism::Simple);
        CPPUNIT_ASSERT(!parse_bind_mechanism("DIGEST-MD5", &m));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ActiveDirectoryOfflineTest);
