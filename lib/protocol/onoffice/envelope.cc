#include "protocol/onoffice/envelope.h"

namespace userphoto::onoffice {
namespace {

ordered_json echo_value(const nlohmann::json& action, const char* key) {
    if (!action.is_object() || !action.contains(key)) return "";
    const nlohmann::json& v = action[key];
    if (v.is_string() || v.is_number() || v.is_null()) return ordered_json::parse(v.dump());
    return "";
}

std::string dump(const ordered_json& j) { return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace); }

ordered_json status_of(const ApiError& error) {
    return ordered_json{{"code", error.http}, {"errorcode", error.code}, {"message", error.message}};
}

}  // namespace

ActionEcho echo_of(const nlohmann::json& action) {
    ActionEcho echo;
    echo.actionid = echo_value(action, "actionid");
    echo.resourceid = echo_value(action, "resourceid");
    echo.resourcetype = echo_value(action, "resourcetype");
    echo.identifier = echo_value(action, "identifier");
    return echo;
}

ordered_json success_result(const ActionEcho& echo, ordered_json data) {
    ordered_json r;
    r["actionid"] = echo.actionid;
    r["resourceid"] = echo.resourceid;
    r["resourcetype"] = echo.resourcetype;
    r["cacheable"] = true;
    r["identifier"] = echo.identifier;
    r["data"] = std::move(data);
    r["status"] = ordered_json{{"errorcode", 0}, {"message", "OK"}};
    return r;
}

ordered_json error_result(const ActionEcho& echo, const ApiError& error) {
    ordered_json r;
    r["actionid"] = echo.actionid;
    r["resourceid"] = echo.resourceid;
    r["resourcetype"] = echo.resourcetype;
    r["cacheable"] = false;
    r["identifier"] = echo.identifier;
    r["data"] = ordered_json::array();
    r["status"] = status_of(error);
    return r;
}

std::string render_envelope(const std::vector<ordered_json>& results) {
    int worst = 200;
    for (const auto& r : results) {
        int code = r["status"].value("code", 200);
        if (r["status"].value("errorcode", 0) != 0) worst = std::max(worst, code == 200 ? 400 : code);
    }
    ordered_json out;
    out["status"] = worst == 200 ? ordered_json{{"code", 200}, {"errorcode", 0}, {"message", "OK"}}
                                 : ordered_json{{"code", worst}, {"errorcode", code::kErrorInAction}, {"message", "Error in action"}};
    out["response"] = ordered_json{{"results", results}};
    return dump(out);
}

std::string render_envelope_error(const ApiError& error, const std::vector<ordered_json>& results) {
    ordered_json out;
    out["status"] = status_of(error);
    out["response"] = ordered_json{{"results", results}};
    return dump(out);
}

}  // namespace userphoto::onoffice
