#include "cache/cache_records.h"

#include <cstring>

namespace userphoto::cache {
namespace {

constexpr char kMetaTag = 'M';
constexpr char kRenditionTag = 'R';
constexpr char kVersion = '1';

void put_u64(std::string& out, uint64_t v) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void put_field(std::string& out, std::string_view field) {
    put_u64(out, field.size());
    out.append(field);
}

// Reads length-prefixed fields; any overrun makes the whole record invalid.
class Reader {
public:
    explicit Reader(std::string_view bytes) : rest_(bytes) {}
    bool u64(uint64_t& v) {
        if (rest_.size() < 8) return ok_ = false;
        v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(rest_[i])) << (8 * i);
        rest_.remove_prefix(8);
        return true;
    }
    bool field(std::string_view& v) {
        uint64_t n = 0;
        if (!u64(n) || n > rest_.size()) return ok_ = false;
        v = rest_.substr(0, n);
        rest_.remove_prefix(n);
        return true;
    }
    bool header(char tag) {
        if (rest_.size() < 2 || rest_[0] != tag || rest_[1] != kVersion) return ok_ = false;
        rest_.remove_prefix(2);
        return true;
    }
    bool done() const { return ok_ && rest_.empty(); }

private:
    std::string_view rest_;
    bool ok_ = true;
};

bool valid_meta_status(uint64_t s) {
    return s == static_cast<uint64_t>(PhotoStatus::Ok) || s == static_cast<uint64_t>(PhotoStatus::NoPhoto) ||
           s == static_cast<uint64_t>(PhotoStatus::NoSuchPerson);
}

}  // namespace

std::string serialize(std::string_view key, const PersonMeta& meta) {
    std::string out{kMetaTag, kVersion};
    put_field(out, key);
    put_u64(out, static_cast<uint64_t>(meta.status));
    put_u64(out, static_cast<uint64_t>(meta.fetched_at_ms));
    put_field(out, meta.dn);
    put_field(out, meta.etag);
    put_field(out, meta.change_marker);
    return out;
}

std::optional<PersonMeta> parse_meta(std::string_view key, std::string_view bytes) {
    Reader in(bytes);
    std::string_view stored_key, dn, etag, marker;
    uint64_t status = 0, fetched = 0;
    if (!in.header(kMetaTag) || !in.field(stored_key) || !in.u64(status) || !in.u64(fetched) || !in.field(dn) ||
        !in.field(etag) || !in.field(marker) || !in.done())
        return std::nullopt;
    if (stored_key != key || !valid_meta_status(status)) return std::nullopt;
    PersonMeta meta;
    meta.status = static_cast<PhotoStatus>(status);
    meta.fetched_at_ms = static_cast<int64_t>(fetched);
    meta.dn = dn;
    meta.etag = etag;
    meta.change_marker = marker;
    return meta;
}

std::string serialize(std::string_view key, const Rendition& rendition) {
    std::string out{kRenditionTag, kVersion};
    out.reserve(2 + 8 + key.size() + 16 + rendition.jpeg.size());
    put_field(out, key);
    put_u64(out, static_cast<uint64_t>(rendition.edge));
    put_field(out, rendition.jpeg);
    return out;
}

std::optional<Rendition> parse_rendition(std::string_view key, std::string_view bytes) {
    Reader in(bytes);
    std::string_view stored_key, jpeg;
    uint64_t edge = 0;
    if (!in.header(kRenditionTag) || !in.field(stored_key) || !in.u64(edge) || !in.field(jpeg) || !in.done())
        return std::nullopt;
    if (stored_key != key || edge == 0 || edge > 100000 || jpeg.empty()) return std::nullopt;
    Rendition r;
    r.edge = static_cast<int>(edge);
    r.jpeg = jpeg;
    return r;
}

}  // namespace userphoto::cache
