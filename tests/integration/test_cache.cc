// The photo cache end to end: answers without the directory, cheap revalidation, negative records,
// stale answers during an outage, two httpd instances sharing one memcached (records forged in it
// are refused; an upload on one is served by the other at once), the explicit secret a shared
// memcached needs, and the default link secret kept across graceful restarts.
// Each test runs its own httpd instance(s) with short TTLs next to the suite's slapd; the module
// logs its directory reads at debug level, which is what the tests count.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cache/caching_photo_provider.h"
#include "image/photo_image.h"
#include "integration/bearer_token.h"
#include "integration/fixture.h"

namespace itest {
namespace {

const std::string kSrc = TOP_SRCDIR;
const std::string kBuild = TOP_BUILDDIR;

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

Reply http(int port, const std::string& path, const std::string& post_body = {},
           const std::vector<std::string>& extra_headers = {}, const std::string& method = {}) {
    Reply reply;
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
    curl_slist* headers = nullptr;
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    bool typed = false;
    for (const auto& h : extra_headers) {
        headers = curl_slist_append(headers, h.c_str());
        typed = typed || strncasecmp(h.c_str(), "Content-Type:", 13) == 0;
    }
    if (!post_body.empty()) {
        if (!typed) headers = curl_slist_append(headers, "Content-Type: text/xml; charset=utf-8");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(post_body.size()));
    }
    if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (!method.empty()) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
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
    std::string dir() const { return dir_; }
    std::string log_path() const { return dir_ + "/error.log"; }
    // Edits the configuration with a sed expression and restarts gracefully; returns once the new
    // generation of children serves (httpd logs that at notice level, which is always written).
    void graceful(const std::string& sed_expression) {
        const std::string conf = dir_ + "/httpd.conf";
        if (!sed_expression.empty()) run("sed -i " + quote(sed_expression) + " " + quote(conf));
        const int before = count_all("resuming normal operations");
        // SIGUSR1 is what `apachectl graceful` sends; no second process has to load the module.
        run("kill -USR1 $(cat " + quote(dir_ + "/httpd.pid") + ")");
        for (int i = 0; i < 100 && count_all("resuming normal operations") <= before; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (count_all("resuming normal operations") <= before) throw std::runtime_error("graceful restart timed out");
        std::this_thread::sleep_for(std::chrono::milliseconds(500));  // old children finish
    }
    static std::string apache_binary() {
        return std::string(userphoto::trim(run("command -v apache2 || command -v httpd || echo /usr/sbin/apache2")));
    }
    // How the harness starts httpd: with the sanitizer runtimes preloaded when the module has them.
    static std::string launcher() {
        const char* preload = std::getenv("USERPHOTO_HTTPD_PRELOAD");
        if (!preload || !*preload) return "";
        return "env LD_PRELOAD=" + quote(preload) + " ASAN_OPTIONS=detect_leaks=0 ";
    }
    int count_all(const std::string& text) const {
        std::ifstream in(log_path());
        int n = 0;
        for (std::string line; std::getline(in, line);) n += line.find(text) != std::string::npos;
        return n;
    }
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

// A memcached of the test's own on a free port, stopped at the end.
class Memcached {
public:
    Memcached() : port_(free_port()) {
        std::string binary;
        try {
            binary = std::string(userphoto::trim(run("command -v memcached")));
        } catch (const std::exception&) {
        }
        if (binary.empty()) CPPUNIT_FAIL("memcached is not installed (tests/install-deps.sh installs it)");
        pid_ = std::string(userphoto::trim(run(quote(binary) + " -l 127.0.0.1 -p " + std::to_string(port_) +
                                               " -U 0 -m 32" + (getuid() == 0 ? " -u nobody" : "") +
                                               " >/dev/null 2>&1 & echo $!")));
        for (int i = 0; i < 50; ++i) {  // until it answers
            try {
                if (command("version\r\n", "\r\n").rfind("VERSION", 0) == 0) return;
            } catch (const std::exception&) {
            }
            sleep_s(0.1);
        }
        CPPUNIT_FAIL("memcached did not start");
    }
    ~Memcached() { std::system(("kill " + pid_ + " 2>/dev/null").c_str()); }

    int port() const { return port_; }
    std::string conf() const {
        return "LoadModule socache_memcache_module " + module_dir() + "/mod_socache_memcache.so\nUserPhotoCache memcache:127.0.0.1:" +
               std::to_string(port_) + "\n";
    }

    // What anyone on the network can do with a memcached: list, read and overwrite every item.
    std::vector<std::string> keys() {
        std::vector<std::string> out;
        std::istringstream lines(command("lru_crawler metadump all\r\n", "END\r\n"));
        for (std::string line; std::getline(lines, line);)
            if (line.rfind("key=", 0) == 0) out.push_back(unescape(line.substr(4, line.find(' ') - 4)));
        return out;
    }
    std::string get(const std::string& key) {
        std::string reply = command("get " + key + "\r\n", "END\r\n");
        if (reply.rfind("VALUE ", 0) != 0) return std::string();
        const size_t eol = reply.find("\r\n");
        const size_t size = std::stoul(reply.substr(reply.rfind(' ', eol) + 1, eol));
        return reply.substr(eol + 2, size);
    }
    void set(const std::string& key, const std::string& value) {
        std::string reply = command("set " + key + " 0 0 " + std::to_string(value.size()) + "\r\n" + value + "\r\n", "\r\n");
        if (reply != "STORED\r\n") throw std::runtime_error("memcached set failed: " + reply);
    }

private:
    static std::string unescape(const std::string& s) {
        std::string out;
        for (size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '%' && i + 2 < s.size()) {
                out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
                i += 2;
            } else {
                out += s[i];
            }
        }
        return out;
    }
    // One request on a fresh connection; reads until the reply ends with `terminator` (5 s cap).
    std::string command(const std::string& request, const std::string& terminator) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) throw std::runtime_error("socket");
        struct Close {
            int fd;
            ~Close() { close(fd); }
        } closer{fd};
        timeval tv{5, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port_));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect");
        if (send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size()))
            throw std::runtime_error("send");
        std::string reply;
        char buf[65536];
        while (reply.size() < terminator.size() ||
               reply.compare(reply.size() - terminator.size(), terminator.size(), terminator) != 0) {
            ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0) throw std::runtime_error("memcached did not answer");
            reply.append(buf, static_cast<size_t>(n));
            if (reply.size() > (64u << 20)) throw std::runtime_error("memcached reply too large");
        }
        return reply;
    }

    int port_;
    std::string pid_;
};

