#include "image/png_codec.h"

#include <png.h>

#include <cstring>
#include <memory>
#include <vector>

namespace userphoto::image {
namespace {

struct ImageFinish {
    void operator()(png_image* image) const { png_image_free(image); }
};

DecodeResult failure(ImageError error, std::string message) {
    DecodeResult result;
    result.error = error;
    result.message = std::move(message);
    return result;
}

}  // namespace

bool looks_like_png(std::string_view bytes) {
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    return bytes.size() >= 8 && std::memcmp(bytes.data(), signature, 8) == 0;
}

DecodeResult decode_png_rgb(std::string_view bytes, const Limits& limits) {
    if (bytes.size() > limits.max_input_bytes) return failure(ImageError::TooLarge, "PNG exceeds the size limit");
    if (!looks_like_png(bytes)) return failure(ImageError::NotJpeg, "not a PNG image");
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    // libpng's simplified API keeps its setjmp/longjmp inside libpng's own frames.
    std::unique_ptr<png_image, ImageFinish> guard(&image);
    if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
        return failure(ImageError::Corrupt, std::string("unreadable PNG: ") + image.message);
    const uint64_t pixels = static_cast<uint64_t>(image.width) * image.height;
    if (image.width == 0 || image.height == 0) return failure(ImageError::Corrupt, "PNG without dimensions");
    if (pixels > limits.max_pixels || image.width > 65535 || image.height > 65535)
        return failure(ImageError::TooLarge, "PNG of " + std::to_string(image.width) + "x" +
                                                 std::to_string(image.height) + " exceeds the limit of " +
                                                 std::to_string(limits.max_pixels) + " pixels");
    image.format = PNG_FORMAT_RGB;  // alpha is composed over `background`
    png_color background{255, 255, 255};
    DecodeResult result;
    result.image.width = static_cast<int>(image.width);
    result.image.height = static_cast<int>(image.height);
    result.image.rgb.resize(static_cast<size_t>(pixels) * 3);
    if (!png_image_finish_read(&image, &background, result.image.rgb.data(), 0, nullptr))
        return failure(ImageError::Corrupt, std::string("corrupt PNG data: ") + image.message);
    guard.release();  // finish_read frees the image's internals
    return result;
}

}  // namespace userphoto::image

namespace userphoto::image {

RenderResult encode_png(const RgbImage& image, bool transparent) {
    RenderResult result;
    if (!image.valid()) {
        result.error = ImageError::InvalidArgument;
        result.message = "no pixels to encode";
        return result;
    }
    std::vector<uint8_t> rgba;
    const void* pixels = image.rgb.data();
    png_image png;
    std::memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    png.width = static_cast<png_uint_32>(image.width);
    png.height = static_cast<png_uint_32>(image.height);
    png.format = PNG_FORMAT_RGB;
    if (transparent) {
        rgba.assign(static_cast<size_t>(image.width) * image.height * 4, 0);
        pixels = rgba.data();
        png.format = PNG_FORMAT_RGBA;
    }
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&png, nullptr, &size, 0, pixels, 0, nullptr) || size == 0) {
        result.error = ImageError::Corrupt;
        result.message = std::string("PNG encoding failed: ") + png.message;
        return result;
    }
    result.jpeg.resize(size);
    if (!png_image_write_to_memory(&png, result.jpeg.data(), &size, 0, pixels, 0, nullptr)) {
        result.error = ImageError::Corrupt;
        result.message = std::string("PNG encoding failed: ") + png.message;
        result.jpeg.clear();
        return result;
    }
    result.jpeg.resize(size);
    result.edge = image.width;
    return result;
}

}  // namespace userphoto::image
