// The directory: finds people in LDAP and reads their attributes (binary-safe).
// Thread-safe: one Directory per server config, shared by all threads of a child process.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directory/ldap_url.h"
#include "log.h"
#include "util/strings.h"

namespace userphoto::directory {

struct Settings {
    LdapUrl url;
    std::string bind_dn;        // empty: anonymous
    std::string bind_password;
    int network_timeout_ms = 3000;    // connect
    int operation_timeout_ms = 5000;  // bind / search / modify
    int pool_max = 8;                 // connections per process
    int pool_wait_ms = 2000;          // how long a request waits for a free connection
    int idle_ttl_s = 300;             // idle connections older than this are re-opened
};

using Values = std::vector<std::string>;  // raw bytes each

struct Entry {
    std::string dn;
    std::map<std::string, Values, CaseInsensitiveLess> attributes;
    const Values* get(const std::string& name) const;
    std::string first(const std::string& name) const;  // "" when absent
};

enum class Status { Found, NotFound, Ambiguous, Unavailable, InvalidInput };
const char* describe(Status status);

struct LookupResult {
    Status status = Status::NotFound;
    Entry entry;          // when Found
    std::string message;  // for the log when not Found
};

class Directory {
public:
    Directory(Settings settings, Logger log);
    ~Directory();
    Directory(const Directory&) = delete;
    Directory& operator=(const Directory&) = delete;

    // Exactly one entry with `attribute` = `value` under the URL's base, scope and filter.
    // More than one match is Ambiguous (never "the first one"); bad input is InvalidInput.
    LookupResult find_unique(const std::string& attribute, std::string_view value,
                             const std::vector<std::string>& wanted_attributes);

    const Settings& settings() const { return settings_; }

private:
    class Pool;
    Settings settings_;
    Logger log_;
    std::unique_ptr<Pool> pool_;
};

}  // namespace userphoto::directory
