// Authentication of what the cache keeps in the shared tier. Anyone who can reach a memcached can
// write to it, so every shared record carries an HMAC-SHA256 over its store key and its bytes,
// under a key derived from the link secret and the directory view (URL, bind DN, attributes):
// a record is only accepted where it was written, by a server that holds the same secret and
// sees the directory the same way. Store keys are keyed hashes too, so they cannot be predicted
// (nor collided on purpose) from identities.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace userphoto::cache {

// The records' key: HMAC-SHA256(secret, purpose + view); empty when the secret is.
std::string derive_record_key(std::string_view secret, std::string_view view);

class RecordSeal {
public:
    // key: derive_record_key(); an empty key seals nothing and opens nothing.
    RecordSeal(std::string key, std::string key_namespace);

    bool usable() const { return !key_.empty(); }

    // "up" + namespace + kind + 32 hex digits of a keyed hash of `key`: fixed length, printable
    // (memcache forbids spaces and limits length), different for every kind and view.
    std::string store_key(char kind, std::string_view key) const;

    // body followed by its 32-byte MAC over (store_key, body).
    std::string seal(std::string_view store_key, std::string body) const;

    // The body when the MAC matches, constant-time compared; nullopt for anything else.
    std::optional<std::string_view> open(std::string_view store_key, std::string_view sealed) const;

private:
    std::string mac(std::string_view store_key, std::string_view body) const;

    std::string key_;
    std::string namespace_;
};

}  // namespace userphoto::cache
