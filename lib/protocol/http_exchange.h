// The neutral request/response the glue hands to the protocol codecs: no httpd types here.
#pragma once
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/strings.h"

namespace userphoto {

struct HttpRequest {
    std::string method;       // "GET", "POST", ...
    std::string path;         // r->uri: decoded path, no query
    std::string query;        // raw query string (r->args), not decoded
    HeaderMap headers;
    // Headers not in `headers` are asked of this (the glue reads httpd's table), so that a request
    // copies only the few headers its codec reads; unset in tests, which fill `headers`.
    std::function<std::optional<std::string>(const std::string& name)> header_source;
    std::string body;         // already read by the glue, within its cap
    std::string remote_user;  // authenticated user (REMOTE_USER), empty when none
    std::string base_url;     // "http://host:port" for absolute links
    std::time_t now = 0;      // request time (seconds)

    // The header's value ("" when absent); names compare case-insensitively.
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        if (it != headers.end()) return it->second;
        if (header_source)
            if (std::optional<std::string> value = header_source(name)) return std::move(*value);
        return std::string();
    }
    bool has_header(const std::string& name) const {
        return headers.count(name) || (header_source && header_source(name).has_value());
    }
};

struct HttpResponse {
    int status = 200;
    std::string content_type;  // empty: none (e.g. 304, 204)
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    void add_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

}  // namespace userphoto
