#include "integration/bearer_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <string_view>

#include "util/base64.h"

namespace itest {

using userphoto::base64url_encode;

const std::string kJwtKey = "userphoto-integration-test-hs256-key-0123456789";

std::string jwt(const std::string& email, long lifetime, const std::string& key) {
    using json = nlohmann::json;
    const long now = static_cast<long>(std::time(nullptr));
    const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
    const std::string payload = base64url_encode(json{{"sub", email}, {"email", email}, {"iat", now - 60},
                                               {"exp", now + lifetime}}.dump());
    const std::string input = header + "." + payload;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(input.data()),
         input.size(), mac, &size);
    return input + "." + base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), size));
}

std::string bearer(const std::string& uid) { return "Authorization: Bearer " + jwt(uid + "@example.test"); }

}  // namespace itest
