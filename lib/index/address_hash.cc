#include "index/address_hash.h"

#include <openssl/evp.h>

#include <stdexcept>

#include "util/strings.h"

namespace userphoto::avatar {
namespace {

void digest(const EVP_MD* md, std::string_view data, uint8_t* out, unsigned int expected) {
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) != 1 || length != expected)
        throw std::runtime_error("digest unavailable");
}

}  // namespace

std::string normalize_address(std::string_view address) { return to_lower(trim(address)); }

AddressDigests digest_address(std::string_view address) {
    const std::string normal = normalize_address(address);
    AddressDigests out;
    digest(EVP_md5(), normal, out.md5.data(), 16);
    digest(EVP_sha256(), normal, out.sha256.data(), 32);
    return out;
}

}  // namespace userphoto::avatar
