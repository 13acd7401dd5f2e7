// Active Directory against a real Samba AD DC on loopback (tests/harness/samba-ad): photos over
// ldaps://, StartTLS and GSSAPI (a keytab exported by samba-tool), the simple bind without TLS
// refused with a log line that says why, an untrusted certificate named as such, proxyAddresses
// aliases over EWS, Windows REMOTE_USER forms, AD detection, and the DC restarted under load.
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <openssl/evp.h>

#include "directory/directory.h"
#include "integration/fixture.h"

namespace {

using itest::Environment;
using itest::HttpCall;
using itest::HttpReply;
using Clock = std::chrono::steady_clock;

const std::string kSrc = TOP_SRCDIR;
const std::string kBuild = TOP_BUILDDIR;
const std::string kBase = "DC=ad,DC=userphoto,DC=test";
const std::string kDomain = "ad.userphoto.test";

std::string quote(const std::string& s) { return "'" + s + "'"; }

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The DC (one per run; its template is provisioned once per build directory) and one httpd per
// way of connecting to it, all started on first use.
struct AdWorld {
    std::string dir;       // the running DC's copy
    std::string client;    // what httpd's children read: CA, keytabs, krb5.conf, the password file
    std::map<std::string, int> ports;  // httpd name → port
    ~AdWorld() {
        if (!dir.empty()) std::system((quote(kSrc + "/tests/harness/samba-ad/samba-ad.sh") + " stop " + quote(dir) + " >/dev/null 2>&1").c_str());
    }
};

AdWorld& world(Environment& env) {
    static std::unique_ptr<AdWorld> w;
    if (w) return *w;
    auto made = std::make_unique<AdWorld>();
    const std::string script = quote(kSrc + "/tests/harness/samba-ad/samba-ad.sh");
    const std::string tmpl = kBuild + "/tests/samba-ad/template";
    itest::run(script + " template " + quote(tmpl) + " " + quote(env.work_dir() + "/photos"));
    made->dir = kBuild + "/tests/samba-ad/run";
    itest::run(script + " start " + quote(made->dir) + " " + quote(tmpl));
    // httpd's children run as www-data: the files they read are copied below the test's work
    // directory, which they can reach wherever the build tree lies (even under a private one).
    made->client = env.work_dir() + "/ad-client";
    itest::run("mkdir -p " + quote(made->client) + " && cp " + quote(made->dir + "/tls/ca.pem") + " " +
               quote(made->dir + "/photo-svc.keytab") + " " + quote(made->dir + "/nowhere.keytab") + " " +
               quote(made->dir + "/krb5.conf") + " " + quote(made->client));
    // The module's Kerberos library reads the realm's KDC from here (httpd inherits it).
    setenv("KRB5_CONFIG", (made->client + "/krb5.conf").c_str(), 1);
    // Windows-style user names for REMOTE_USER, through a password file.
    itest::run("htpasswd -cb " + quote(made->client + "/users") + " 'asmith@AD.USERPHOTO.TEST' pw >/dev/null 2>&1 && "
               "htpasswd -b " + quote(made->client + "/users") + " 'USERPHOTO\\bjones' pw >/dev/null 2>&1");
    itest::run("chmod 755 " + quote(made->client) + " && chmod 644 " + quote(made->client) + "/*");
    w = std::move(made);
    return *w;
}

// An httpd whose module reaches the DC as `directory_conf` says; /ad/ is EWS without
// authentication, /ad-user/ EWS for the Basic-authenticated Windows-style names.
int ad_httpd(Environment& env, const std::string& name, const std::string& directory_conf) {
    AdWorld& w = world(env);
    auto it = w.ports.find(name);
    if (it != w.ports.end()) return it->second;
    std::string conf = "LoadModule authn_file_module /usr/lib/apache2/modules/mod_authn_file.so\n"
                       "UserPhotoCacheTTL 0\n"
                       "UserPhotoLDAPTimeout 3s\n" +
                       directory_conf +
                       "<Location \"/ad/Exchange.asmx\">\n  SetHandler userphoto-ews\n  UserPhotoEWSAllowAnonymous on\n</Location>\n"
                       "<Location \"/ad-user/Exchange.asmx\">\n  SetHandler userphoto-ews\n  AuthType Basic\n"
                       "  AuthName ad\n  AuthBasicProvider file\n  AuthUserFile " + w.client + "/users\n"
                       "  Require valid-user\n</Location>\n";
    int port = env.start_extra_httpd(name, env.ldap_port(), conf);
    w.ports[name] = port;
    return port;
}

std::string url(const std::string& scheme_host) {
    return "UserPhotoLDAPURL \"" + scheme_host + "/" + kBase + "?mail?sub?(objectClass=user)\"\n";
}

std::string simple_bind() {
    return "UserPhotoLDAPBindDN photo-svc@" + kDomain + "\nUserPhotoLDAPBindPassword Pw-photo-svc-1\n";
}

std::string ca(Environment& env) { return "UserPhotoLDAPTrustedCA " + world(env).client + "/ca.pem\n"; }

std::string photo_path(const std::string& email) {
    return "/ad/Exchange.asmx/s/GetUserPhoto?email=" + email + "&size=HR48x48";
}

HttpReply get(Environment& env, int port, const std::string& path, const std::string& user = "") {
    HttpCall call;
    call.path = path;
    if (!user.empty()) {
        call.user = user;
        call.password = "pw";
    }
    return env.call_port(port, call);
}

// Lines of an extra httpd's error log that contain `needle`.
int log_lines_with(Environment& env, const std::string& name, const std::string& needle) {
    std::string log = read_file(env.work_dir() + "/" + name + "/error.log");
    int count = 0;
    for (size_t at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++count;
    return count;
}

// Lowercase hex of an OpenSSL digest ("MD5", "SHA256") of `text`: the avatar hashes.
std::string hex_digest(const char* algorithm, const std::string& text) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), out, &size, EVP_get_digestbyname(algorithm), nullptr);
    static const char hex[] = "0123456789abcdef";
    std::string s;
    for (unsigned int i = 0; i < size; ++i) {
        s += hex[out[i] >> 4];
        s += hex[out[i] & 15];
    }
    return s;
}

}  // namespace

