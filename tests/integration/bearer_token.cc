#include "integration/bearer_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "util/base64.h"

namespace itest {
namespace {

std::string base64url(std::string_view bytes) {
    std::string s = userphoto::base64_encode(bytes);
    for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!s.empty() && s.back() == '=') s.pop_back();
    return s;
}

}  // namespace

std::string jwt(const std::string& email, long lifetime, const std::string& key) {
    const long now = static_cast<long>(std::time(nullptr));
    const std::string header = base64url(R"({"alg":"HS256","typ":"JWT"})");
    const std::string payload = base64url(nlohmann::json{{"sub", email}, {"email", email}, {"iat", now - 60},
                                                         {"exp", now + lifetime}}.dump());
    const std::string input = header + "." + payload;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(input.data()),
         input.size(), mac, &size);
    return input + "." + base64url(std::string_view(reinterpret_cast<const char*>(mac), size));
}

std::string bearer(const std::string& uid) { return "Authorization: Bearer " + jwt(uid + "@example.test"); }

}  // namespace itest
