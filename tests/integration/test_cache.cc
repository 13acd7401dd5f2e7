// The photo cache end to end: answers without the directory, cheap revalidation, negative records,
// stale answers during an outage, and two httpd instances sharing one memcached.
// Each test runs its own httpd instance(s) with short TTLs next to the suite's slapd; the module
// logs its directory reads at debug level, which is what the tests count.
#include <curl/curl.h>
#include <strings.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "integration/fixture.h"

namespace itest {
namespace {

const std::string kSrc = TOP_SRCDIR;
const std::string kBuild = TOP_BUILDDIR;

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string module_dir() {
    try {
        std::string dir(userphoto::trim(run("apxs -q LIBEXECDIR")));
        if (!dir.empty()) return dir;
    } catch (const std::exception&) {
    }
    return "/usr/lib/apache2/modules";
}

size_t collect(char* data, size_t size, size_t n, void* into) {
    static_cast<std::string*>(into)->append(data, size * n);
    return size * n;
}

size_t collect_etag(char* data, size_t size, size_t n, void* into) {
    std::string line(data, size * n);
    if (line.size() > 5 && strncasecmp(line.c_str(), "ETag:", 5) == 0)
        *static_cast<std::string*>(into) = std::string(userphoto::trim(line.substr(5)));
    return size * n;
}

struct Reply {
    long status = 0;
    std::string etag;
    std::string body;
    double seconds = 0;
};

Reply http(int port, const std::string& path, const std::string& post_body = {}) {
    Reply reply;
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
    curl_slist* headers = nullptr;
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    if (!post_body.empty()) {
        headers = curl_slist_append(headers, "Content-Type: text/xml; charset=utf-8");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body.c_str());
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_etag);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &reply.etag);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    auto start = std::chrono::steady_clock::now();
    CURLcode rc = curl_easy_perform(c);
    reply.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) throw std::runtime_error(std::string("HTTP request failed: ") + curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
    return reply;
}

std::string rest_path(const std::string& mail, const std::string& size = "HR96x96") {
    return "/ews500/Exchange.asmx/s/GetUserPhoto?email=" + mail + "&size=" + size;
}

std::string soap_body(const std::string& mail) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
           "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
           "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">"
           "<soap:Body><m:GetUserPhoto><m:Email>" + mail + "</m:Email><m:SizeRequested>HR96x96</m:SizeRequested>"
           "</m:GetUserPhoto></soap:Body></soap:Envelope>";
}

// An extra httpd with the module, against the suite's slapd, with its own cache settings.
class Instance {
public:
    Instance(Environment& env, const std::string& name, const std::string& extra_conf)
        : dir_(env.work_dir() + "/" + name), port_(free_port()) {
        std::string conf = "LogLevel userphoto:debug\n" + extra_conf;  // keeps the other modules' levels
        run("mkdir -p " + quote(dir_));
        run("EXTRA_CONF=" + quote(conf) + " " + quote(kSrc + "/tests/harness/httpd.sh") + " start " + quote(dir_) + " " +
            std::to_string(port_) + " " + std::to_string(env.ldap_port()) + " " +
            quote(kBuild + "/mod_userphoto/.libs/mod_userphoto.so") + " " + env.mpm());
        watch_ = std::make_unique<LogWatch>(log_path());
    }
    ~Instance() { std::system((quote(kSrc + "/tests/harness/httpd.sh") + " stop " + quote(dir_) + " >/dev/null 2>&1").c_str()); }

    int port() const { return port_; }
    std::string log_path() const { return dir_ + "/error.log"; }
    // Lines of the error log since start that contain `text`.
    int count(const std::string& text) const {
        int n = 0;
        for (const auto& line : watch_->new_lines()) n += line.find(text) != std::string::npos;
        return n;
    }
    std::vector<std::string> unexpected(const std::vector<std::string>& allowed) const { return watch_->unexpected(allowed); }

private:
    std::string dir_;
    int port_;
    std::unique_ptr<LogWatch> watch_;
};

void sleep_s(double s) { std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(s * 1000))); }

}  // namespace

