#include "directory/directory.h"

#include <ldap.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <memory>

#include "directory/connection_pool.h"
#include "directory/filter.h"
#include "directory/ldap_connection.h"
#include "directory/ldap_entries.h"
#include "util/strings.h"

namespace userphoto::directory {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

struct MessageFree {
    void operator()(LDAPMessage* message) const { ldap_msgfree(message); }
};
using MessagePtr = std::unique_ptr<LDAPMessage, MessageFree>;

int ldap_scope(Scope scope) {
    switch (scope) {
        case Scope::Base: return LDAP_SCOPE_BASE;
        case Scope::One: return LDAP_SCOPE_ONELEVEL;
        case Scope::Sub: return LDAP_SCOPE_SUBTREE;
    }
    return LDAP_SCOPE_SUBTREE;
}

// Attributes to request: names, "*" (all user attributes) or "+" (operational ones).
// Empty: "1.1", RFC 4511's "no attributes".
bool attribute_list(const std::vector<std::string>& wanted, std::vector<std::string>* out, std::string* error) {
    for (const std::string& name : wanted) {
        if (name != "*" && name != "+" && !is_valid_attribute_name(name)) {
            *error = "invalid attribute name '" + name + "'";
            return false;
        }
    }
    *out = wanted.empty() ? std::vector<std::string>{"1.1"} : wanted;
    return true;
}

// NULL-terminated char* array over strings that outlive it (the C API lacks const).
std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

struct Outcome {
    int rc = LDAP_SUCCESS;
    bool busy = false;    // no free pooled connection in time
    std::string message;  // when rc != LDAP_SUCCESS
};

// One operation on its host: how long it took, and whether the host failed it. An answer about the
// request (no such entry, too many entries) is not the host's error; a connection error is.
void count_operation(HostCounters& host, const Outcome& out, Clock::duration took) {
    const bool failed = out.rc != LDAP_SUCCESS && out.rc != LDAP_NO_SUCH_OBJECT && out.rc != LDAP_SIZELIMIT_EXCEEDED;
    host.operation(static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()), failed);
    if (failed) host.failed(out.message, is_connection_error(out.rc));
    else host.answered();
}

// Runs op(LDAP*, time left) on a pooled connection. After a connection error the connection is
// closed and op runs once more on a new one, if at least a tenth of the budget is left (so a
// hung server costs one operation_timeout, while a restarted one costs a fast reconnect).
template <typename Op>
Outcome run_with_retry(ConnectionPool& pool, const Settings& settings, const Logger& log, const char* what, Op&& op) {
    const milliseconds budget(std::max(settings.operation_timeout_ms, 1));
    const auto deadline = Clock::now() + budget;
    const milliseconds min_retry_budget = std::max(milliseconds(50), budget / 10);
    auto time_left = [&] { return std::chrono::duration_cast<milliseconds>(deadline - Clock::now()); };

    Outcome out;
    for (int attempt = 1;; ++attempt) {
        ConnectionPool::Failure failure;
        ConnectionPool::Lease lease = pool.acquire(attempt > 1, time_left(), &failure);
        const bool connect_failed = !lease;  // the pool has logged why
        if (connect_failed) {
            out.busy = failure.busy;
            out.rc = failure.busy ? LDAP_BUSY : failure.rc;
            out.message = failure.message;
            if (failure.busy || !is_connection_error(out.rc)) return out;  // e.g. wrong bind password
        } else {
            milliseconds left = time_left();
            if (left.count() < 1) {
                out.rc = LDAP_TIMEOUT;  // the bind of a new connection used up the budget
                out.message = ldap_err2string(LDAP_TIMEOUT);
            } else {
                set_operation_timeout(lease.get(), left);
                const auto started = Clock::now();
                out.rc = op(lease.get(), left);
                out.message = out.rc == LDAP_SUCCESS ? std::string() : ldap_error_text(lease.get(), out.rc);
                if (HostCounters* host = lease.host()) count_operation(*host, out, Clock::now() - started);
            }
            if (!is_connection_error(out.rc)) return out;  // the lease goes back to the pool
            lease.discard();
        }
        if (out.rc == LDAP_SERVER_DOWN || out.rc == LDAP_CONNECT_ERROR) pool.discard_idle();
        const std::string where = std::string("LDAP ") + what + " on " + settings.url.uri_list();
        if (attempt == 1 && time_left() >= min_retry_budget) {
            if (!connect_failed) log.warn(where + " failed: " + out.message + "; retrying once on a new connection");
            continue;
        }
        log.error(where + " failed: " + (connect_failed ? std::string("no connection") : out.message) +
                  (attempt == 1 ? " (no time left for a retry)" : " (also after a retry on a new connection)"));
        return out;
    }
}

