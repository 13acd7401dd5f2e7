// A small onOffice API client that builds requests exactly as the official PHP SDK does: the JSON
// envelope sent as application/x-www-form-urlencoded, integer timestamps, "parameters": [] when
// empty, HMAC v2 (current SDK) or the legacy v1 over PHP's json_encode of the key-sorted parameters.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "integration/environment.h"

namespace itest {

struct OnOfficeAction {
    std::string actionid = "urn:onoffice-de-ns:smart:2.5:smartml:action:read";
    std::string resourcetype = "userphoto";
    std::string resourceid;
    std::string identifier;
    nlohmann::json parameters = nlohmann::json::object();
    long long timestamp = 0;  // 0: now
    int hmac_version = 2;     // 2 or 1
    std::string secret;       // empty: the client's
};

class OnOfficeClient {
public:
    OnOfficeClient(std::string token, std::string secret, std::string version = "stable")
        : token_(std::move(token)), secret_(std::move(secret)), version_(std::move(version)) {}

    std::string body(const std::vector<OnOfficeAction>& actions) const;
    nlohmann::json send(const Environment& env, const std::vector<OnOfficeAction>& actions) const;
    HttpReply post_raw(const Environment& env, const std::string& body) const;

    // PHP json_encode: "/" as "\/", non-ASCII as \uXXXX, empty array/object as "[]".
    static std::string php_json_encode(const nlohmann::json& value);

private:
    std::string token_, secret_, version_;
};

}  // namespace itest
