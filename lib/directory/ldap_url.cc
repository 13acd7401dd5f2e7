#include "directory/ldap_url.h"

#include <ldap.h>

#include <cctype>

#include "directory/filter.h"
#include "util/numbers.h"
#include "util/strings.h"

namespace userphoto::directory {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// RFC 3986 percent-decoding ('+' is a plus sign here, unlike in forms); nullopt on a bad escape
// or an encoded NUL (nothing in an LDAP URL may contain one).
std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return std::nullopt;
        char c = static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
        if (c == '\0') return std::nullopt;
        out += c;
        i += 2;
    }
    return out;
}

// Splits on `sep` without dropping empty pieces.
std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        size_t at = s.find(sep, start);
        parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos) return parts;
        start = at + 1;
    }
}

struct SchemeInfo {
    const char* name;
    const char* default_port;  // nullptr: no host:port (ldapi)
};
constexpr SchemeInfo kSchemes[] = {{"ldap", "389"}, {"ldaps", "636"}, {"ldapi", nullptr}};

const SchemeInfo* find_scheme(std::string_view name) {
    for (const SchemeInfo& s : kSchemes)
        if (iequals(name, s.name)) return &s;
    return nullptr;
}

bool is_reg_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool valid_port(std::string_view port) {
    const std::optional<int> value = port.size() <= 5 ? parse_integer<int>(port) : std::nullopt;
    return value && *value >= 1 && *value <= 65535;
}

// One host[:port] token → "scheme://host:port"; empty string and *error on failure.
std::string server_uri(const SchemeInfo& scheme, std::string_view token, std::string* error) {
    std::string prefix = std::string(scheme.name) + "://";
    if (!scheme.default_port) {  // ldapi: the host is the percent-encoded socket path
        auto path = percent_decode(token);
        if (!path || path->find('/') == std::string::npos) {
            *error = "ldapi host '" + std::string(token) +
                     "' must be a percent-encoded socket path such as %2Frun%2Fslapd%2Fldapi";
            return {};
        }
        return prefix + std::string(token);
    }
    std::string_view host, port;
    bool ipv6 = false;
    if (token.front() == '[') {
        size_t close = token.find(']');
        if (close == std::string_view::npos) {
            *error = "IPv6 address '" + std::string(token) + "' lacks its closing ']'";
            return {};
        }
        host = token.substr(1, close - 1);
        std::string_view rest = token.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') {
            *error = "unexpected text after ']' in '" + std::string(token) + "'";
            return {};
        }
        if (!rest.empty()) port = rest.substr(1);
        ipv6 = true;
        bool ok = !host.empty() && host.find(':') != std::string_view::npos;
        for (char c : host) ok = ok && (is_hex(c) || c == ':' || c == '.');
        if (!ok) {
            *error = "invalid IPv6 address '[" + std::string(host) + "]'";
            return {};
        }
    } else {
        size_t colon = token.find(':');
        host = token.substr(0, colon);
        if (colon != std::string_view::npos) port = token.substr(colon + 1);
        if (port.find(':') != std::string_view::npos) {
            *error = "invalid host '" + std::string(token) + "' (write IPv6 addresses in brackets: [::1]:389)";
            return {};
        }
        bool ok = !host.empty();
        for (char c : host) ok = ok && is_reg_name_char(c);
        if (!ok) {
            *error = "invalid host name '" + std::string(host) + "'";
            return {};
        }
    }
    // RFC 3986 allows "host:" with an empty port, meaning the default one.
    if (port.empty()) port = scheme.default_port;
    if (!valid_port(port)) {
        *error = "bad port '" + std::string(port) + "' for host '" + std::string(host) + "' (expected 1-65535)";
        return {};
    }
    std::string uri = prefix;
    if (ipv6) uri += '[';
    uri += host;
    if (ipv6) uri += ']';
    uri += ':';
    uri += port;
    return uri;
}

bool fail(std::string* error, std::string message) {
    if (error) *error = std::move(message);
    return false;
}