// Server answers that are not about the request's values: configuration or server trouble.
std::string failure_message(const Outcome& out, const Settings& settings) {
    if (out.rc == LDAP_NO_SUCH_OBJECT) return "the search base '" + settings.url.base_dn + "' does not exist";
    return out.message;
}

// The status and message of a finished search (plain or paged), from its outcome.
void conclude_search(SearchResult& result, const Outcome& out, const Settings& settings, const char* what,
                     const std::string& filter) {
    if (out.rc != LDAP_SUCCESS) {
        result.entries.clear();
        result.truncated = false;
        result.status = out.rc == LDAP_FILTER_ERROR ? Status::InvalidInput : Status::Unavailable;
        result.message = std::string(what) + " for " + filter + " failed: " + failure_message(out, settings);
    } else {
        result.status = result.entries.empty() ? Status::NotFound : Status::Found;
        result.message = result.entries.empty() ? "no entry matches " + filter : std::string();
    }
}

// An e-mail address also matches the alias attribute's "smtp:<address>" values (Active
// Directory's proxyAddresses: "SMTP:" marks the primary address, "smtp:" the others; AD matches
// them case-insensitively, both prefixes are named for servers whose matching rule is exact).
std::optional<std::string> address_filter(const Settings& settings, std::string_view value) {
    if (!is_valid_attribute_name(settings.email_alias_attribute)) return std::nullopt;
    const std::string escaped = escape_filter_value(value);
    const std::string& alias = settings.email_alias_attribute;
    std::string any = "(|(" + settings.url.attribute + "=" + escaped + ")(" + alias + "=smtp:" + escaped + ")(" +
                      alias + "=SMTP:" + escaped + "))";
    return and_filters(settings.url.filter, any);
}

}  // namespace

const Values* Entry::get(const std::string& name) const {
    auto it = attributes.find(name);
    return it == attributes.end() ? nullptr : &it->second;
}

std::string Entry::first(const std::string& name) const {
    const Values* values = get(name);
    return values && !values->empty() ? values->front() : std::string();
}

const char* describe(Status status) {
    switch (status) {
        case Status::Found: return "found";
        case Status::NotFound: return "not found";
        case Status::Ambiguous: return "ambiguous";
        case Status::Unavailable: return "directory unavailable";
        case Status::InvalidInput: return "invalid input";
    }
    return "unknown";
}

Directory::Directory(Settings settings, Logger log)
    : settings_(std::move(settings)),
      log_(std::move(log)),
      own_hosts_(std::make_unique<HostCounters[]>(settings_.url.servers.size())),
      pool_(std::make_unique<ConnectionPool>(settings_, log_, hosts_)) {
    for (size_t i = 0; i < settings_.url.servers.size(); ++i) hosts_.push_back(&own_hosts_[i]);
}

void Directory::count_hosts_in(HostTable& table) {
    for (size_t i = 0; i < hosts_.size(); ++i)
        if (HostCounters* shared = table.find(settings_.url.servers[i])) hosts_[i] = shared;
}

Directory::~Directory() = default;

