#include "cache/cache_records.h"

#include <cstdint>
#include <cstring>

#include "util/image_format.h"
#include "util/jpeg_signature.h"

namespace userphoto::cache {
namespace {

constexpr char kMetaTag = 'M';
constexpr char kRenditionTag = 'R';
constexpr char kChangeTag = 'G';
constexpr size_t kMaxDnBytes = 4096;
constexpr size_t kMaxMarkerBytes = 1024;
constexpr uint64_t kMaxEdge = 4096;
constexpr char kVersion = '1';
constexpr char kMetaVersion = '2';  // '2' added the initials of a person without a photo
constexpr size_t kMaxInitials = 3;

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
    bool header(char tag, char version = kVersion) {
        if (rest_.size() < 2 || rest_[0] != tag || rest_[1] != version) return ok_ = false;
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

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

// descr (RFC 4512: letter, then letters, digits, hyphens) or a numeric OID.
bool is_attribute_type(std::string_view t) {
    if (t.empty()) return false;
    if (is_alpha(t[0])) {
        for (char c : t)
            if (!is_alpha(c) && !is_digit(c) && c != '-') return false;
        return true;
    }
    bool digit_seen = false;
    for (char c : t) {
        if (is_digit(c)) {
            digit_seen = true;
        } else if (c == '.' && digit_seen) {
            digit_seen = false;
        } else {
            return false;
        }
    }
    return digit_seen;
}

// Field values must fit what the fields mean; anything else makes the record invalid.
bool plausible_meta(const PersonMeta& meta) {
    if (meta.change_marker.size() > kMaxMarkerBytes) return false;
    for (char c : meta.change_marker)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    // Initials are drawn into a picture: only what initials_of makes, and only for NoPhoto.
    if (meta.initials.size() > kMaxInitials) return false;
    for (char c : meta.initials)
        if (!is_digit(c) && !(c >= 'A' && c <= 'Z')) return false;
    if (!meta.initials.empty() && meta.status != PhotoStatus::NoPhoto) return false;
    switch (meta.status) {
        case PhotoStatus::Ok: return is_plausible_dn(meta.dn) && is_photo_etag(meta.etag);
        case PhotoStatus::NoPhoto: return is_plausible_dn(meta.dn) && meta.etag.empty();
        case PhotoStatus::NoSuchPerson: return meta.dn.empty() && meta.etag.empty() && meta.change_marker.empty();
        default: return false;
    }
}

}  // namespace

std::string serialize(std::string_view key, const PersonMeta& meta) {
    std::string out{kMetaTag, kMetaVersion};
    put_field(out, key);
    put_u64(out, static_cast<uint64_t>(meta.status));
    put_u64(out, static_cast<uint64_t>(meta.fetched_at_ms));
    put_field(out, meta.dn);
    put_field(out, meta.etag);
    put_field(out, meta.change_marker);
    put_field(out, meta.initials);
    return out;
}

std::optional<PersonMeta> parse_meta(std::string_view key, std::string_view bytes) {
    Reader in(bytes);
    std::string_view stored_key, dn, etag, marker, initials;
    uint64_t status = 0, fetched = 0;
    if (!in.header(kMetaTag, kMetaVersion) || !in.field(stored_key) || !in.u64(status) || !in.u64(fetched) ||
        !in.field(dn) || !in.field(etag) || !in.field(marker) || !in.field(initials) || !in.done())
        return std::nullopt;
    if (stored_key != key || !valid_meta_status(status) || fetched > static_cast<uint64_t>(INT64_MAX))
        return std::nullopt;
    PersonMeta meta;
    meta.status = static_cast<PhotoStatus>(status);
    meta.fetched_at_ms = static_cast<int64_t>(fetched);
    meta.dn = dn;
    meta.etag = etag;
    meta.change_marker = marker;
    meta.initials = initials;
    if (!plausible_meta(meta)) return std::nullopt;
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

std::optional<Rendition> parse_rendition(std::string_view key, std::string_view bytes, ImageFormat format) {
    Reader in(bytes);
    std::string_view stored_key, jpeg;
    uint64_t edge = 0;
    if (!in.header(kRenditionTag) || !in.field(stored_key) || !in.u64(edge) || !in.field(jpeg) || !in.done())
        return std::nullopt;
    const bool framed = format == ImageFormat::Jpeg ? looks_like_jpeg(jpeg) : has_signature(format, jpeg);
    if (stored_key != key || edge == 0 || edge > kMaxEdge || !framed) return std::nullopt;
    Rendition r;
    r.edge = static_cast<int>(edge);
    r.jpeg = jpeg;
    return r;
}

std::string serialize_change(std::string_view key, int64_t changed_at_ms) {
    std::string out{kChangeTag, kVersion};
    put_field(out, key);
    put_u64(out, static_cast<uint64_t>(changed_at_ms));
    return out;
}

std::optional<int64_t> parse_change(std::string_view key, std::string_view bytes) {
    Reader in(bytes);
    std::string_view stored_key;
    uint64_t at = 0;
    if (!in.header(kChangeTag) || !in.field(stored_key) || !in.u64(at) || !in.done()) return std::nullopt;
    if (stored_key != key || at == 0 || at > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(at);
}

bool is_photo_etag(std::string_view etag) {
    if (etag.size() != 8) return false;
    for (char c : etag)
        if (!is_digit(c) && !(c >= 'A' && c <= 'F')) return false;
    return true;
}

bool is_plausible_dn(std::string_view dn) {
    if (dn.empty() || dn.size() > kMaxDnBytes) return false;
    // RDNs separated by unescaped ',' (or '+' inside a multi-valued RDN), each "type=value".
    size_t i = 0;
    while (true) {
        size_t eq = dn.find('=', i);
        if (eq == std::string_view::npos) return false;
        std::string_view type = dn.substr(i, eq - i);
        while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
        while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
        if (!is_attribute_type(type)) return false;
        i = eq + 1;
        for (; i < dn.size(); ++i) {
            const char c = dn[i];
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
            if (c == '\\') {
                if (i + 1 >= dn.size()) return false;
                const char n = dn[i + 1];
                if (is_hex(n)) {
                    if (i + 2 >= dn.size() || !is_hex(dn[i + 2])) return false;
                    i += 2;
                } else if (std::string_view(" \"#+,;<=>\\").find(n) != std::string_view::npos) {
                    i += 1;
                } else {
                    return false;
                }
                continue;
            }
            if (c == ',' || c == '+') break;
            if (c == '"' || c == ';' || c == '<' || c == '>') return false;
        }
        if (i >= dn.size()) return true;
        ++i;  // past the separator: another attribute=value must follow
    }
}

bool looks_like_jpeg(std::string_view bytes) {
    return bytes.size() >= 4 && starts_like_jpeg(bytes) && static_cast<unsigned char>(bytes[bytes.size() - 2]) == 0xFF &&
           static_cast<unsigned char>(bytes[bytes.size() - 1]) == 0xD9;
}

}  // namespace userphoto::cache