// Everything after the host list's '/': dn ? attributes ? scope ? filter ? extensions
bool parse_query_parts(std::string_view rest, LdapUrl& url, std::string* error) {
    std::vector<std::string_view> parts = split(rest, '?');
    if (parts.size() > 5)
        return fail(error, "too many '?' parts (a '?' inside the base or filter must be written %3F)");

    auto base = percent_decode(parts[0]);
    if (!base) return fail(error, "bad percent-encoding in the base DN '" + std::string(parts[0]) + "'");
    if (!base->empty()) {
        LDAPDN dn = nullptr;
        int rc = ldap_str2dn(base->c_str(), &dn, LDAP_DN_FORMAT_LDAPV3);
        ldap_dnfree(dn);
        if (rc != LDAP_SUCCESS) return fail(error, "invalid base DN '" + *base + "'");
    }
    url.base_dn = *base;

    if (parts.size() > 1) {
        std::string_view first = split(parts[1], ',').front();
        auto attribute = percent_decode(first);
        if (!attribute) return fail(error, "bad percent-encoding in the attribute '" + std::string(first) + "'");
        if (!attribute->empty()) {
            if (!is_valid_attribute_name(*attribute))
                return fail(error, "invalid e-mail attribute '" + *attribute + "' (the URL's first attribute)");
            url.attribute = *attribute;
        }
    }

    if (parts.size() > 2) {
        auto scope = percent_decode(parts[2]);
        if (!scope) return fail(error, "bad percent-encoding in the scope");
        if (scope->empty() || iequals(*scope, "sub")) {
            url.scope = Scope::Sub;
        } else if (iequals(*scope, "one")) {
            url.scope = Scope::One;
        } else if (iequals(*scope, "base")) {
            url.scope = Scope::Base;
        } else {
            return fail(error, "bad scope '" + *scope + "' (expected base, one or sub)");
        }
    }

    if (parts.size() > 3) {
        auto filter = percent_decode(parts[3]);
        if (!filter) return fail(error, "bad percent-encoding in the filter '" + std::string(parts[3]) + "'");
        std::string_view trimmed = trim(*filter);
        if (!trimmed.empty()) {
            std::string text(trimmed);
            if (text.front() != '(') text = "(" + text + ")";
            std::string why;
            if (!is_valid_filter(text, &why)) return fail(error, "invalid filter '" + text + "': " + why);
            url.filter = text;
        }
    }

    if (parts.size() > 4 && !parts[4].empty()) {
        for (std::string_view raw : split(parts[4], ',')) {
            auto extension = percent_decode(raw);
            if (!extension || extension->empty())
                return fail(error, "malformed extension '" + std::string(raw) + "'");
            std::string type = extension->substr(0, extension->find('='));
            if (type.front() == '!')
                return fail(error, "critical extension '" + type.substr(1) + "' is not supported");
            url.ignored_extensions.push_back(type);
        }
    }
    return true;
}

}  // namespace

std::string LdapUrl::uri_list() const {
    std::string list;
    for (const std::string& server : servers) {
        if (!list.empty()) list += ' ';
        list += server;
    }
    return list;
}

const char* scope_name(Scope scope) {
    switch (scope) {
        case Scope::Base: return "base";
        case Scope::One: return "one";
        case Scope::Sub: return "sub";
    }
    return "sub";
}

std::optional<LdapUrl> parse_ldap_url(std::string_view text, std::string* error) {
    try {
        std::string_view s = trim(text);
        if (s.empty()) {
            fail(error, "empty LDAP URL");
            return std::nullopt;
        }
        size_t sep = s.find("://");
        if (sep == std::string_view::npos) {
            fail(error, "no scheme in '" + std::string(s) + "': expected ldap://, ldaps:// or ldapi://");
            return std::nullopt;
        }
        const SchemeInfo* scheme = find_scheme(s.substr(0, sep));
        if (!scheme) {
            fail(error, "unknown scheme '" + std::string(s.substr(0, sep)) + "': expected ldap, ldaps or ldapi");
            return std::nullopt;
        }

        LdapUrl url;
        size_t pos = sep + 3;
        // Host list (mod_authnz_ldap extension): white-space separated, up to the first '/'.
        while (true) {
            while (pos < s.size() && is_space(s[pos])) ++pos;
            if (pos >= s.size() || s[pos] == '/') break;
            if (s[pos] == '?') {
                fail(error, "the '?' parts must follow a '/' (for example ldap://host/base?mail)");
                return std::nullopt;
            }
            const SchemeInfo* host_scheme = scheme;
            size_t end = pos;
            while (end < s.size() && !is_space(s[end]) && s[end] != '/' && s[end] != '?') ++end;
            if (s.substr(end, 2) == "//" && end > pos && s[end - 1] == ':') {  // "scheme://" on this host
                host_scheme = find_scheme(s.substr(pos, end - 1 - pos));
                if (!host_scheme) {
                    fail(error, "unknown scheme '" + std::string(s.substr(pos, end - 1 - pos)) +
                                    "': expected ldap, ldaps or ldapi");
                    return std::nullopt;
                }
                pos = end + 2;
                end = pos;
                while (end < s.size() && !is_space(s[end]) && s[end] != '/' && s[end] != '?') ++end;
                if (end == pos) {
                    fail(error, "no host after '" + std::string(host_scheme->name) + "://'");
                    return std::nullopt;
                }
            }
            std::string why;
            std::string uri = server_uri(*host_scheme, s.substr(pos, end - pos), &why);
            if (uri.empty()) {
                fail(error, why);
                return std::nullopt;
            }
            url.servers.push_back(std::move(uri));
            pos = end;
        }
        if (url.servers.empty()) {
            if (scheme->default_port) {
                fail(error, "no LDAP server in '" + std::string(s) + "': expected " + scheme->name + "://host/...");
                return std::nullopt;
            }
            url.servers.push_back("ldapi://");  // libldap's default socket
        }
        if (pos < s.size() && !parse_query_parts(s.substr(pos + 1), url, error)) return std::nullopt;
        return url;
    } catch (...) {  // std::bad_alloc: never let it reach a C hook
        fail(error, "out of memory while parsing the LDAP URL");
        return std::nullopt;
    }
}

}  // namespace userphoto::directory