LookupResult Directory::find_unique(const std::string& attribute, std::string_view value,
                                    const std::vector<std::string>& wanted_attributes) {
    LookupResult result;
    try {
        result.status = Status::InvalidInput;
        if (!is_valid_attribute_name(attribute)) {
            result.message = "invalid attribute name '" + attribute + "'";
            return result;
        }
        if (value.empty() || value.size() > kMaxFilterValueLength) {
            result.message = value.empty() ? "empty value for " + attribute
                                           : "value for " + attribute + " longer than " +
                                                 std::to_string(kMaxFilterValueLength) + " bytes";
            return result;
        }
        std::vector<std::string> attrs;
        if (!attribute_list(wanted_attributes, &attrs, &result.message)) return result;
        std::optional<std::string> filter = equality_filter(attribute, value, settings_.url.filter);
        if (filter && !settings_.email_alias_attribute.empty() && iequals(attribute, settings_.url.attribute))
            filter = address_filter(settings_, value);
        if (!filter) {
            result.message = "cannot build a filter for " + attribute;
            return result;
        }
        std::vector<char*> attr_array = c_strings(attrs);

        int count = 0;
        Outcome out = run_with_retry(*pool_, settings_, log_, "search", [&](LDAP* ld, milliseconds left) {
            LDAPMessage* raw = nullptr;
            timeval timeout = to_timeval(left);
            int rc = ldap_search_ext_s(ld, settings_.url.base_dn.c_str(), ldap_scope(settings_.url.scope),
                                       filter->c_str(), attr_array.data(), 0, nullptr, nullptr, &timeout, 2, &raw);
            MessagePtr message(raw);
            if (rc == LDAP_SUCCESS || rc == LDAP_SIZELIMIT_EXCEEDED) {
                count = ldap_count_entries(ld, raw);
                if (rc == LDAP_SIZELIMIT_EXCEEDED) count = std::max(count, 2);
                if (count == 1) result.entry = read_entry(ld, ldap_first_entry(ld, raw));
                return LDAP_SUCCESS;
            }
            return rc;
        });
        if (out.rc != LDAP_SUCCESS || count < 0) {
            result.status = Status::Unavailable;
            result.message = "search for " + *filter + " failed: " +
                             (out.rc != LDAP_SUCCESS ? failure_message(out, settings_) : "unreadable result");
        } else if (count == 1) {
            result.status = Status::Found;
            result.message.clear();
        } else if (count == 0) {
            result.status = Status::NotFound;
            result.message = "no entry matches " + *filter + " under '" + settings_.url.base_dn + "'";
        } else {
            result.status = Status::Ambiguous;
            result.entry = Entry();
            result.message = "more than one entry matches " + *filter + " under '" + settings_.url.base_dn + "'";
        }
        return result;
    } catch (...) {  // bad_alloc: never let it reach a C hook
        result = LookupResult();
        result.status = Status::Unavailable;
        result.message = "internal error (out of memory) during an LDAP lookup";
        return result;
    }
}

Status Directory::modify_replace(const std::string& dn, const std::vector<AttributeChange>& changes,
                                 std::string* message) {
    std::string scratch;
    std::string& why = message ? *message : scratch;
    try {
        why.clear();
        LDAPDN parsed = nullptr;
        int dn_rc = dn.empty() ? LDAP_INVALID_DN_SYNTAX : ldap_str2dn(dn.c_str(), &parsed, LDAP_DN_FORMAT_LDAPV3);
        ldap_dnfree(parsed);
        if (dn_rc != LDAP_SUCCESS) {
            why = "invalid DN '" + dn + "'";
            return Status::InvalidInput;
        }
        if (changes.empty()) {
            why = "no changes";
            return Status::InvalidInput;
        }
        for (const AttributeChange& change : changes) {
            if (!is_valid_attribute_name(change.first)) {
                why = "invalid attribute name '" + change.first + "'";
                return Status::InvalidInput;
            }
        }

        // LDAP_MOD_REPLACE with no values deletes the attribute, and is no error when it is absent.
        std::vector<LDAPMod> mods(changes.size());
        std::vector<berval> values(changes.size());
        std::vector<std::array<berval*, 2>> value_lists(changes.size());
        std::vector<LDAPMod*> mod_array;
        for (size_t i = 0; i < changes.size(); ++i) {
            const auto& [name, value] = changes[i];
            mods[i].mod_op = LDAP_MOD_REPLACE | LDAP_MOD_BVALUES;
            mods[i].mod_type = const_cast<char*>(name.c_str());
            if (value) {
                values[i].bv_len = value->size();
                values[i].bv_val = const_cast<char*>(value->data());
                value_lists[i] = {&values[i], nullptr};
                mods[i].mod_bvalues = value_lists[i].data();
            } else {
                mods[i].mod_bvalues = nullptr;
            }
            mod_array.push_back(&mods[i]);
        }
        mod_array.push_back(nullptr);

        // Replacing is idempotent, so the retry after a lost connection is safe.
        Outcome out = run_with_retry(*pool_, settings_, log_, "modify", [&](LDAP* ld, milliseconds) {
            return ldap_modify_ext_s(ld, dn.c_str(), mod_array.data(), nullptr, nullptr);
        });
        switch (out.rc) {
            case LDAP_SUCCESS: return Status::Found;
            case LDAP_NO_SUCH_OBJECT:
                why = "no entry '" + dn + "'";
                return Status::NotFound;
            case LDAP_UNDEFINED_TYPE:
            case LDAP_INVALID_SYNTAX:
            case LDAP_CONSTRAINT_VIOLATION:
            case LDAP_OBJECT_CLASS_VIOLATION:
            case LDAP_NOT_ALLOWED_ON_RDN:
            case LDAP_TYPE_OR_VALUE_EXISTS:
            case LDAP_INAPPROPRIATE_MATCHING:
            case LDAP_ADMINLIMIT_EXCEEDED:
                why = "modify of '" + dn + "' refused: " + out.message;
                return Status::InvalidInput;
            default:  // connection trouble, no write access, unwilling to perform, ...
                why = "modify of '" + dn + "' failed: " + out.message;
                return Status::Unavailable;
        }
    } catch (...) {
        try {
            why = "internal error (out of memory) during an LDAP modify";
        } catch (...) {
        }
        return Status::Unavailable;
    }
}

}  // namespace userphoto::directory

