#include "cache/record_seal.h"

#include "util/hmac.h"

namespace userphoto::cache {
namespace {

constexpr size_t kMacBytes = 32;
constexpr std::string_view kPurpose = "mod_userphoto shared cache records v1\n";

std::string hex(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

}  // namespace

std::string derive_record_key(std::string_view secret, std::string_view view) {
    if (secret.empty()) return std::string();
    std::string message(kPurpose);
    message.append(view);
    return hmac_sha256(secret, message);
}

RecordSeal::RecordSeal(std::string key, std::string key_namespace)
    : key_(std::move(key)), namespace_(std::move(key_namespace)) {}

std::string RecordSeal::mac(std::string_view store_key, std::string_view body) const {
    // Length-prefixed store key: no (key, body) pair can be re-split into another.
    std::string message = std::to_string(store_key.size());
    message += ':';
    message.append(store_key);
    message.append(body);
    return hmac_sha256(key_, message);
}

std::string RecordSeal::store_key(char kind, std::string_view key) const {
    std::string message(1, kind);
    message.append(key);
    std::string out = "up";
    out += namespace_;
    out += kind;
    out += hex(hmac_sha256(key_, "store key\n" + message).substr(0, 16));
    return out;
}

std::string RecordSeal::seal(std::string_view store_key, std::string body) const {
    std::string tag = mac(store_key, body);
    body += tag;
    return body;
}

std::optional<std::string_view> RecordSeal::open(std::string_view store_key, std::string_view sealed) const {
    if (key_.empty() || sealed.size() < kMacBytes) return std::nullopt;
    std::string_view body = sealed.substr(0, sealed.size() - kMacBytes);
    if (!constant_time_equal(mac(store_key, body), sealed.substr(body.size()))) return std::nullopt;
    return body;
}

}  // namespace userphoto::cache
