// Shared-cache records as read back from memcached or shmcb: the seal and every record parser on
// arbitrary bytes. Nothing unsealed may open; what the parsers accept must hold valid fields and
// serialise back to exactly the bytes read.
#include <cstdlib>
#include <string>

#include "cache/cache_records.h"
#include "cache/record_seal.h"
#include "fuzz/protocol_targets.h"

USERPHOTO_FUZZ_TARGET(cache_records) {
    using namespace userphoto;
    using namespace userphoto::cache;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const RecordSeal seal(derive_record_key("fuzz-link-secret-0123456789", "view"), "NS");
    const std::string store_key = "upNSm0123456789abcdef0123456789abcdef";
    if (auto body = seal.open(store_key, bytes))
        if (seal.seal(store_key, std::string(*body)) != bytes) abort();  // only our own seal opens

    // The records name their key; the fuzzer's key is the first line.
    const size_t cut = bytes.find('\n');
    const std::string key = cut == std::string::npos ? std::string() : bytes.substr(0, cut);
    const std::string record = cut == std::string::npos ? bytes : bytes.substr(cut + 1);
    if (auto meta = parse_meta(key, record)) {
        if (serialize(key, *meta) != record) abort();
        if (meta->status == PhotoStatus::Ok && (!is_plausible_dn(meta->dn) || !is_photo_etag(meta->etag))) abort();
        if (meta->status == PhotoStatus::NoSuchPerson && !meta->dn.empty()) abort();
    }
    if (auto rendition = parse_rendition(key, record)) {
        if (serialize(key, *rendition) != record || !looks_like_jpeg(rendition->jpeg)) abort();
    }
    if (auto at = parse_change(key, record)) {
        if (serialize_change(key, *at) != record || *at <= 0) abort();
    }
    return 0;
}