// ---- lists (onOffice): paged search and reads by DN ----------------------------------------
namespace userphoto::directory {
namespace {

struct ControlFree {
    void operator()(LDAPControl* control) const { ldap_control_free(control); }
};
struct ControlsFree {
    void operator()(LDAPControl** controls) const { ldap_controls_free(controls); }
};

}  // namespace

SearchResult Directory::search_paged(const std::string& filter, const std::vector<std::string>& attrs,
                                     int max_entries, int page_size, int* round_trips) {
    SearchResult result;
    int trips = 0;
    try {
        result.status = Status::InvalidInput;
        std::string why;
        if (!is_valid_filter(filter, &why)) {
            result.message = "invalid filter '" + filter + "': " + why;
            return result;
        }
        if (max_entries < 1 || page_size < 1) {
            result.message = "entry and page limits must be at least 1";
            return result;
        }
        std::vector<std::string> wanted;
        if (!attribute_list(attrs, &wanted, &result.message)) return result;
        std::vector<char*> attr_array = c_strings(wanted);
        std::string combined = and_filters(settings_.url.filter, filter);

        Outcome out = run_with_retry(*pool_, settings_, log_, "paged search", [&](LDAP* ld, milliseconds left) {
            // A retry starts over: the cookie belongs to the lost connection.
            result.entries.clear();
            result.truncated = false;
            const auto deadline = Clock::now() + left;
            berval cookie{0, nullptr};
            std::string cookie_bytes;
            for (;;) {
                auto remaining = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
                if (remaining.count() < 1) return LDAP_TIMEOUT;
                LDAPControl* raw_control = nullptr;
                int rc = ldap_create_page_control(ld, page_size, cookie.bv_len ? &cookie : nullptr, 0, &raw_control);
                if (rc != LDAP_SUCCESS) return rc;
                std::unique_ptr<LDAPControl, ControlFree> control(raw_control);
                LDAPControl* server_controls[] = {control.get(), nullptr};
                LDAPMessage* raw = nullptr;
                timeval timeout = to_timeval(remaining);
                ++trips;
                rc = ldap_search_ext_s(ld, settings_.url.base_dn.c_str(), ldap_scope(settings_.url.scope),
                                       combined.c_str(), attr_array.data(), 0, server_controls, nullptr, &timeout,
                                       0, &raw);
                MessagePtr message(raw);
                if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) return rc;
                for (Entry& entry : read_entries(ld, raw)) {
                    if (static_cast<int>(result.entries.size()) >= max_entries) {
                        result.truncated = true;
                        return LDAP_SUCCESS;
                    }
                    result.entries.push_back(std::move(entry));
                }
                if (rc == LDAP_SIZELIMIT_EXCEEDED) {  // the server capped us despite paging
                    result.truncated = true;
                    return LDAP_SUCCESS;
                }
                // The next cookie comes in the result message's controls; empty = done.
                LDAPControl** raw_controls = nullptr;
                int err = 0;
                rc = ldap_parse_result(ld, raw, &err, nullptr, nullptr, nullptr, &raw_controls, 0);
                std::unique_ptr<LDAPControl*, ControlsFree> controls(raw_controls);
                if (rc != LDAP_SUCCESS) return rc;
                LDAPControl* page = controls ? ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, controls.get(), nullptr)
                                             : nullptr;
                if (!page) return LDAP_SUCCESS;  // server ignored paging: it sent everything at once
                ber_int_t estimate = 0;
                berval next{0, nullptr};
                rc = ldap_parse_pageresponse_control(ld, page, &estimate, &next);
                if (rc != LDAP_SUCCESS) return rc;
                cookie_bytes.assign(next.bv_val ? next.bv_val : "", next.bv_len);
                ber_memfree(next.bv_val);
                if (cookie_bytes.empty()) return LDAP_SUCCESS;
                cookie.bv_val = cookie_bytes.data();
                cookie.bv_len = cookie_bytes.size();
            }
        });
        if (round_trips) *round_trips = trips;
        conclude_search(result, out, settings_, "paged search", combined);
        return result;
    } catch (...) {
        result = SearchResult();
        result.status = Status::Unavailable;
        result.message = "internal error (out of memory) during an LDAP paged search";
        return result;
    }
}