// The store key and bytes of the item whose bytes name `text` (records carry their own key).
std::pair<std::string, std::string> item_naming(Memcached& mc, const std::string& text) {
    for (const auto& key : mc.keys()) {
        std::string value = mc.get(key);
        if (value.find(text) != std::string::npos) return {key, value};
    }
    return {};
}

std::string jpeg_of_colour(uint8_t r, uint8_t g, uint8_t b) {
    userphoto::image::RgbImage img;
    img.width = img.height = 300;
    img.rgb.resize(300 * 300 * 3);
    for (size_t i = 0; i < img.rgb.size(); i += 3) {
        img.rgb[i] = r;
        img.rgb[i + 1] = g;
        img.rgb[i + 2] = b;
    }
    return userphoto::image::encode_jpeg(img, 90).jpeg;
}

const std::string kBoundary = "----cache-test-boundary-7c1f";

std::string multipart_upload(const std::string& picture) {
    return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"fileUpload\"; filename=\"p.jpg\"\r\n"
           "Content-Type: application/octet-stream\r\n\r\n" + picture + "\r\n--" + kBoundary + "--\r\n";
}

std::string unquoted(const std::string& etag) {
    return etag.size() >= 2 && etag.front() == '"' && etag.back() == '"' ? etag.substr(1, etag.size() - 2) : etag;
}

}  // namespace

