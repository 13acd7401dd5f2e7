// The neutral request/response the glue hands to the protocol codecs: no httpd types here.
#pragma once
#include <ctime>
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
    std::string body;         // already read by the glue, within its cap
    std::string remote_user;  // authenticated user (REMOTE_USER), empty when none
    std::string base_url;     // "http://host:port" for absolute links
    std::time_t now = 0;      // request time (seconds)

    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
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
