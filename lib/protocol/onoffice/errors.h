// onOffice API error codes and texts (the vendor's numbers: clients switch on them).
#pragma once
#include <string>

namespace userphoto::onoffice {

struct ApiError {
    int code = 0;          // errorcode
    int http = 400;        // status.code inside the envelope (the HTTP status is always 200)
    std::string message;
};

namespace code {
inline constexpr int kBadJson = 4;
inline constexpr int kEmptyRequest = 9;
inline constexpr int kToken = 13;
inline constexpr int kRequest = 14;
inline constexpr int kActions = 15;
inline constexpr int kActionId = 16;
inline constexpr int kEmptyActionId = 17;
inline constexpr int kResourceType = 19;
inline constexpr int kParameters = 20;
inline constexpr int kNotAuthenticated = 22;
inline constexpr int kUnknownAction = 23;
inline constexpr int kUnknownResource = 25;
inline constexpr int kUnknownField = 75;
inline constexpr int kErrorInAction = 97;
inline constexpr int kStaleTimestamp = 136;
inline constexpr int kBadHmac = 137;
inline constexpr int kUnknownOperator = 142;
inline constexpr int kNoReadRight = 170;
inline constexpr int kInvalidValue = 255;
inline constexpr int kTooManyIds = 302;
inline constexpr int kTooLarge = 413;  // ours: request body or requested data over the server's caps (status code 413)
inline constexpr int kInternal = 500;  // ours: the directory is unavailable (status code 500)
}  // namespace code

ApiError bad_json();
ApiError empty_request();
ApiError missing_element(int code, const std::string& element);    // 13, 14, 15, 20
ApiError missing_attribute(int code, const std::string& attribute);  // 16, 19
ApiError empty_action_id();
ApiError not_authenticated();
ApiError unknown_action(const std::string& actionid);
ApiError unknown_resource(const std::string& resourcetype);
ApiError unknown_field(const std::string& field);
ApiError stale_timestamp();
ApiError bad_hmac();
ApiError unknown_operator(const std::string& op);
ApiError no_read_right();
ApiError invalid_value(const std::string& parameter);
ApiError too_many_ids();
ApiError internal_error();
ApiError body_too_large();   // the request body is over UserPhotoMaxRequestBody
ApiError too_much_data();    // the answer would exceed the records / bytes cap of one request

}  // namespace userphoto::onoffice
