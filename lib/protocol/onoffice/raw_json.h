// The exact text of each action's "parameters" value in a request body, for the v1 signature
// (which covers the parameters as the client serialised them, not as we would re-serialise them).
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace userphoto::onoffice {

// For body = {"request":{"actions":[{... "parameters": <value> ...}, ...]}, ...}: one entry per
// action in order, the raw text of its parameters value (nullopt when the action has none).
// The body must already have been accepted by a JSON parser; anything unexpected gives an empty
// vector. Duplicate keys: the last one wins, as in the parser.
std::vector<std::optional<std::string_view>> raw_action_parameters(std::string_view body);

}  // namespace userphoto::onoffice
