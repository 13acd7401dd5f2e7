// TLS to OpenLDAP: a private slapd with its own CA (tests/harness/slapd/slapd.sh with
// SLAPD_TLS_DIR) that requires TLS for simple binds and shows photos only to bound users.
// StartTLS and ldaps:// serve photos; SASL EXTERNAL binds with a client certificate; a clear-text
// simple bind, an unknown CA and a name the certificate does not carry each fail with a log line
// naming the cause; UserPhotoLDAPVerifyServerCert off connects anyway.
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include "integration/fixture.h"

namespace {

using itest::Environment;
using itest::HttpCall;
using itest::HttpReply;

std::string quote(const std::string& s) { return "'" + s + "'"; }

struct TlsWorld {
    std::string tls;  // ca.pem, server.*, client.*
    int ldap_port = 0;
    int ldaps_port = 0;
    std::map<std::string, int> httpds;
};

TlsWorld& world(Environment& env) {
    static std::unique_ptr<TlsWorld> w;
    if (w) return *w;
    auto made = std::make_unique<TlsWorld>();
    made->tls = env.work_dir() + "/tls";
    const std::string t = quote(made->tls);
    // The module's children (www-data when run as root) read the CA and the client key.
    itest::run("(chmod 711 " + quote(env.work_dir()) + " && mkdir -p " + t + " && cd " + t +
               " && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=slapd test CA'"
               " && openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1"
               " && printf 'subjectAltName=IP:127.0.0.1\\n' > ext"
               " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext"
               " && openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=photo-client"
               " && openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2"
               " && chmod 755 . && chmod 644 ca.pem client.pem client.key server.pem server.key) >/dev/null 2>&1");
    made->ldaps_port = itest::free_port();
    setenv("SLAPD_TLS_DIR", made->tls.c_str(), 1);
    setenv("SLAPD_LDAPS_PORT", std::to_string(made->ldaps_port).c_str(), 1);
    made->ldap_port = env.start_extra_slapd("tls-slapd");
    unsetenv("SLAPD_TLS_DIR");
    unsetenv("SLAPD_LDAPS_PORT");
    w = std::move(made);
    return *w;
}

int tls_httpd(Environment& env, const std::string& name, const std::string& directory_conf) {
    TlsWorld& w = world(env);
    auto it = w.httpds.find(name);
    if (it != w.httpds.end()) return it->second;
    std::string conf = "UserPhotoCacheTTL 0\n" + directory_conf +
                       "<Location \"/tls/Exchange.asmx\">\n  SetHandler userphoto-ews\n  UserPhotoEWSAllowAnonymous on\n</Location>\n";
    int port = env.start_extra_httpd(name, w.ldap_port, conf);
    w.httpds[name] = port;
    return port;
}

const std::string kBase = "/ou=people,dc=example,dc=test?mail?sub?(objectClass=inetOrgPerson)";

std::string url(const std::string& scheme_host_port) { return "UserPhotoLDAPURL \"" + scheme_host_port + kBase + "\"\n"; }
std::string ca(Environment& env) { return "UserPhotoLDAPTrustedCA " + world(env).tls + "/ca.pem\n"; }
const std::string kAdmin = "UserPhotoLDAPBindDN cn=admin,dc=example,dc=test\nUserPhotoLDAPBindPassword secret\n";

long photo_status(Environment& env, int port) {
    HttpCall call;
    call.path = "/tls/Exchange.asmx/s/GetUserPhoto?email=alice%40example.test&size=HR48x48";
    return env.call_port(port, call).status;
}

int log_lines_with(Environment& env, const std::string& name, const std::string& needle) {
    std::ifstream in(env.work_dir() + "/" + name + "/error.log");
    std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    int count = 0;
    for (size_t at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++count;
    return count;
}

}  // namespace

class LdapTlsIntegrationTest : public itest::IntegrationFixture {
    CPPUNIT_TEST_SUITE(LdapTlsIntegrationTest);
    CPPUNIT_TEST(starttls_simple_bind_serves_photos);
    CPPUNIT_TEST(ldaps_simple_bind_serves_photos);
    CPPUNIT_TEST(sasl_external_with_client_certificate);
    CPPUNIT_TEST(anonymous_sees_no_photos);
    CPPUNIT_TEST(clear_text_simple_bind_refused_and_logged);
    CPPUNIT_TEST(unknown_ca_logged);
    CPPUNIT_TEST(name_mismatch_logged);
    CPPUNIT_TEST(verification_off_connects_and_warns);
    CPPUNIT_TEST_SUITE_END();

