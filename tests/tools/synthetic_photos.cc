#include "tools/synthetic_photos.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace userphoto::testing {

using image::RgbImage;

namespace {

struct Rgb {
    uint8_t r, g, b;
};

Rgb from_hsv(double hue, double saturation, double value) {
    const double h = std::fmod(hue, 1.0) * 6.0;
    const double c = value * saturation;
    const double x = c * (1 - std::fabs(std::fmod(h, 2.0) - 1));
    double r = 0, g = 0, b = 0;
    switch (static_cast<int>(h)) {
        case 0: r = c; g = x; break;
        case 1: r = x; g = c; break;
        case 2: g = c; b = x; break;
        case 3: g = x; b = c; break;
        case 4: r = x; b = c; break;
        default: r = c; b = x; break;
    }
    const double m = value - c;
    auto byte = [m](double v) { return static_cast<uint8_t>(std::lround((v + m) * 255)); };
    return {byte(r), byte(g), byte(b)};
}

class Canvas {
public:
    Canvas(int width, int height, Rgb background) {
        image_.width = width;
        image_.height = height;
        image_.rgb.resize(static_cast<size_t>(width) * height * 3);
        for (size_t i = 0; i < image_.rgb.size(); i += 3) {
            image_.rgb[i] = background.r;
            image_.rgb[i + 1] = background.g;
            image_.rgb[i + 2] = background.b;
        }
    }

    // Fills the ellipse centred at (cx, cy); only its bounding box is visited.
    void ellipse(double cx, double cy, double rx, double ry, Rgb color) {
        const int y0 = std::max(0, static_cast<int>(cy - ry)), y1 = std::min(image_.height - 1, static_cast<int>(cy + ry));
        for (int y = y0; y <= y1; ++y) {
            const double dy = (y + 0.5 - cy) / ry;
            if (dy * dy > 1) continue;
            const double half = rx * std::sqrt(1 - dy * dy);
            span(y, static_cast<int>(std::lround(cx - half)), static_cast<int>(std::lround(cx + half)), color);
        }
    }

    void rect(double x, double y, double w, double h, Rgb color) {
        const int y0 = std::max(0, static_cast<int>(y)), y1 = std::min(image_.height, static_cast<int>(y + h));
        for (int row = y0; row < y1; ++row) span(row, static_cast<int>(x), static_cast<int>(x + w), color);
    }

    RgbImage take() { return std::move(image_); }

private:
    void span(int y, int x0, int x1, Rgb color) {
        x0 = std::max(0, x0);
        x1 = std::min(image_.width, x1);
        for (int x = x0; x < x1; ++x) {
            uint8_t* p = image_.pixel(x, y);
            p[0] = color.r;
            p[1] = color.g;
            p[2] = color.b;
        }
    }

    RgbImage image_;
};

constexpr Rgb kSkins[] = {{241, 204, 175}, {224, 172, 135}, {198, 134, 94}, {141, 85, 54}, {92, 58, 40}};
constexpr Rgb kHair[] = {{40, 28, 20}, {110, 70, 35}, {220, 190, 120}, {150, 150, 150}, {170, 60, 30}};

}  // namespace

RgbImage draw_person(int n, int width, int height) {
    const double golden = 0.6180339887;
    const double hue = std::fmod(n * golden, 1.0);
    Canvas canvas(width, height, from_hsv(hue, 0.35, 0.92));
    const double s = std::min(width, height);
    const double cx = width / 2.0;
    const double cy = height * 0.40;
    const Rgb skin = kSkins[n % 5];
    const Rgb hair = kHair[(n / 5) % 5];

    canvas.ellipse(cx, cy + 0.62 * s, 0.42 * s, 0.32 * s, from_hsv(hue + 0.5, 0.7, 0.6));  // shoulders
    canvas.rect(cx - 0.07 * s, cy + 0.15 * s, 0.14 * s, 0.2 * s, skin);                      // neck
    canvas.ellipse(cx, cy - 0.07 * s, 0.23 * s, 0.22 * s, hair);                             // hair
    canvas.ellipse(cx, cy + 0.02 * s, 0.19 * s, 0.24 * s, skin);                             // face
    const Rgb eye{35, 35, 45};
    canvas.ellipse(cx - 0.075 * s, cy - 0.02 * s, 0.028 * s, 0.022 * s, eye);
    canvas.ellipse(cx + 0.075 * s, cy - 0.02 * s, 0.028 * s, 0.022 * s, eye);
    canvas.ellipse(cx, cy + 0.13 * s, 0.075 * s, 0.022 * s, Rgb{170, 60, 60});  // mouth

    // The person's number as 10 bits along the top edge: dark = 1, light = 0.
    const double block = s / 16;
    for (int bit = 0; bit < 10; ++bit) {
        const bool on = (n >> (9 - bit)) & 1;
        canvas.rect(cx - 5 * block + bit * block + block * 0.1, block * 0.3, block * 0.8, block * 0.8,
                    on ? Rgb{30, 30, 30} : Rgb{245, 245, 245});
    }
    return canvas.take();
}

RgbImage store_for_orientation6(const RgbImage& upright) {
    // Orientation 6 shows stored (sx, sy) at display (H-1-sy, sx), H the stored height.
    RgbImage stored;
    stored.width = upright.height;
    stored.height = upright.width;
    stored.rgb.resize(upright.rgb.size());
    for (int sy = 0; sy < stored.height; ++sy)
        for (int sx = 0; sx < stored.width; ++sx)
            std::memcpy(stored.pixel(sx, sy), upright.pixel(stored.height - 1 - sy, sx), 3);
    return stored;
}

}  // namespace userphoto::testing