class ActiveDirectoryIntegrationTest : public itest::IntegrationFixture {
    CPPUNIT_TEST_SUITE(ActiveDirectoryIntegrationTest);
    CPPUNIT_TEST(ldaps_serves_photos);
    CPPUNIT_TEST(starttls_serves_photos);
    CPPUNIT_TEST(gssapi_with_keytab_serves_photos);
    CPPUNIT_TEST(kdc_unreachable_logged);
    CPPUNIT_TEST(principal_missing_from_keytab_logged);
    CPPUNIT_TEST(simple_bind_without_tls_refused_and_logged);
    CPPUNIT_TEST(untrusted_certificate_logged);
    CPPUNIT_TEST(wrong_password_logged);
    CPPUNIT_TEST(aliases_match_case_insensitively);
    CPPUNIT_TEST(shared_alias_is_ambiguous);
    CPPUNIT_TEST(person_without_photo_is_404);
    CPPUNIT_TEST(windows_remote_user_forms);
    CPPUNIT_TEST(detects_active_directory);
    CPPUNIT_TEST(dc_restarted_under_load);
    CPPUNIT_TEST(avatar_index_from_active_directory);
    CPPUNIT_TEST(photo_change_seen_by_polling_usn_changed);
    CPPUNIT_TEST_SUITE_END();

