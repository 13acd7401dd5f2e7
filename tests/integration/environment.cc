#include "integration/environment.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "util/strings.h"

namespace itest {
namespace {

const std::string kSrc = TOP_SRCDIR;
const std::string kBuild = TOP_BUILDDIR;
const int kExtraPeople = 520;

size_t collect_body(char* data, size_t size, size_t n, void* into) {
    static_cast<std::string*>(into)->append(data, size * n);
    return size * n;
}

size_t collect_header(char* data, size_t size, size_t n, void* into) {
    std::string line(data, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::string value(userphoto::trim(line.substr(colon + 1)));
        (*static_cast<userphoto::HeaderMap*>(into))[name] = value;
    }
    return size * n;
}

}  // namespace

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

std::string run(const std::string& command) {
    std::string output;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run: " + command);
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
    int rc = pclose(pipe);
    if (rc != 0) throw std::runtime_error("command failed (" + std::to_string(rc) + "): " + command + "\n" + output);
    return output;
}

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("no free port");
    close(fd);
    return ntohs(addr.sin_port);
}

std::string HttpReply::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

Environment& Environment::get() {
    static Environment environment;
    if (!environment.started_) environment.start();
    return environment;
}

Environment::Environment() {
    const char* mpm = std::getenv("USERPHOTO_TEST_MPM");
    mpm_ = mpm && *mpm ? mpm : "event";
    // A module built with sanitizers needs their runtime preloaded into the stock httpd.
    if (*SANITIZER_PRELOAD && !std::getenv("USERPHOTO_HTTPD_PRELOAD")) setenv("USERPHOTO_HTTPD_PRELOAD", SANITIZER_PRELOAD, 1);
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

Environment::~Environment() {
    try {
        stop();
    } catch (...) {
    }
    curl_global_cleanup();
}

void Environment::start() {
    char tmpl[] = "/tmp/userphoto-itest-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    // httpd's children (www-data when run as root) map URLs below each DocumentRoot in here.
    chmod(tmpl, 0711);
    dir_ = tmpl;
    started_ = true;  // from here on, stop() cleans up whatever was started
    ldap_port_ = free_port();
    httpd_port_ = free_port();
    run("mkdir -p " + quote(dir_ + "/photos") + " " + quote(dir_ + "/httpd"));
    // Extra people user1..userN (uidNumber 1013..), for list tests beyond the 500-record page limit.
    const char* extra_env = std::getenv("USERPHOTO_TEST_EXTRA_PEOPLE");
    const std::string extra = std::to_string(extra_env && *extra_env ? std::atoi(extra_env) : kExtraPeople);
    run(quote(kBuild + "/tests/tools/make_test_photos") + " " + quote(dir_ + "/photos") + " --people " + extra);
    run(quote(kSrc + "/tests/harness/people.sh") + " " + quote(dir_ + "/photos") + " " + extra + " > " +
        quote(dir_ + "/people.ldif"));
    run(quote(kSrc + "/tests/harness/slapd/slapd.sh") + " start " + quote(dir_ + "/slapd") + " " +
        std::to_string(ldap_port_) + " " + quote(dir_ + "/people.ldif"));
    run(quote(kSrc + "/tests/harness/httpd.sh") + " start " + quote(dir_ + "/httpd") + " " + std::to_string(httpd_port_) +
        " " + std::to_string(ldap_port_) + " " + quote(kBuild + "/mod_userphoto/.libs/mod_userphoto.so") + " " + mpm_);
}

void Environment::stop() {
    if (!started_) return;
    started_ = false;
    for (const auto& name : extra_httpds_)
        std::system((quote(kSrc + "/tests/harness/httpd.sh") + " stop " + quote(dir_ + "/" + name) + " >/dev/null 2>&1").c_str());
    for (const auto& name : extra_slapds_)
        std::system((quote(kSrc + "/tests/harness/slapd/slapd.sh") + " stop " + quote(dir_ + "/" + name) + " >/dev/null 2>&1").c_str());
    std::system((quote(kSrc + "/tests/harness/httpd.sh") + " stop " + quote(dir_ + "/httpd") + " >/dev/null 2>&1").c_str());
    std::system((quote(kSrc + "/tests/harness/slapd/slapd.sh") + " stop " + quote(dir_ + "/slapd") + " >/dev/null 2>&1").c_str());
    if (!std::getenv("USERPHOTO_KEEP_TEST_DIR")) std::system(("rm -rf " + quote(dir_)).c_str());
}

void Environment::restart_slapd() const { run(quote(kSrc + "/tests/harness/slapd/slapd.sh") + " restart " + quote(dir_ + "/slapd")); }
void Environment::stop_slapd() const { run(quote(kSrc + "/tests/harness/slapd/slapd.sh") + " stop " + quote(dir_ + "/slapd")); }
void Environment::start_slapd() const {
    run(quote(kSrc + "/tests/harness/slapd/slapd.sh") + " start " + quote(dir_ + "/slapd") + " " + std::to_string(ldap_port_));
}

std::string Environment::ldapsearch(const std::string& filter, const std::string& attrs) const {
    return run("ldapsearch -LLL -x -H ldap://127.0.0.1:" + std::to_string(ldap_port_) +
               " -b ou=people,dc=example,dc=test " + quote(filter) + " " + attrs);
}

// ---- extra servers -------------------------------------------------------------------------

int Environment::start_extra_slapd(const std::string& name) {
    int port = free_port();
    run(quote(kSrc + "/tests/harness/slapd/slapd.sh") + " start " + quote(dir_ + "/" + name) + " " + std::to_string(port) +
        " " + quote(dir_ + "/people.ldif"));
    extra_slapds_.push_back(name);
    return port;
}

void Environment::stop_extra_slapd(const std::string& name) const {
    run(quote(kSrc + "/tests/harness/slapd/slapd.sh") + " stop " + quote(dir_ + "/" + name));
}

void Environment::restart_extra_slapd(const std::string& name) const {
    std::string dir = dir_ + "/" + name;
    run(quote(kSrc + "/tests/harness/slapd/slapd.sh") + " start " + quote(dir) + " " + std::to_string(std::stoi(run("cat " + quote(dir + "/port")))));
}

int Environment::extra_slapd_pid(const std::string& name) const {
    return std::stoi(run("cat " + quote(dir_ + "/" + name + "/slapd.pid")));
}

int Environment::start_extra_httpd(const std::string& name, int ldap_port, const std::string& extra_conf) {
    int port = free_port();
    extra_httpds_.push_back(name);
    run("EXTRA_CONF=" + quote(extra_conf) + " " + quote(kSrc + "/tests/harness/httpd.sh") + " start " +
        quote(dir_ + "/" + name) + " " + std::to_string(port) + " " + std::to_string(ldap_port) + " " +
        quote(kBuild + "/mod_userphoto/.libs/mod_userphoto.so") + " " + mpm_);
    return port;
}

std::vector<std::string> Environment::sanitizer_report_dirs() const {
    std::vector<std::string> dirs{dir_ + "/httpd/sanitizer"};
    for (const auto& name : extra_httpds_) dirs.push_back(dir_ + "/" + name + "/sanitizer");
    return dirs;
}

HttpReply Environment::call_port(int port, const HttpCall& call) const {
    HttpReply reply;
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    std::string url = "http://127.0.0.1:" + std::to_string(port) + call.path;
    curl_slist* headers = nullptr;
    for (const auto& h : call.headers) headers = curl_slist_append(headers, h.c_str());
    headers = curl_slist_append(headers, "Expect:");
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    if (call.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (!call.body.empty() || call.method == "POST") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (!call.user.empty()) {
        curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        std::string userpwd = call.user + ":" + call.password;
        curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &reply.headers);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) throw std::runtime_error(std::string("HTTP request failed: ") + curl_easy_strerror(rc) + " " + url);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
    return reply;
}

HttpReply Environment::get_as(const std::string& uid, const std::string& path) const {
    HttpCall c;
    c.path = path;
    c.user = uid + "@example.test";
    c.password = "pw-" + uid;
    return call(c);
}

HttpReply Environment::soap_as(const std::string& uid, const std::string& path, const std::string& body,
                               const std::vector<std::string>& headers) const {
    HttpCall c;
    c.method = "POST";
    c.path = path;
    c.body = body;
    c.headers = headers;
    c.headers.push_back("Content-Type: text/xml; charset=utf-8");
    if (!uid.empty()) {
        c.user = uid + "@example.test";
        c.password = "pw-" + uid;
    }
    return call(c);
}

}  // namespace itest
