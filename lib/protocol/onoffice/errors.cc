#include "protocol/onoffice/errors.h"

namespace userphoto::onoffice {

ApiError bad_json() { return {code::kBadJson, 400, "Invalid or malformed JSON"}; }
ApiError empty_request() { return {code::kEmptyRequest, 400, "Empty request"}; }
ApiError missing_element(int c, const std::string& element) { return {c, 400, "Missing or invalid element: " + element}; }
ApiError missing_attribute(int c, const std::string& attribute) {
    return {c, 400, "Missing or invalid attribute: " + attribute};
}
ApiError empty_action_id() { return {code::kEmptyActionId, 400, "Empty attribute actionid"}; }
ApiError not_authenticated() { return {code::kNotAuthenticated, 400, "Not authenticated"}; }
ApiError unknown_action(const std::string& actionid) {
    return {code::kUnknownAction, 400, "Missing configuration for actionId \"" + actionid + "\""};
}
ApiError unknown_resource(const std::string& resourcetype) {
    return {code::kUnknownResource, 400, "Missing configuration for resourceType \"" + resourcetype + "\""};
}
ApiError unknown_field(const std::string& field) { return {code::kUnknownField, 400, "Unknown field: \"" + field + "\""}; }
ApiError stale_timestamp() {
    return {code::kStaleTimestamp, 400, "Your timestamp is too old or your server time is wrong."};
}
ApiError bad_hmac() { return {code::kBadHmac, 400, "The HMAC is invalid."}; }
ApiError unknown_operator(const std::string& op) { return {code::kUnknownOperator, 400, "Unknown operator: " + op}; }
ApiError no_read_right() { return {code::kNoReadRight, 400, "No read permission for this user"}; }
ApiError invalid_value(const std::string& parameter) {
    return {code::kInvalidValue, 400, "Invalid value for parameter \"" + parameter + "\""};
}
ApiError too_many_ids() { return {code::kTooManyIds, 400, "This action support only up to 500 Ids"}; }
ApiError internal_error() { return {code::kInternal, 500, "Internal server error"}; }
ApiError body_too_large() { return {code::kTooLarge, 413, "Request too large: send fewer actions per request"}; }
ApiError too_much_data() {
    return {code::kTooLarge, 413, "Too much data requested: ask for fewer records per request"};
}

}  // namespace userphoto::onoffice