    int ldaps() { return ad_httpd(env(), "ad-ldaps", url("ldaps://127.0.0.1") + simple_bind() + ca(env()) +
                                                     "UserPhotoEmailAliasAttribute proxyAddresses\n"); }

public:
    void ldaps_serves_photos() {
        HttpReply r = get(env(), ldaps(), photo_path("anna.smith@" + kDomain));
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), r.header("Content-Type"));
        CPPUNIT_ASSERT(itest::jpeg_size(r.body).first == 48);
    }

    void starttls_serves_photos() {
        int port = ad_httpd(env(), "ad-starttls", url("ldap://127.0.0.1") + simple_bind() + ca(env()) +
                                                      "UserPhotoLDAPStartTLS on\n");
        HttpReply r = get(env(), port, photo_path("ben.jones@" + kDomain));
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT(itest::jpeg_size(r.body).first == 48);
    }

    void gssapi_with_keytab_serves_photos() {
        // Plain ldap://: the SASL layer signs and seals, which AD accepts without TLS.
        int port = ad_httpd(env(), "ad-gssapi", url("ldap://127.0.0.1") +
                                                    "UserPhotoLDAPBindMechanism GSSAPI\n"
                                                    "UserPhotoLDAPKeytab " + world(env()).client + "/photo-svc.keytab\n"
                                                    "UserPhotoLDAPBindPrincipal photo-svc@AD.USERPHOTO.TEST\n");
        HttpReply r = get(env(), port, photo_path("anna.smith@" + kDomain));
        CPPUNIT_ASSERT_EQUAL(200L, r.status);
        CPPUNIT_ASSERT(itest::jpeg_size(r.body).first == 48);
    }

    void kdc_unreachable_logged() {
        int port = ad_httpd(env(), "ad-nokdc", url("ldap://127.0.0.1") +
                                                   "UserPhotoLDAPBindMechanism GSSAPI\n"
                                                   "UserPhotoLDAPKeytab " + world(env()).client + "/nowhere.keytab\n");
        CPPUNIT_ASSERT_EQUAL(503L, get(env(), port, photo_path("anna.smith@" + kDomain)).status);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-nokdc", "Kerberos KDC unreachable: ") >= 1);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-nokdc", "NOWHERE.TEST") >= 1);
    }

    void principal_missing_from_keytab_logged() {
        int port = ad_httpd(env(), "ad-nokey", url("ldap://127.0.0.1") +
                                                   "UserPhotoLDAPBindMechanism GSSAPI\n"
                                                   "UserPhotoLDAPKeytab " + world(env()).client + "/photo-svc.keytab\n"
                                                   "UserPhotoLDAPBindPrincipal someone-else@AD.USERPHOTO.TEST\n");
        CPPUNIT_ASSERT_EQUAL(503L, get(env(), port, photo_path("anna.smith@" + kDomain)).status);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-nokey", "Kerberos keytab problem: ") >= 1);
    }

    void simple_bind_without_tls_refused_and_logged() {
        int port = ad_httpd(env(), "ad-plain", url("ldap://127.0.0.1") + simple_bind());
        HttpReply r = get(env(), port, photo_path("anna.smith@" + kDomain));
        CPPUNIT_ASSERT_EQUAL(503L, r.status);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-plain", "strong authentication required: ") >= 1);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-plain", "Transport encryption required") >= 1);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-plain", "UserPhotoLDAPStartTLS on") >= 1);
    }

    void untrusted_certificate_logged() {
        // No UserPhotoLDAPTrustedCA: the system's store does not know the DC's CA.
        int port = ad_httpd(env(), "ad-untrusted", url("ldaps://127.0.0.1") + simple_bind());
        HttpReply r = get(env(), port, photo_path("anna.smith@" + kDomain));
        CPPUNIT_ASSERT_EQUAL(503L, r.status);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-untrusted", "server certificate not trusted: ") >= 1);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-untrusted", "set UserPhotoLDAPTrustedCA") >= 1);
    }

    void wrong_password_logged() {
        int port = ad_httpd(env(), "ad-badpw", url("ldaps://127.0.0.1") + ca(env()) +
                                                   "UserPhotoLDAPBindDN photo-svc@" + kDomain +
                                                   "\nUserPhotoLDAPBindPassword wrong\n");
        CPPUNIT_ASSERT_EQUAL(503L, get(env(), port, photo_path("anna.smith@" + kDomain)).status);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-badpw", "invalid credentials: simple bind: Invalid credentials") >= 1);
    }

    void aliases_match_case_insensitively() {
        int port = ldaps();
        HttpReply primary = get(env(), port, photo_path("anna.smith@" + kDomain));
        for (const std::string& alias : {"a.smith@" + kDomain, std::string("anna.smith@corp.example"),
                                         std::string("ANNA.SMITH@CORP.EXAMPLE")}) {
            HttpReply r = get(env(), port, photo_path(alias));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(alias, 200L, r.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(alias, primary.header("ETag"), r.header("ETag"));
        }
        // The alias attribute is off in the StartTLS server: the alias is unknown there.
        int plain_aliases = ad_httpd(env(), "ad-starttls", "");
        CPPUNIT_ASSERT_EQUAL(404L, get(env(), plain_aliases, photo_path("a.smith@" + kDomain)).status);
    }

    void shared_alias_is_ambiguous() {
        HttpReply r = get(env(), ldaps(), photo_path("team@" + kDomain));
        CPPUNIT_ASSERT_EQUAL(404L, r.status);
        CPPUNIT_ASSERT(log_lines_with(env(), "ad-ldaps", "more than one directory entry has mail=team@") >= 1);
    }

    void person_without_photo_is_404() {
        CPPUNIT_ASSERT_EQUAL(404L, get(env(), ldaps(), photo_path("carl.nophoto@" + kDomain)).status);
    }

    void windows_remote_user_forms() {
        int port = ldaps();
        // No email: the photo of the authenticated user (REMOTE_USER).
        const std::string own = "/ad-user/Exchange.asmx/s/GetUserPhoto?size=HR48x48";
        HttpReply kerberos = get(env(), port, own, "asmith@AD.USERPHOTO.TEST");
        CPPUNIT_ASSERT_EQUAL(200L, kerberos.status);
        CPPUNIT_ASSERT_EQUAL(get(env(), port, photo_path("anna.smith@" + kDomain)).header("ETag"),
                             kerberos.header("ETag"));
        HttpReply ntlm = get(env(), port, own, "USERPHOTO\\bjones");
        CPPUNIT_ASSERT_EQUAL(200L, ntlm.status);
        CPPUNIT_ASSERT_EQUAL(get(env(), port, photo_path("ben.jones@" + kDomain)).header("ETag"), ntlm.header("ETag"));
    }

    void detects_active_directory() {
        userphoto::directory::Settings settings;
        std::string error;
        settings.url = *userphoto::directory::parse_ldap_url("ldaps://127.0.0.1/" + kBase, &error);
        settings.trusted_ca = world(env()).client + "/ca.pem";
        settings.bind_dn = "photo-svc@" + kDomain;
        settings.bind_password = "Pw-photo-svc-1";
        userphoto::directory::Directory ad(settings, userphoto::Logger());
        CPPUNIT_ASSERT(ad.is_active_directory() == std::optional<bool>(true));
        // objectGUID comes back as 16 raw bytes
        auto found = ad.find_unique("sAMAccountName", "asmith", {"objectGUID"});
        CPPUNIT_ASSERT(found.status == userphoto::directory::Status::Found);
        CPPUNIT_ASSERT_EQUAL(size_t(16), found.entry.first("objectGUID").size());
        CPPUNIT_ASSERT_EQUAL(size_t(36), userphoto::directory::format_object_guid(found.entry.first("objectGUID")).size());

        userphoto::directory::Settings slapd;
        slapd.url = *userphoto::directory::parse_ldap_url("ldap://127.0.0.1:" + std::to_string(env().ldap_port()) +
                                                              "/dc=example,dc=test", &error);
        userphoto::directory::Directory openldap(slapd, userphoto::Logger());
        CPPUNIT_ASSERT(openldap.is_active_directory() == std::optional<bool>(false));
    }

    void dc_restarted_under_load() {
        int port = ldaps();
        CPPUNIT_ASSERT_EQUAL(200L, get(env(), port, photo_path("anna.smith@" + kDomain)).status);
        std::atomic<bool> stop{false};
        std::atomic<int> ok{0}, failed{0}, other{0};
        std::vector<std::thread> clients;
        for (int i = 0; i < 4; ++i)
            clients.emplace_back([&] {
                while (!stop) {
                    long status = get(env(), port, photo_path("anna.smith@" + kDomain)).status;
                    (status == 200 ? ok : status == 503 ? failed : other)++;
                }
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        try {
            itest::run(quote(kSrc + "/tests/harness/samba-ad/samba-ad.sh") + " restart " + quote(world(env()).dir));
        } catch (...) {  // the clients must be joined before the failure propagates
            stop = true;
            for (auto& c : clients) c.join();
            throw;
        }
        // Back without an httpd restart: the next requests are served again.
        int ok_before = ok.load();
        auto until = Clock::now() + std::chrono::seconds(10);
        while (ok.load() < ok_before + 10 && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        stop = true;
        for (auto& c : clients) c.join();
        CPPUNIT_ASSERT_EQUAL(0, other.load());  // only photos or the outage answer, never a crash
        CPPUNIT_ASSERT(ok.load() >= ok_before + 10);
        CPPUNIT_ASSERT_EQUAL(200L, get(env(), port, photo_path("anna.smith@" + kDomain)).status);
        CPPUNIT_ASSERT_EQUAL(0, log_lines_with(env(), "ad-ldaps", "AH00052"));  // child pid exit signal
    }

    // The avatar hash index built from the DC: mail and the smtp: values of proxyAddresses (any
    // case); an alias two people share belongs to nobody.
    void avatar_index_from_active_directory() {
        const int port = ad_httpd(env(), "ad-avatars",
                                  url("ldaps://127.0.0.1") + simple_bind() + ca(env()) +
                                      "UserPhotoEmailAliasAttribute proxyAddresses\n"
                                      "<Location \"/ad-avatar\">\n  SetHandler userphoto-avatar\n</Location>\n");
        const std::string primary = "/ad-avatar/" + hex_digest("MD5", "anna.smith@" + kDomain) + "?d=404";
        HttpReply first = get(env(), port, primary);
        for (int i = 0; i < 100 && first.status != 200; ++i) {  // the first build runs after start-up
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            first = get(env(), port, primary);
        }
        CPPUNIT_ASSERT_EQUAL(200L, first.status);
        HttpReply alias = get(env(), port, "/ad-avatar/" + hex_digest("SHA256", "anna.smith@corp.example") + "?d=404");
        CPPUNIT_ASSERT_EQUAL(200L, alias.status);
        CPPUNIT_ASSERT_EQUAL(first.header("ETag"), alias.header("ETag"));
        CPPUNIT_ASSERT_EQUAL(404L, get(env(), port, "/ad-avatar/" + hex_digest("MD5", "team@" + kDomain) + "?d=404").status);
    }

    // A photo changed on the DC is served within one polling interval + 1 s, although the cache
    // would keep the old one for an hour: the watcher polls uSNChanged (AD, told by the root DSE).
    void photo_change_seen_by_polling_usn_changed() {
        const int port = ad_httpd(env(), "ad-watch",
                                  url("ldaps://127.0.0.1") + simple_bind() + ca(env()) +
                                      "UserPhotoCacheTTL 3600\nUserPhotoDirectoryWatch poll\n"
                                      "UserPhotoDirectoryWatchInterval 1s\n");
        const std::string path = photo_path("dana.white@" + kDomain);
        const HttpReply before = get(env(), port, path);
        CPPUNIT_ASSERT_EQUAL(200L, before.status);
        // The watcher starts beside the children (mod_watchdog): wait until it follows the DC.
        const std::string following = "following changes by polling uSNChanged every 1000 ms";
        for (int i = 0; i < 100 && log_lines_with(env(), "ad-watch", following) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CPPUNIT_ASSERT_EQUAL(1, log_lines_with(env(), "ad-watch", following));
        const std::string tls = "LDAPTLS_CACERT=" + quote(world(env()).client + "/ca.pem") + " ";
        const std::string admin = " -x -H ldaps://127.0.0.1 -D Administrator@" + kDomain + " -w Admin-Pass-1 ";
        std::string dn = itest::run(tls + "ldapsearch -LLL -o ldif-wrap=no" + admin + "-b " + kBase +
                                    " '(sAMAccountName=dwhite)' 1.1 | sed -n 's/^dn: //p'");
        while (!dn.empty() && (dn.back() == '\n' || dn.back() == '\r')) dn.pop_back();
        CPPUNIT_ASSERT(!dn.empty());
        const std::string ldif = env().work_dir() + "/ad-watch.ldif";
        std::ofstream(ldif) << "dn: " << dn << "\nchangetype: modify\nreplace: thumbnailPhoto\nthumbnailPhoto:< file://"
                            << env().work_dir() << "/photos/square96.jpg\n";
        itest::run(tls + "ldapmodify" + admin + "-f " + quote(ldif) + " >/dev/null");
        const auto changed = std::chrono::steady_clock::now();
        HttpReply after = get(env(), port, path);
        while (after.header("ETag") == before.header("ETag") &&
               std::chrono::steady_clock::now() - changed < std::chrono::milliseconds(2000)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            after = get(env(), port, path);
        }
        CPPUNIT_ASSERT_EQUAL(200L, after.status);
        CPPUNIT_ASSERT_MESSAGE("the new photo within interval + 1 s", after.header("ETag") != before.header("ETag"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ActiveDirectoryIntegrationTest);