void initialize_client_library() {
    // Any global-option call makes libldap initialise its global state (it does so lazily).
    int version = 0;
    ldap_get_option(nullptr, LDAP_OPT_PROTOCOL_VERSION, &version);
}

namespace {

struct DnFree {
    void operator()(LDAPDN dn) const { ldap_dnfree(dn); }
};
using DnPtr = std::unique_ptr<LDAPRDN, DnFree>;

size_t rdn_count(LDAPDN dn) {
    size_t n = 0;
    while (dn && dn[n]) ++n;
    return n;
}

bool same_bytes_ignoring_case(const berval& a, const berval& b) {
    return a.bv_len == b.bv_len &&
           iequals(std::string_view(a.bv_val, a.bv_len), std::string_view(b.bv_val, b.bv_len));
}

// The same RDN (every attribute-value pair, in order), attribute types and values compared
// without regard to case, as the naming attributes of people entries are.
bool same_rdn(LDAPRDN a, LDAPRDN b) {
    size_t i = 0;
    for (; a[i] && b[i]; ++i)
        if (!same_bytes_ignoring_case(a[i]->la_attr, b[i]->la_attr) ||
            !same_bytes_ignoring_case(a[i]->la_value, b[i]->la_value))
            return false;
    return !a[i] && !b[i];
}

// `dn` lies within `base` for `scope` (an empty base is the whole tree).
bool within(LDAPDN dn, LDAPDN base, Scope scope) {
    const size_t n = rdn_count(dn), m = rdn_count(base);
    if (n < m) return false;
    for (size_t k = 1; k <= m; ++k)
        if (!same_rdn(dn[n - k], base[m - k])) return false;
    switch (scope) {
        case Scope::Base: return n == m;
        case Scope::One: return n == m + 1;
        case Scope::Sub: return true;
    }
    return false;
}

}  // namespace

