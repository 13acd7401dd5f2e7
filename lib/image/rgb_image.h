// A decoded picture: tightly packed 8-bit RGB, rows top to bottom, no padding.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace userphoto::image {

struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgb;  // width * height * 3 bytes

    bool valid() const {
        return width > 0 && height > 0 && rgb.size() == static_cast<size_t>(width) * height * 3;
    }
    const uint8_t* pixel(int x, int y) const { return &rgb[(static_cast<size_t>(y) * width + x) * 3]; }
    uint8_t* pixel(int x, int y) { return &rgb[(static_cast<size_t>(y) * width + x) * 3]; }
};

}  // namespace userphoto::image