    std::string ldap() { return "ldap://127.0.0.1:" + std::to_string(world(env()).ldap_port); }
    std::string ldaps(const std::string& host = "127.0.0.1") {
        return "ldaps://" + host + ":" + std::to_string(world(env()).ldaps_port);
    }

public:
    void starttls_simple_bind_serves_photos() {
        int port = tls_httpd(env(), "tls-starttls", url(ldap()) + ca(env()) + kAdmin + "UserPhotoLDAPStartTLS on\n");
        CPPUNIT_ASSERT_EQUAL(200L, photo_status(env(), port));
    }

    void ldaps_simple_bind_serves_photos() {
        int port = tls_httpd(env(), "tls-ldaps", url(ldaps()) + ca(env()) + kAdmin);
        CPPUNIT_ASSERT_EQUAL(200L, photo_status(env(), port));
    }

    void sasl_external_with_client_certificate() {
        const std::string tls = world(env()).tls;
        int port = tls_httpd(env(), "tls-external", url(ldaps()) + ca(env()) + "UserPhotoLDAPClientCert " + tls +
                                                        "/client.pem " + tls + "/client.key\n"
                                                        "UserPhotoLDAPBindMechanism EXTERNAL\n");
        CPPUNIT_ASSERT_EQUAL(200L, photo_status(env(), port));  // photos are for bound users only
    }

    void anonymous_sees_no_photos() {
        // What makes the tests above meaningful: without a bind the photo is hidden.
        std::string seen = itest::run("LDAPTLS_CACERT=" + quote(world(env()).tls + "/ca.pem") + " ldapsearch -LLL -x -H " +
                                      ldaps() + " -b ou=people,dc=example,dc=test '(mail=alice@example.test)' mail "
                                      "jpegPhoto thumbnailPhoto");
        CPPUNIT_ASSERT(seen.find("mail: alice@example.test") != std::string::npos);
        CPPUNIT_ASSERT(seen.find("Photo:") == std::string::npos);
    }

    void clear_text_simple_bind_refused_and_logged() {
        int port = tls_httpd(env(), "tls-plain", url(ldap()) + kAdmin);
        CPPUNIT_ASSERT_EQUAL(503L, photo_status(env(), port));
        CPPUNIT_ASSERT(log_lines_with(env(), "tls-plain", "strong authentication required: simple bind: "
                                                          "Confidentiality required") >= 1);
    }

    void unknown_ca_logged() {
        int port = tls_httpd(env(), "tls-unknown-ca", url(ldaps()) + kAdmin);
        CPPUNIT_ASSERT_EQUAL(503L, photo_status(env(), port));
        CPPUNIT_ASSERT(log_lines_with(env(), "tls-unknown-ca", "server certificate not trusted: ") >= 1);
    }

    void name_mismatch_logged() {
        // The certificate names only IP:127.0.0.1.
        int port = tls_httpd(env(), "tls-mismatch", url(ldaps("localhost")) + ca(env()) + kAdmin);
        CPPUNIT_ASSERT_EQUAL(503L, photo_status(env(), port));
        CPPUNIT_ASSERT(log_lines_with(env(), "tls-mismatch", "server certificate name mismatch: ") >= 1);
        CPPUNIT_ASSERT(log_lines_with(env(), "tls-mismatch", "hostname mismatch") >= 1);
    }

    void verification_off_connects_and_warns() {
        int port = tls_httpd(env(), "tls-noverify", url(ldaps("localhost")) + kAdmin +
                                                        "UserPhotoLDAPVerifyServerCert off\n");
        CPPUNIT_ASSERT_EQUAL(200L, photo_status(env(), port));
        CPPUNIT_ASSERT(log_lines_with(env(), "tls-noverify", "UserPhotoLDAPVerifyServerCert off: ") >= 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LdapTlsIntegrationTest);
