#include "protocol/ews/ews_fault.h"

namespace userphoto::ews {

const char* response_code(FaultCode code) noexcept {
    switch (code) {
        case FaultCode::SchemaValidation: return "ErrorSchemaValidation";
        case FaultCode::InvalidSmtpAddress: return "ErrorInvalidSmtpAddress";
        case FaultCode::InvalidRequest: return "ErrorInvalidRequest";
        case FaultCode::InternalServerError: return "ErrorInternalServerError";
        case FaultCode::ServerBusy: return "ErrorServerBusy";
        case FaultCode::AccessDenied: return "ErrorAccessDenied";
    }
    return "ErrorInternalServerError";
}

const char* response_message(FaultCode code) noexcept {
    switch (code) {
        case FaultCode::SchemaValidation: return "The request failed schema validation.";
        case FaultCode::InvalidSmtpAddress: return "The SMTP address format is invalid.";
        case FaultCode::InvalidRequest: return "The request is invalid.";
        case FaultCode::InternalServerError: return "An internal server error occurred. The operation failed.";
        case FaultCode::ServerBusy: return "The server cannot service this request right now. Try again later.";
        case FaultCode::AccessDenied: return "Access is denied. Check credentials and try again.";
    }
    return "An internal server error occurred. The operation failed.";
}

}  // namespace userphoto::ews