class CacheIntegrationTest : public IntegrationFixture {
    CPPUNIT_TEST_SUITE(CacheIntegrationTest);
    CPPUNIT_TEST(cachedPhotosAreServedWithoutTheDirectory);
    CPPUNIT_TEST(revalidationKeepsRenditionsAndSeesChanges);
    CPPUNIT_TEST(negativeAnswersExpireOnTheirOwnTtl);
    CPPUNIT_TEST(twoInstancesShareOneMemcached);
    CPPUNIT_TEST_SUITE_END();

    void ldapmodify(const std::string& ldif) {
        run("printf '%s\\n' " + quote(ldif) + " | ldapmodify -x -H ldap://127.0.0.1:" + std::to_string(env().ldap_port()) +
            " -D cn=admin,dc=example,dc=test -w secret");
    }
    std::string photo(const std::string& name) { return "file://" + env().work_dir() + "/photos/" + name; }
    void assert_clean(const Instance& instance, std::vector<std::string> allowed = {}) {
        auto bad = instance.unexpected(allowed);
        CPPUNIT_ASSERT_MESSAGE(bad.empty() ? "" : bad.front(), bad.empty());
    }

public:
    void cachedPhotosAreServedWithoutTheDirectory() {
        Instance web(env(), "cache-outage", "UserPhotoCacheTTL 2\n");
        Reply first = http(web.port(), rest_path("heidi@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, first.status);
        CPPUNIT_ASSERT(jpeg_size(first.body) == std::make_pair(96, 96));

        allow_log("directory unavailable");
        allow_log("LDAP");
        allow_log("ldap");
        env().stop_slapd();
        struct Restart {
            Environment& env;
            ~Restart() { env.start_slapd(); }
        } restart{env()};

        Reply fresh = http(web.port(), rest_path("heidi@example.test"));  // within the TTL: no directory
        CPPUNIT_ASSERT_EQUAL(200L, fresh.status);
        CPPUNIT_ASSERT(fresh.body == first.body);
        sleep_s(2.3);
        Reply stale = http(web.port(), rest_path("heidi@example.test"));  // after it: stale, logged
        CPPUNIT_ASSERT_EQUAL(200L, stale.status);
        CPPUNIT_ASSERT(stale.body == first.body);
        CPPUNIT_ASSERT_EQUAL(first.etag, stale.etag);
        CPPUNIT_ASSERT(web.count("serving the cached answer for mail=heidi@example.test") >= 1);

        // Never cached: fails, fast, in each protocol's own way.
        Reply rest = http(web.port(), rest_path("bob@example.test"));
        CPPUNIT_ASSERT_EQUAL(503L, rest.status);
        CPPUNIT_ASSERT(rest.seconds < 5.0);
        Reply soap = http(web.port(), "/ews500/Exchange.asmx", soap_body("bob@example.test"));
        CPPUNIT_ASSERT_EQUAL(500L, soap.status);
        CPPUNIT_ASSERT(soap.body.find("ErrorInternalServerError") != std::string::npos);
        assert_clean(web, {"directory unavailable", "LDAP", "ldap", "serving the cached answer"});
    }

    void revalidationKeepsRenditionsAndSeesChanges() {
        Instance web(env(), "cache-revalidate", "UserPhotoCacheTTL 2\n");
        const std::string reads = "reading mail=karl@example.test from the directory";
        Reply first = http(web.port(), rest_path("karl@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, first.status);
        CPPUNIT_ASSERT_EQUAL(1, web.count(reads));

        sleep_s(2.3);
        Reply again = http(web.port(), rest_path("karl@example.test"));
        CPPUNIT_ASSERT_EQUAL(first.etag, again.etag);
        CPPUNIT_ASSERT(again.body == first.body);
        CPPUNIT_ASSERT_EQUAL(1, web.count("mail=karl@example.test confirmed by its change marker"));
        CPPUNIT_ASSERT_EQUAL(1, web.count(reads));  // the photo bytes were not read again

        ldapmodify("dn: uid=karl,ou=people,dc=example,dc=test\nchangetype: modify\nreplace: thumbnailPhoto\n"
                   "thumbnailPhoto:< " + photo("portrait.jpg") + "\n");
        Reply within = http(web.port(), rest_path("karl@example.test"));
        CPPUNIT_ASSERT_EQUAL(first.etag, within.etag);  // still trusted inside the TTL
        sleep_s(2.3);
        Reply changed = http(web.port(), rest_path("karl@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, changed.status);
        CPPUNIT_ASSERT(changed.etag != first.etag);
        CPPUNIT_ASSERT(changed.body != first.body);
        CPPUNIT_ASSERT_EQUAL(2, web.count(reads));
        assert_clean(web);
    }

    void negativeAnswersExpireOnTheirOwnTtl() {
        Instance web(env(), "cache-negative", "UserPhotoCacheTTL 60\nUserPhotoCacheNegativeTTL 1\n");
        CPPUNIT_ASSERT_EQUAL(404L, http(web.port(), rest_path("newbie@example.test")).status);
        run("printf '%s\\n' " +
            quote("dn: uid=newbie,ou=people,dc=example,dc=test\nobjectClass: inetOrgPerson\nobjectClass: userPhotoPerson\n"
                  "uid: newbie\ncn: New Bie\nsn: Bie\nmail: newbie@example.test\nthumbnailPhoto:< " + photo("square96.jpg") + "\n") +
            " | ldapadd -x -H ldap://127.0.0.1:" + std::to_string(env().ldap_port()) + " -D cn=admin,dc=example,dc=test -w secret");
        CPPUNIT_ASSERT_EQUAL(404L, http(web.port(), rest_path("newbie@example.test")).status);  // remembered
        sleep_s(1.3);
        Reply now = http(web.port(), rest_path("newbie@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, now.status);
        CPPUNIT_ASSERT(jpeg_size(now.body) == std::make_pair(96, 96));
        assert_clean(web);
    }

    void twoInstancesShareOneMemcached() {
        std::string memcached;
        try {
            memcached = std::string(userphoto::trim(run("command -v memcached")));
        } catch (const std::exception&) {
        }
        if (memcached.empty()) CPPUNIT_FAIL("memcached is not installed (tests/install-deps.sh installs it)");
        const int mc_port = free_port();
        const std::string pid(userphoto::trim(
            run(quote(memcached) + " -l 127.0.0.1 -p " + std::to_string(mc_port) + " -U 0 -m 32" +
                (getuid() == 0 ? " -u nobody" : "") + " >/dev/null 2>&1 & echo $!")));
        struct Stop {
            std::string pid;
            ~Stop() { std::system(("kill " + pid + " 2>/dev/null").c_str()); }
        } stop{pid};
        sleep_s(0.3);

        const std::string conf = "LoadModule socache_memcache_module " + module_dir() +
                                 "/mod_socache_memcache.so\nUserPhotoCacheTTL 2\nUserPhotoCache memcache:127.0.0.1:" +
                                 std::to_string(mc_port) + "\n";
        Instance a(env(), "cache-memcache-a", conf);
        Instance b(env(), "cache-memcache-b", conf);
        const std::string reads = "reading mail=lena@example.test from the directory";

        Reply from_a = http(a.port(), rest_path("lena@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, from_a.status);
        CPPUNIT_ASSERT_EQUAL(1, a.count(reads));
        Reply from_b = http(b.port(), rest_path("lena@example.test"));  // scaled by a, served by b
        CPPUNIT_ASSERT_EQUAL(200L, from_b.status);
        CPPUNIT_ASSERT(from_b.body == from_a.body);
        CPPUNIT_ASSERT_EQUAL(from_a.etag, from_b.etag);
        CPPUNIT_ASSERT_EQUAL(0, b.count(reads));

        ldapmodify("dn: uid=lena,ou=people,dc=example,dc=test\nchangetype: modify\nreplace: jpegPhoto\n"
                   "jpegPhoto:< " + photo("landscape.jpg") + "\n");
        sleep_s(2.3);
        Reply changed_a = http(a.port(), rest_path("lena@example.test"));
        CPPUNIT_ASSERT(changed_a.etag != from_a.etag);
        Reply changed_b = http(b.port(), rest_path("lena@example.test"));  // a's discovery, through memcached
        CPPUNIT_ASSERT_EQUAL(changed_a.etag, changed_b.etag);
        CPPUNIT_ASSERT(changed_b.body == changed_a.body);
        CPPUNIT_ASSERT_EQUAL(0, b.count(reads));
        CPPUNIT_ASSERT_EQUAL(0, b.count("confirmed by its change marker"));
        assert_clean(a);
        assert_clean(b);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CacheIntegrationTest);

}  // namespace itest
