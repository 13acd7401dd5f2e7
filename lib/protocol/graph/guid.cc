#include "protocol/graph/guid.h"

#include "util/strings.h"

namespace userphoto::graph {
namespace {

// Byte positions of the text order in Microsoft's binary layout (Data1..Data3 little-endian).
constexpr int kMicrosoftOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};

}  // namespace

std::optional<Guid> parse_guid(std::string_view text) noexcept {
    if (text.size() != 36) return std::nullopt;
    Guid guid{};
    size_t byte = 0;
    for (size_t i = 0; i < text.size();) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-') return std::nullopt;
            ++i;
            continue;
        }
        const int high = hex_value(text[i]);
        const int low = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
        if (high < 0 || low < 0 || byte >= guid.size()) return std::nullopt;
        guid[byte++] = static_cast<uint8_t>(high * 16 + low);
        i += 2;
    }
    if (byte != guid.size()) return std::nullopt;
    return guid;
}

std::string guid_text(const Guid& guid) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (size_t i = 0; i < guid.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += digits[guid[i] >> 4];
        out += digits[guid[i] & 15];
    }
    return out;
}

std::string guid_directory_value(const Guid& guid, GuidEncoding encoding) {
    if (encoding == GuidEncoding::Text) return guid_text(guid);
    std::string bytes(16, '\0');
    for (size_t i = 0; i < guid.size(); ++i) bytes[kMicrosoftOrder[i]] = static_cast<char>(guid[i]);
    return bytes;
}

std::string display_id(std::string_view stored) {
    if (stored.size() == 16) {
        Guid guid{};
        for (size_t i = 0; i < guid.size(); ++i) guid[i] = static_cast<uint8_t>(stored[kMicrosoftOrder[i]]);
        return guid_text(guid);
    }
    if (auto guid = parse_guid(stored)) return guid_text(*guid);
    return std::string(stored);
}

}  // namespace userphoto::graph
