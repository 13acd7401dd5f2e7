// onOffice API request signatures (v2 and the legacy v1 scheme) and constant-time comparison.
#pragma once
#include <string>
#include <string_view>

#include "util/hmac.h"

namespace userphoto::onoffice {

// Raw 32-byte HMAC-SHA256 (the module's one copy).
using userphoto::hmac_sha256;

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

// CRYPTO_memcmp over equal lengths (the module's one copy).
using userphoto::constant_time_equal;

}  // namespace userphoto::onoffice
