// onOffice API request signatures (v2 and the legacy v1 scheme) and constant-time comparison.
#pragma once
#include <string>
#include <string_view>

namespace userphoto::onoffice {

// Raw 32-byte HMAC-SHA256.
std::string hmac_sha256(std::string_view key, std::string_view message);

// v2: base64(HMAC-SHA256(secret, timestamp . token . resourcetype . actionid)), padded.
std::string hmac_v2(std::string_view secret, std::string_view timestamp, std::string_view token,
                    std::string_view resourcetype, std::string_view actionid);

struct V1Fields {
    std::string_view parameters_raw;  // the JSON text of "parameters" exactly as sent ("[]" when empty)
    std::string_view token, actionid, identifier, resourceid, timestamp, resourcetype;
};

// v1: md5_hex(secret . md5_hex(P "," token "," actionid "," identifier "," resourceid "," secret ","
// timestamp "," resourcetype)), lowercase hex.
std::string hmac_v1(std::string_view secret, const V1Fields& fields);

// CRYPTO_memcmp over equal lengths; different lengths are unequal (length is not secret).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace userphoto::onoffice
