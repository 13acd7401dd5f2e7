// The EWS error codes this module answers with, and their fixed texts (as Exchange words them).
#pragma once
#include <string>

namespace userphoto::ews {

enum class FaultCode {
    SchemaValidation,     // malformed XML, DTD, bad/missing SizeRequested, wrong element order
    InvalidSmtpAddress,   // empty or malformed Email
    InvalidRequest,       // not a SOAP envelope, no/empty Body, unknown operation or namespace
    InternalServerError,  // directory down, anything unexpected
    ServerBusy,           // overload / throttling
    AccessDenied,         // no authenticated user where the location requires one (HTTP 401)
};

struct Fault {
    FaultCode code = FaultCode::InternalServerError;
    std::string violation;  // what exactly was wrong (schema errors), empty when nothing to add
    int line = 0;           // position in the request, 0 when unknown
    int column = 0;
};

// "ErrorSchemaValidation", ...
const char* response_code(FaultCode code) noexcept;
// "The request failed schema validation.", ...
const char* response_message(FaultCode code) noexcept;

}  // namespace userphoto::ews
