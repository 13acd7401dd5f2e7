#include "protocol/format_negotiation.h"

#include <optional>

#include "util/strings.h"

namespace userphoto {
namespace {

// RFC 9110 qvalue: 0[.ddd] or 1[.000], in thousandths.
std::optional<int> parse_qvalue(std::string_view text) {
    if (text.empty() || text.size() > 5 || (text[0] != '0' && text[0] != '1')) return std::nullopt;
    int value = (text[0] - '0') * 1000;
    if (text.size() == 1) return value;
    if (text[1] != '.') return std::nullopt;
    int scale = 100;
    for (char c : text.substr(2)) {
        if (c < '0' || c > '9') return std::nullopt;
        value += (c - '0') * scale;
        scale /= 10;
    }
    return value <= 1000 ? std::optional<int>(value) : std::nullopt;
}

// How specifically a media range names a type: 3 exact, 2 `image/*`, 1 `*/*`, 0 not at all.
int specificity(std::string_view range, std::string_view type) {
    if (iequals(range, type)) return 3;
    if (iequals(range, "image/*")) return 2;
    if (range == "*/*") return 1;
    return 0;
}

struct Weight {
    int q = 0;         // thousandths
    int match = 0;     // specificity of the range it came from; 0: no range matched
};

// Splits `text` at `separator`, calling `each` with every piece (at most `limit` pieces).
template <typename Each>
void for_each_piece(std::string_view text, char separator, size_t limit, Each&& each) {
    for (size_t count = 0; count < limit && !text.empty(); ++count) {
        const size_t at = text.find(separator);
        each(trim(text.substr(0, at)));
        if (at == std::string_view::npos) break;
        text.remove_prefix(at + 1);
    }
}

}  // namespace

ImageFormat negotiate_format(std::string_view accept, const FormatSet& offered) {
    if (!offered.negotiates() || trim(accept).empty()) return ImageFormat::Jpeg;
    constexpr ImageFormat kFormats[] = {ImageFormat::Jpeg, ImageFormat::Webp, ImageFormat::Avif};
    Weight weights[3];
    for_each_piece(accept, ',', kMaxAcceptMembers, [&](std::string_view member) {
        const size_t semicolon = member.find(';');
        const std::string_view range = trim(member.substr(0, semicolon));
        int q = 1000;
        if (semicolon != std::string_view::npos) {
            bool valid = true;
            for_each_piece(member.substr(semicolon + 1), ';', 8, [&](std::string_view parameter) {
                const size_t equals = parameter.find('=');
                if (equals == std::string_view::npos || !iequals(trim(parameter.substr(0, equals)), "q")) return;
                const std::optional<int> parsed = parse_qvalue(trim(parameter.substr(equals + 1)));
                if (parsed) q = *parsed;
                else valid = false;
            });
            if (!valid) return;
        }
        for (int i = 0; i < 3; ++i) {
            const int match = specificity(range, media_type(kFormats[i]));
            // The most specific range decides; among equally specific ones, the first.
            if (match > weights[i].match) weights[i] = Weight{q, match};
        }
    });
    const Weight& jpeg = weights[0];
    // AVIF first: it wins a tie with WebP.
    std::optional<ImageFormat> best;
    int best_q = 0;
    for (int i : {2, 1}) {
        if (!offered.offers(kFormats[i]) || weights[i].match != 3 || weights[i].q == 0) continue;
        if (!best || weights[i].q > best_q) {
            best = kFormats[i];
            best_q = weights[i].q;
        }
    }
    if (best && best_q >= jpeg.q) return *best;
    return ImageFormat::Jpeg;
}

}  // namespace userphoto