LookupResult Directory::read_dn(const std::string& dn, const std::vector<std::string>& wanted_attributes) {
    LookupResult result;
    try {
        result.status = Status::InvalidInput;
        LDAPDN parsed = nullptr;
        int dn_rc = dn.empty() ? LDAP_INVALID_DN_SYNTAX : ldap_str2dn(dn.c_str(), &parsed, LDAP_DN_FORMAT_LDAPV3);
        DnPtr parsed_dn(parsed);
        if (dn_rc != LDAP_SUCCESS) {
            result.message = "invalid DN '" + dn + "'";
            return result;
        }
        LDAPDN base = nullptr;
        const std::string& base_text = settings_.url.base_dn;
        if (!base_text.empty() && ldap_str2dn(base_text.c_str(), &base, LDAP_DN_FORMAT_LDAPV3) != LDAP_SUCCESS) {
            result.message = "invalid base DN '" + base_text + "'";
            return result;
        }
        DnPtr base_dn(base);
        if (!within(parsed_dn.get(), base_dn.get(), settings_.url.scope)) {
            result.status = Status::NotFound;
            result.message = "'" + dn + "' is outside the URL's base and scope";
            return result;
        }
        const std::string filter = settings_.url.filter.empty() ? "(objectClass=*)" : settings_.url.filter;
        std::vector<std::string> attrs;
        if (!attribute_list(wanted_attributes, &attrs, &result.message)) return result;
        std::vector<char*> attr_array = c_strings(attrs);
        bool found = false;
        Outcome out = run_with_retry(*pool_, settings_, log_, "read", [&](LDAP* ld, milliseconds left) {
            LDAPMessage* raw = nullptr;
            timeval timeout = to_timeval(left);
            // The URL's filter too: an entry under the base that it excludes is not ours to serve.
            int rc = ldap_search_ext_s(ld, dn.c_str(), LDAP_SCOPE_BASE, filter.c_str(), attr_array.data(), 0,
                                       nullptr, nullptr, &timeout, 1, &raw);
            MessagePtr message(raw);
            if (rc == LDAP_NO_SUCH_OBJECT) return LDAP_SUCCESS;
            if (rc != LDAP_SUCCESS) return rc;
            if (LDAPMessage* first = ldap_first_entry(ld, raw)) {
                result.entry = read_entry(ld, first);
                found = true;
            }
            return LDAP_SUCCESS;
        });
        if (out.rc != LDAP_SUCCESS) {
            result.status = Status::Unavailable;
            result.message = "read of '" + dn + "' failed: " + out.message;
        } else {
            result.status = found ? Status::Found : Status::NotFound;
            result.message = found ? std::string() : "no entry '" + dn + "'";
        }
        return result;
    } catch (...) {
        result = LookupResult();
        result.status = Status::Unavailable;
        result.message = "internal error (out of memory) during an LDAP read";
        return result;
    }
}

// ---- Active Directory: root DSE and objectGUID ----------------------------------------------

std::optional<bool> Directory::is_active_directory() {
    const int known = active_directory_.load();
    if (known >= 0) return known == 1;
    try {
        static constexpr const char* kActiveDirectoryCapability = "1.2.840.113556.1.4.800";
        bool is_ad = false;
        char capabilities[] = "supportedCapabilities";
        char* attrs[] = {capabilities, nullptr};
        Outcome out = run_with_retry(*pool_, settings_, log_, "root DSE read", [&](LDAP* ld, milliseconds left) {
            LDAPMessage* raw = nullptr;
            timeval timeout = to_timeval(left);
            int rc = ldap_search_ext_s(ld, "", LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 0, nullptr, nullptr,
                                       &timeout, 1, &raw);
            MessagePtr message(raw);
            if (rc != LDAP_SUCCESS) return rc;
            if (LDAPMessage* first = ldap_first_entry(ld, raw)) {
                Entry root = read_entry(ld, first);
                if (const Values* values = root.get("supportedCapabilities"))
                    is_ad = std::find(values->begin(), values->end(), kActiveDirectoryCapability) != values->end();
            }
            return LDAP_SUCCESS;
        });
        if (out.rc != LDAP_SUCCESS) return std::nullopt;
        active_directory_.store(is_ad ? 1 : 0);
        log_.debug(std::string("directory server ") + settings_.url.uri_list() +
                   (is_ad ? " is Active Directory" : " is not Active Directory"));
        return is_ad;
    } catch (...) {
        return std::nullopt;
    }
}

std::string format_object_guid(std::string_view b) {
    if (b.size() != 16) return std::string();
    auto u = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(b[i])); };
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u(3), u(2),
                  u(1), u(0), u(5), u(4), u(7), u(6), u(8), u(9), u(10), u(11), u(12), u(13), u(14), u(15));
    return text;
}

int Directory::open_connections() const { return pool_->open_count(); }
int Directory::idle_connections() const { return pool_->idle_count(); }

}  // namespace userphoto::directory
