// The onOffice response envelope: one result per action, in request order, always HTTP 200.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/onoffice/errors.h"

namespace userphoto::onoffice {

using ordered_json = nlohmann::ordered_json;

// The fields every result echoes from its action (as sent: string, number or null).
struct ActionEcho {
    ordered_json actionid = "";
    ordered_json resourceid = "";
    ordered_json resourcetype = "";
    ordered_json identifier = "";
};

// Reads the echo fields of one action (anything missing echoes as "").
ActionEcho echo_of(const nlohmann::json& action);

ordered_json success_result(const ActionEcho& echo, ordered_json data);
ordered_json error_result(const ActionEcho& echo, const ApiError& error);

// {"status":..., "response":{"results":[...]}}; the top-level status is OK when every result is,
// else errorcode 97 "Error in action" (code 500 when any action failed with 500).
std::string render_envelope(const std::vector<ordered_json>& results);

// An envelope-level failure (bad JSON, empty, missing token, ...): the error as the top-level
// status, with `results` (possibly empty) below it.
std::string render_envelope_error(const ApiError& error, const std::vector<ordered_json>& results = {});

}  // namespace userphoto::onoffice
