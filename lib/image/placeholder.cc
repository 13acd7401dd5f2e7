#include "image/placeholder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>

#include "image/silhouette.h"

namespace userphoto::image {
namespace {

struct Rgb {
    uint8_t r, g, b;
};

// FNV-1a of the seed: spreads any seed (hex text or raw bytes) over 64 bits.
uint64_t mix(std::string_view seed) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : seed) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

// A saturated, mid-light colour whose hue comes from the seed (white text stays readable on it).
Rgb colour_of(uint64_t h) {
    const double hue = static_cast<double>(h % 360);
    const double s = 0.55, l = 0.45 + static_cast<double>((h >> 16) % 10) / 100.0;
    const double c = (1 - std::abs(2 * l - 1)) * s;
    const double hp = hue / 60.0;
    const double x = c * (1 - std::abs(std::fmod(hp, 2.0) - 1));
    double r = 0, g = 0, b = 0;
    if (hp < 1) r = c, g = x;
    else if (hp < 2) r = x, g = c;
    else if (hp < 3) g = c, b = x;
    else if (hp < 4) g = x, b = c;
    else if (hp < 5) r = x, b = c;
    else r = c, b = x;
    const double m = l - c / 2;
    auto byte = [&](double v) { return static_cast<uint8_t>(std::clamp((v + m) * 255.0 + 0.5, 0.0, 255.0)); };
    return Rgb{byte(r), byte(g), byte(b)};
}

RgbImage filled(int edge, Rgb colour) {
    RgbImage image;
    image.width = image.height = edge;
    image.rgb.resize(static_cast<size_t>(edge) * edge * 3);
    for (size_t i = 0; i < image.rgb.size(); i += 3) {
        image.rgb[i] = colour.r;
        image.rgb[i + 1] = colour.g;
        image.rgb[i + 2] = colour.b;
    }
    return image;
}

// A 5×5 pattern mirrored around the middle column, on a light background (as Gravatar's).
RgbImage identicon(int edge, uint64_t h) {
    const Rgb background{240, 240, 240};
    const Rgb ink = colour_of(h >> 20);
    RgbImage image = filled(edge, background);
    bool cells[5][5];
    for (int row = 0; row < 5; ++row)
        for (int col = 0; col < 3; ++col) cells[row][col] = cells[row][4 - col] = (h >> (row * 3 + col)) & 1;
    const double margin = edge / 12.0, span = edge - 2 * margin;
    for (int y = 0; y < edge; ++y) {
        const double fy = (y + 0.5 - margin) / span * 5;
        if (fy < 0 || fy >= 5) continue;
        for (int x = 0; x < edge; ++x) {
            const double fx = (x + 0.5 - margin) / span * 5;
            if (fx < 0 || fx >= 5 || !cells[static_cast<int>(fy)][static_cast<int>(fx)]) continue;
            uint8_t* p = image.pixel(x, y);
            p[0] = ink.r, p[1] = ink.g, p[2] = ink.b;
        }
    }
    return image;
}

// A 5×7 bitmap font: each glyph is 7 rows of 5 bits (bit 4 = leftmost column).
const std::array<uint8_t, 7>* glyph(char c) {
    static const std::array<uint8_t, 7> letters[26] = {
        {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}, {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E},
        {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}, {0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E},
        {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}, {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10},
        {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}, {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11},
        {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}, {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C},
        {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}, {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F},
        {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}, {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11},
        {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10},
        {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}, {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11},
        {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}, {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04},
        {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04},
        {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}, {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11},
        {0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04}, {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F},
    };
    static const std::array<uint8_t, 7> digits[10] = {
        {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}, {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E},
        {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}, {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E},
        {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}, {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E},
        {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}, {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},
        {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}, {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C},
    };
    static const std::array<uint8_t, 7> question = {0x0E, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04};
    const unsigned char u = static_cast<unsigned char>(std::toupper(static_cast<unsigned char>(c)));
    if (u >= 'A' && u <= 'Z') return &letters[u - 'A'];
    if (u >= '0' && u <= '9') return &digits[u - '0'];
    return &question;
}

// White letters centred on a colour, each glyph cell 6 units wide (5 + 1 spacing), 4×4 supersampled.
RgbImage initials_picture(int edge, uint64_t h, std::string_view text) {
    const Rgb background = colour_of(h);
    RgbImage image = filled(edge, background);
    if (text.empty()) return image;
    text = text.substr(0, 3);
    const int n = static_cast<int>(text.size());
    const double units_wide = 6.0 * n - 1;
    const double unit = std::min(edge * 0.6 / units_wide, edge * 0.45 / 7.0);
    const double left = (edge - units_wide * unit) / 2, top = (edge - 7 * unit) / 2;
    for (int y = 0; y < edge; ++y) {
        for (int x = 0; x < edge; ++x) {
            int covered = 0;
            for (int sy = 0; sy < 4; ++sy) {
                const double gy = (y + (sy + 0.5) / 4 - top) / unit;
                if (gy < 0 || gy >= 7) continue;
                for (int sx = 0; sx < 4; ++sx) {
                    const double gx = (x + (sx + 0.5) / 4 - left) / unit;
                    if (gx < 0 || gx >= units_wide) continue;
                    const int letter = static_cast<int>(gx / 6), column = static_cast<int>(gx) % 6;
                    if (letter >= n || column >= 5) continue;
                    if ((*glyph(text[letter]))[static_cast<int>(gy)] & (0x10 >> column)) ++covered;
                }
            }
            if (!covered) continue;
            uint8_t* p = image.pixel(x, y);
            auto blend = [&](uint8_t base) { return static_cast<uint8_t>(base + (255 - base) * covered / 16); };
            p[0] = blend(background.r), p[1] = blend(background.g), p[2] = blend(background.b);
        }
    }
    return image;
}

}  // namespace

RgbImage draw_placeholder(const PlaceholderSpec& spec) {
    const int edge = std::clamp(spec.edge, 1, 4096);
    const uint64_t h = mix(spec.seed);
    switch (spec.kind) {
        case PlaceholderKind::Silhouette: return draw_silhouette(edge);
        case PlaceholderKind::Initials: return initials_picture(edge, h, spec.initials);
        case PlaceholderKind::Identicon: return identicon(edge, h);
        case PlaceholderKind::Color: return filled(edge, colour_of(h));
        case PlaceholderKind::Blank: return filled(edge, Rgb{255, 255, 255});
    }
    return draw_silhouette(edge);
}

std::string placeholder_key(const PlaceholderSpec& spec) {
    const uint64_t h = mix(spec.seed);
    std::string key = std::to_string(static_cast<int>(spec.kind)) + "/" + std::to_string(std::clamp(spec.edge, 1, 4096));
    auto colour = [&key](Rgb c) { key += "/" + std::to_string((c.r << 16) | (c.g << 8) | c.b); };
    switch (spec.kind) {
        case PlaceholderKind::Silhouette:
        case PlaceholderKind::Blank: break;
        case PlaceholderKind::Color: colour(colour_of(h)); break;
        case PlaceholderKind::Identicon: key += "/" + std::to_string(h); break;
        case PlaceholderKind::Initials:
            colour(colour_of(h));
            key += "/" + spec.initials.substr(0, 3);  // last: it may hold any byte
            break;
    }
    return key;
}

}  // namespace userphoto::image
