#include "directory/sync_messages.h"

#include <lber.h>

#include <memory>

namespace userphoto::directory::sync {
namespace {

constexpr ber_tag_t kTagNewCookie = 0x80;
constexpr ber_tag_t kTagRefreshDelete = 0xa1;
constexpr ber_tag_t kTagRefreshPresent = 0xa2;
constexpr ber_tag_t kTagIdSet = 0xa3;
constexpr ber_tag_t kTagOctetString = 0x04;
constexpr ber_tag_t kTagBoolean = 0x01;
constexpr int kRefreshAndPersist = 3;

struct BerFree {
    void operator()(BerElement* ber) const { ber_free(ber, 1); }
};
using BerPtr = std::unique_ptr<BerElement, BerFree>;

BerPtr reader(std::string_view value) {
    if (value.empty()) return nullptr;  // liblber dereferences the missing buffer
    berval bv{};
    bv.bv_len = value.size();
    bv.bv_val = const_cast<char*>(value.data());  // ber_init copies
    return BerPtr(ber_init(&bv));
}

std::string text(const berval& bv) { return std::string(bv.bv_val ? bv.bv_val : "", bv.bv_len); }

// Optional "cookie OCTET STRING" at the reader's position.
bool optional_cookie(BerElement* ber, std::optional<std::string>* cookie) {
    ber_len_t len = 0;
    if (ber_peek_tag(ber, &len) != kTagOctetString) return true;
    berval bv{};
    if (ber_scanf(ber, "m", &bv) == LBER_ERROR) return false;
    *cookie = text(bv);
    return true;
}

bool optional_boolean(BerElement* ber, bool* value) {
    ber_len_t len = 0;
    if (ber_peek_tag(ber, &len) != kTagBoolean) return true;
    ber_int_t b = 0;
    if (ber_scanf(ber, "b", &b) == LBER_ERROR) return false;
    *value = b != 0;
    return true;
}

}  // namespace

std::string encode_request(const std::optional<std::string>& cookie) {
    BerPtr ber(ber_alloc_t(LBER_USE_DER));
    if (!ber) return {};
    int rc;
    if (cookie) {
        berval bv{};
        bv.bv_len = cookie->size();
        bv.bv_val = const_cast<char*>(cookie->data());
        rc = ber_printf(ber.get(), "{eO}", static_cast<ber_int_t>(kRefreshAndPersist), &bv);
    } else {
        rc = ber_printf(ber.get(), "{e}", static_cast<ber_int_t>(kRefreshAndPersist));
    }
    if (rc < 0) return {};
    berval out{};
    if (ber_flatten2(ber.get(), &out, 0) < 0) return {};
    return text(out);  // out points into ber: copy before it is freed
}

std::optional<StateControl> decode_state(std::string_view value) {
    BerPtr ber = reader(value);
    if (!ber) return std::nullopt;
    StateControl out;
    ber_int_t state = -1;
    berval uuid{};
    if (ber_scanf(ber.get(), "{em", &state, &uuid) == LBER_ERROR) return std::nullopt;
    if (state < 0 || state > 3 || uuid.bv_len == 0) return std::nullopt;
    out.state = static_cast<EntryState>(state);
    out.uuid = text(uuid);
    if (!optional_cookie(ber.get(), &out.cookie)) return std::nullopt;
    return out;
}

std::optional<InfoMessage> decode_info(std::string_view value) {
    BerPtr ber = reader(value);
    if (!ber) return std::nullopt;
    InfoMessage out;
    ber_len_t len = 0;
    switch (ber_peek_tag(ber.get(), &len)) {
        case kTagNewCookie: {
            berval bv{};
            if (ber_scanf(ber.get(), "m", &bv) == LBER_ERROR) return std::nullopt;
            out.kind = InfoMessage::Kind::NewCookie;
            out.cookie = text(bv);
            return out;
        }
        case kTagRefreshDelete:
        case kTagRefreshPresent: {
            out.kind = ber_peek_tag(ber.get(), &len) == kTagRefreshDelete ? InfoMessage::Kind::RefreshDelete
                                                                            : InfoMessage::Kind::RefreshPresent;
            if (ber_scanf(ber.get(), "{") == LBER_ERROR) return std::nullopt;
            if (!optional_cookie(ber.get(), &out.cookie) || !optional_boolean(ber.get(), &out.refresh_done))
                return std::nullopt;
            return out;
        }
        case kTagIdSet: {
            out.kind = InfoMessage::Kind::IdSet;
            if (ber_scanf(ber.get(), "{") == LBER_ERROR) return std::nullopt;
            if (!optional_cookie(ber.get(), &out.cookie) || !optional_boolean(ber.get(), &out.refresh_deletes))
                return std::nullopt;
            BerVarray uuids = nullptr;
            if (ber_scanf(ber.get(), "[W]}", &uuids) == LBER_ERROR) return std::nullopt;
            for (int i = 0; uuids && uuids[i].bv_val; ++i) out.uuids.push_back(text(uuids[i]));
            ber_bvarray_free(uuids);
            return out;
        }
        default: return std::nullopt;
    }
}

}  // namespace userphoto::directory::sync
