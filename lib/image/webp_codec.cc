#include "image/webp_codec.h"

#include <webp/decode.h>
#include <webp/encode.h>

#include <algorithm>

namespace userphoto::image {
namespace {

constexpr int kMaxWebpEdge = 16383;  // WEBP_MAX_DIMENSION

RenderResult failure(std::string message) {
    RenderResult result;
    result.error = ImageError::Corrupt;
    result.message = std::move(message);
    return result;
}

// Owns a WebPPicture and a WebPMemoryWriter for one encode (freed on every path).
struct EncodeState {
    WebPPicture picture;
    WebPMemoryWriter writer;
    EncodeState() {
        WebPPictureInit(&picture);
        WebPMemoryWriterInit(&writer);
    }
    ~EncodeState() {
        WebPPictureFree(&picture);
        WebPMemoryWriterClear(&writer);
    }
    EncodeState(const EncodeState&) = delete;
    EncodeState& operator=(const EncodeState&) = delete;
};

}  // namespace

RenderResult encode_webp(const RgbImage& image, int quality, int method) {
    if (!image.valid()) return failure("no pixels to encode");
    if (image.width > kMaxWebpEdge || image.height > kMaxWebpEdge) {
        RenderResult result = failure("picture too large for WebP");
        result.error = ImageError::TooLarge;
        return result;
    }
    WebPConfig config;
    if (!WebPConfigInit(&config)) return failure("libwebp version mismatch");
    config.quality = static_cast<float>(std::clamp(quality, 0, 100));
    config.method = std::clamp(method, 0, 6);
    config.thread_level = 0;  // one thread: the request's own
    if (!WebPValidateConfig(&config)) return failure("invalid WebP settings");
    EncodeState state;
    state.picture.use_argb = 0;  // YUV 4:2:0, as lossy WebP stores it
    state.picture.width = image.width;
    state.picture.height = image.height;
    if (!WebPPictureImportRGB(&state.picture, image.rgb.data(), image.width * 3))
        return failure("WebP picture allocation failed");
    state.picture.writer = WebPMemoryWrite;
    state.picture.custom_ptr = &state.writer;
    if (!WebPEncode(&config, &state.picture))
        return failure("WebP encoding failed (error " + std::to_string(state.picture.error_code) + ")");
    RenderResult result;
    result.jpeg.assign(reinterpret_cast<const char*>(state.writer.mem), state.writer.size);
    result.edge = image.width;
    return result;
}

bool decode_webp(std::string_view bytes, RgbImage& out, uint64_t max_pixels) {
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    int width = 0, height = 0;
    if (!WebPGetInfo(data, bytes.size(), &width, &height) || width <= 0 || height <= 0) return false;
    if (static_cast<uint64_t>(width) * static_cast<uint64_t>(height) > max_pixels) return false;
    RgbImage image;
    image.width = width;
    image.height = height;
    image.rgb.resize(static_cast<size_t>(width) * height * 3);
    if (!WebPDecodeRGBInto(data, bytes.size(), image.rgb.data(), image.rgb.size(), width * 3)) return false;
    out = std::move(image);
    return true;
}

}  // namespace userphoto::image
