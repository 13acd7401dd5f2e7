#include "integration/onoffice_client.h"

#include <ctime>
#include <stdexcept>

#include "protocol/onoffice/hmac.h"

namespace itest {

std::string OnOfficeClient::php_json_encode(const nlohmann::json& value) {
    if ((value.is_object() || value.is_array()) && value.empty()) return "[]";
    // nlohmann orders object keys (PHP's ksort) and escapes non-ASCII as \uXXXX with ensure_ascii.
    const std::string text = value.dump(-1, ' ', true);
    std::string out;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string && !escaped && c == '/') out += '\\';
        out += c;
        if (escaped) escaped = false;
        else if (c == '\\') escaped = true;
        else if (c == '"') in_string = !in_string;
    }
    return out;
}

std::string OnOfficeClient::body(const std::vector<OnOfficeAction>& actions) const {
    std::string out = "{\"token\":" + nlohmann::json(token_).dump() + ",\"request\":{\"actions\":[";
    for (size_t i = 0; i < actions.size(); ++i) {
        const OnOfficeAction& a = actions[i];
        const long long ts = a.timestamp ? a.timestamp : static_cast<long long>(std::time(nullptr));
        const std::string secret = a.secret.empty() ? secret_ : a.secret;
        const std::string params = php_json_encode(a.parameters);
        std::string mac, version_field;
        if (a.hmac_version == 2) {
            mac = userphoto::onoffice::hmac_v2(secret, std::to_string(ts), token_, a.resourcetype, a.actionid);
            version_field = ",\"hmac_version\":2";
        } else {
            const std::string ts_text = std::to_string(ts);
            userphoto::onoffice::V1Fields f{params, token_, a.actionid, a.identifier, a.resourceid, ts_text, a.resourcetype};
            mac = userphoto::onoffice::hmac_v1(secret, f);
        }
        if (i) out += ",";
        out += "{\"actionid\":" + nlohmann::json(a.actionid).dump() + ",\"identifier\":" + nlohmann::json(a.identifier).dump() +
               ",\"resourceid\":" + nlohmann::json(a.resourceid).dump() + ",\"resourcetype\":" +
               nlohmann::json(a.resourcetype).dump() + ",\"parameters\":" + params + ",\"timestamp\":" +
               std::to_string(ts) + version_field + ",\"hmac\":" + php_json_encode(mac) + "}";
    }
    return out + "]}}";
}

HttpReply OnOfficeClient::post_raw(const Environment& env, const std::string& body) const {
    HttpCall call;
    call.method = "POST";
    call.path = "/api/" + version_ + "/api.php";
    call.body = body;
    call.headers = {"Content-Type: application/x-www-form-urlencoded"};
    return env.call(call);
}

nlohmann::json OnOfficeClient::send(const Environment& env, const std::vector<OnOfficeAction>& actions) const {
    HttpReply reply = post_raw(env, body(actions));
    if (reply.status != 200) throw std::runtime_error("onOffice API answered HTTP " + std::to_string(reply.status));
    return nlohmann::json::parse(reply.body);
}

}  // namespace itest