class CacheIntegrationTest : public IntegrationFixture {
    CPPUNIT_TEST_SUITE(CacheIntegrationTest);
    CPPUNIT_TEST(cachedPhotosAreServedWithoutTheDirectory);
    CPPUNIT_TEST(revalidationKeepsRenditionsAndSeesChanges);
    CPPUNIT_TEST(negativeAnswersExpireOnTheirOwnTtl);
    CPPUNIT_TEST(twoInstancesShareOneMemcached);
    CPPUNIT_TEST(recordsForgedInMemcachedAreRefused);
    CPPUNIT_TEST(aWriteOnOneFrontIsServedByTheOtherAtOnce);
    CPPUNIT_TEST(aSharedMemcachedNeedsAnExplicitSecret);
    CPPUNIT_TEST(theDefaultLinkSecretSurvivesGracefulRestarts);
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
        Memcached mc;
        const std::string conf = mc.conf() + "UserPhotoCacheTTL 2\n";
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

    void recordsForgedInMemcachedAreRefused() {
        Memcached mc;
        const std::string conf = mc.conf() + "UserPhotoCacheTTL 60\n";
        Instance a(env(), "cache-forge-a", conf);
        Reply alice = http(a.port(), rest_path("alice@example.test"));
        Reply bob = http(a.port(), rest_path("bob@example.test"));
        Reply heidi = http(a.port(), rest_path("heidi@example.test"));
        for (const Reply* r : {&alice, &bob, &heidi}) CPPUNIT_ASSERT_EQUAL(200L, r->status);
        CPPUNIT_ASSERT(alice.body != bob.body);

        // Alice's record pointed at bob's entry and photo version, whose rendition is in the store.
        const std::string alice_key = item_naming(mc, "mail=alice@example.test").first;
        CPPUNIT_ASSERT(!alice_key.empty());
        userphoto::cache::PersonMeta forged;
        forged.dn = "uid=bob,ou=people,dc=example,dc=test";
        forged.etag = unquoted(bob.etag);
        forged.change_marker = "forged";
        forged.fetched_at_ms = userphoto::cache::system_clock_ms();
        mc.set(alice_key, userphoto::cache::serialize("mail=alice@example.test", forged));
        // Heidi's rendition replaced by other bytes that look like a JPEG.
        const std::string heidi_rendition =
            userphoto::cache::rendition_key("uid=heidi,ou=people,dc=example,dc=test", unquoted(heidi.etag), 96);
        const std::string heidi_key = item_naming(mc, heidi_rendition).first;
        CPPUNIT_ASSERT(!heidi_key.empty());
        userphoto::cache::Rendition junk;
        junk.edge = 96;
        junk.jpeg = "\xFF\xD8\xFF<html>not this photo</html>\xFF\xD9";
        mc.set(heidi_key, userphoto::cache::serialize(heidi_rendition, junk));

        Instance b(env(), "cache-forge-b", conf);
        Reply alice_b = http(b.port(), rest_path("alice@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, alice_b.status);
        CPPUNIT_ASSERT_EQUAL(alice.etag, alice_b.etag);
        CPPUNIT_ASSERT(alice_b.body == alice.body);
        CPPUNIT_ASSERT_EQUAL(1, b.count("reading mail=alice@example.test from the directory"));
        Reply heidi_b = http(b.port(), rest_path("heidi@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, heidi_b.status);
        CPPUNIT_ASSERT(heidi_b.body == heidi.body);
        CPPUNIT_ASSERT_EQUAL(2, b.count("forged or damaged shared-cache record"));
        assert_clean(a);
        assert_clean(b, {"forged or damaged shared-cache record"});
    }

    void aWriteOnOneFrontIsServedByTheOtherAtOnce() {
        Memcached mc;
        const std::string conf = mc.conf() + "UserPhotoCacheTTL 60\n";
        Instance a(env(), "cache-write-a", conf);
        Instance b(env(), "cache-write-b", conf);
        const std::string upload_path = "/services/data/v50.0/connect/user-profiles/me/photo";
        const std::vector<std::string> as_lena{bearer("lena"), "Content-Type: multipart/form-data; boundary=" + kBoundary};
        Reply before = http(b.port(), rest_path("lena@example.test"));  // b holds it, locally and shared
        CPPUNIT_ASSERT_EQUAL(200L, before.status);
        CPPUNIT_ASSERT_EQUAL(before.etag, http(a.port(), rest_path("lena@example.test")).etag);

        Reply up = http(a.port(), upload_path, multipart_upload(jpeg_of_colour(200, 30, 30)), as_lena);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(up.body, 201L, up.status);
        Reply on_a = http(a.port(), rest_path("lena@example.test"));
        CPPUNIT_ASSERT(on_a.etag != before.etag);
        Reply on_b = http(b.port(), rest_path("lena@example.test"));
        CPPUNIT_ASSERT_EQUAL(on_a.etag, on_b.etag);
        CPPUNIT_ASSERT(on_b.body == on_a.body);

        Reply removed = http(a.port(), upload_path, "", {bearer("lena")}, "DELETE");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(removed.body, 204L, removed.status);
        CPPUNIT_ASSERT(http(b.port(), rest_path("lena@example.test")).status != 200L);

        // Lena keeps a photo for the other tests.
        up = http(a.port(), upload_path, multipart_upload(jpeg_of_colour(30, 30, 200)), as_lena);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(up.body, 201L, up.status);
        Reply again = http(b.port(), rest_path("lena@example.test"));
        CPPUNIT_ASSERT_EQUAL(200L, again.status);
        CPPUNIT_ASSERT(again.etag != on_a.etag);
        assert_clean(a);
        assert_clean(b);
    }

    void aSharedMemcachedNeedsAnExplicitSecret() {
        Memcached mc;
        std::string dir;
        {
            Instance with_secret(env(), "cache-needs-secret", mc.conf());
            CPPUNIT_ASSERT_EQUAL(200L, http(with_secret.port(), rest_path("alice@example.test")).status);
            dir = with_secret.dir();
        }
        const std::string conf = dir + "/httpd.conf";
        run("sed -i '/^UserPhotoLinkSecret/d' " + quote(conf));
        const int rc = std::system((Instance::launcher() + Instance::apache_binary() + " -f " + quote(conf) + " -k start >" +
                                    quote(dir + "/start.out") + " 2>&1").c_str());
        struct Stop {
            std::string dir;
            ~Stop() { std::system((quote(kSrc + "/tests/harness/httpd.sh") + " stop " + quote(dir) + " >/dev/null 2>&1").c_str()); }
        } stop{dir};
        CPPUNIT_ASSERT_MESSAGE("httpd started with a shared memcached and no UserPhotoLinkSecret", rc != 0);
        std::string said = run("cat " + quote(dir + "/error.log") + " " + quote(dir + "/start.out"));
        CPPUNIT_ASSERT(said.find("is shared beyond this machine: set UserPhotoLinkSecret") != std::string::npos);
    }

    void theDefaultLinkSecretSurvivesGracefulRestarts() {
        Instance web(env(), "cache-default-secret", "");
        web.graceful("/^UserPhotoLinkSecret/d");  // from now on the server's own random secret
        Reply me = http(web.port(), "/services/data/v50.0/connect/user-profiles/me/photo", "", {bearer("alice")});
        CPPUNIT_ASSERT_EQUAL_MESSAGE(me.body, 200L, me.status);
        std::string link = nlohmann::json::parse(me.body).at("fullEmailPhotoUrl").get<std::string>();
        link = link.substr(link.find('/', link.find("://") + 3));
        CPPUNIT_ASSERT_EQUAL(200L, http(web.port(), link).status);
        web.graceful("");  // what logrotate does every night
        Reply after = http(web.port(), link);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(after.body, 200L, after.status);
        CPPUNIT_ASSERT(web.count("UserPhotoLinkSecret is not set") >= 2);  // said at each start
        assert_clean(web, {"UserPhotoLinkSecret is not set", "long lost child came home"});  // graceful noise
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CacheIntegrationTest);

}  // namespace itest
