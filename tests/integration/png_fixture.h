// Encodes a test picture as PNG (libpng's simplified API), for upload tests and the soak.
#pragma once
#include <png.h>

#include <cstring>
#include <string>

#include "image/rgb_image.h"

namespace itest {

inline std::string png_of(const userphoto::image::RgbImage& img) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = img.width;
    image.height = img.height;
    image.format = PNG_FORMAT_RGB;
    png_alloc_size_t size = 0;
    png_image_write_to_memory(&image, nullptr, &size, 0, img.rgb.data(), 0, nullptr);
    std::string out(size, '\0');
    png_image_write_to_memory(&image, out.data(), &size, 0, img.rgb.data(), 0, nullptr);
    out.resize(size);
    return out;
}

}  // namespace itest
