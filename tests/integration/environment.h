// The integration-test world: a real slapd seeded with generated photos and a real httpd with the
// module, both on free loopback ports, started once per test run and stopped at exit.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "util/strings.h"

namespace itest {

struct HttpCall {
    std::string method = "GET";
    std::string path;  // e.g. "/ews/Exchange.asmx"
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
    std::string user;  // Basic auth, empty for none
    std::string password;
};

struct HttpReply {
    long status = 0;
    userphoto::HeaderMap headers;
    std::string body;
    std::string header(const std::string& name) const;
};

class Environment {
public:
    static Environment& get();  // starts everything on first use

    HttpReply call(const HttpCall& call) const { return call_port(httpd_port_, call); }
    HttpReply call_port(int port, const HttpCall& call) const;
    // Authenticated as a directory user (password "pw-<uid>").
    HttpReply get_as(const std::string& uid, const std::string& path) const;
    HttpReply soap_as(const std::string& uid, const std::string& path, const std::string& body,
                      const std::vector<std::string>& headers = {}) const;

    void restart_slapd() const;
    void stop_slapd() const;
    void start_slapd() const;
    std::string ldapsearch(const std::string& filter, const std::string& attrs) const;

    std::string error_log_path() const { return dir_ + "/httpd/error.log"; }
    const std::string& work_dir() const { return dir_; }
    int httpd_port() const { return httpd_port_; }
    int ldap_port() const { return ldap_port_; }
    const std::string& mpm() const { return mpm_; }

    // ---- extra servers, for the directory-fault tests --------------------------------------
    // A second slapd seeded with the same people, in work_dir()/<name>; returns its port.
    int start_extra_slapd(const std::string& name);
    void stop_extra_slapd(const std::string& name) const;
    void restart_extra_slapd(const std::string& name) const;  // same port and data
    int extra_slapd_pid(const std::string& name) const;
    // A second httpd with the module in work_dir()/<name>: the stock test configuration with
    // UserPhotoLDAPURL at ldap_port, then extra_conf (later directives win); returns its port.
    int start_extra_httpd(const std::string& name, int ldap_port, const std::string& extra_conf);

    // Where sanitizer reports of every httpd started here land (see httpd.sh); empty unless the
    // module was built with --enable-sanitizers.
    std::vector<std::string> sanitizer_report_dirs() const;

    ~Environment();

private:
    Environment();
    void start();
    void stop();

    std::string dir_;
    int httpd_port_ = 0;
    int ldap_port_ = 0;
    std::string mpm_;
    bool started_ = false;
    std::vector<std::string> extra_slapds_;
    std::vector<std::string> extra_httpds_;
};

// Shell command; throws std::runtime_error with its output when it fails.
std::string run(const std::string& command);
// `s` as one shell word (single quotes, any quote inside escaped).
std::string quote(const std::string& s);
// Apache's module directory (apxs -q LIBEXECDIR), for LoadModule lines of extra instances.
std::string module_dir();
int free_port();

}  // namespace itest
