// The API request body, parsed once: the document and, for the v1 signature (which covers the
// parameters as the client serialised them), the exact text of each action's "parameters" value.
// Both come from the same parse, so the signed text is always the text of the parameters that run:
// keys are matched after unescaping, a BOM shifts nothing, and a repeated key's last value is the
// one both the document and the span hold.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "protocol/json_input.h"

namespace userphoto::onoffice {

struct RequestBody {
    JsonInput json;
    // One entry per element of request.actions (as the document holds them): the raw text of its
    // "parameters" value, nullopt when it has none or when the value is a string or a number.
    std::vector<std::optional<std::string_view>> parameters;
};

// The spans point into `body`, which must outlive the result.
RequestBody parse_request_body(std::string_view body);

}  // namespace userphoto::onoffice
