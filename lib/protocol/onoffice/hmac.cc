#include "protocol/onoffice/hmac.h"

#include <openssl/evp.h>

#include <stdexcept>

#include "util/base64.h"

namespace userphoto::onoffice {
namespace {

std::string md5_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr) != 1)
        throw std::runtime_error("MD5 unavailable");
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

}  // namespace

std::string hmac_v2(std::string_view secret, std::string_view timestamp, std::string_view token,
                    std::string_view resourcetype, std::string_view actionid) {
    std::string message;
    message.append(timestamp).append(token).append(resourcetype).append(actionid);
    return base64_encode(hmac_sha256(secret, message));
}

std::string hmac_v1(std::string_view secret, const V1Fields& f) {
    std::string inner;
    inner.append(f.parameters_raw.empty() ? std::string_view("[]") : f.parameters_raw);
    for (std::string_view part : {f.token, f.actionid, f.identifier, f.resourceid, secret, f.timestamp, f.resourcetype})
        inner.append(",").append(part);
    return md5_hex(std::string(secret) + md5_hex(inner));
}

}  // namespace userphoto::onoffice
