#include "image/avif_codec.h"

#include <avif/avif.h>

#include <algorithm>
#include <memory>

namespace userphoto::image {
namespace {

constexpr int kMaxAvifEdge = 16384;

RenderResult failure(std::string message, ImageError error = ImageError::Corrupt) {
    RenderResult result;
    result.error = error;
    result.message = std::move(message);
    return result;
}

struct ImageFree {
    void operator()(avifImage* image) const { avifImageDestroy(image); }
};
struct EncoderFree {
    void operator()(avifEncoder* encoder) const { avifEncoderDestroy(encoder); }
};
struct DecoderFree {
    void operator()(avifDecoder* decoder) const { avifDecoderDestroy(decoder); }
};
struct RwData {
    avifRWData data = AVIF_DATA_EMPTY;
    ~RwData() { avifRWDataFree(&data); }
};

}  // namespace

const char* avif_encoder_name() { return "aom"; }

bool avif_can_encode() { return avifCodecName(AVIF_CODEC_CHOICE_AOM, AVIF_CODEC_FLAG_CAN_ENCODE) != nullptr; }

RenderResult encode_avif(const RgbImage& image, int quantizer, int speed) {
    if (!image.valid()) return failure("no pixels to encode");
    if (image.width > kMaxAvifEdge || image.height > kMaxAvifEdge)
        return failure("picture too large for AVIF", ImageError::TooLarge);
    std::unique_ptr<avifImage, ImageFree> yuv(
        avifImageCreate(static_cast<uint32_t>(image.width), static_cast<uint32_t>(image.height), 8,
                        AVIF_PIXEL_FORMAT_YUV420));
    if (!yuv) return failure("AVIF image allocation failed", ImageError::TooLarge);
    yuv->yuvRange = AVIF_RANGE_FULL;
    avifRGBImage rgb;
    avifRGBImageSetDefaults(&rgb, yuv.get());
    rgb.format = AVIF_RGB_FORMAT_RGB;
    rgb.depth = 8;
    rgb.pixels = const_cast<uint8_t*>(image.rgb.data());  // read only by avifImageRGBToYUV
    rgb.rowBytes = static_cast<uint32_t>(image.width) * 3;
    if (avifResult r = avifImageRGBToYUV(yuv.get(), &rgb); r != AVIF_RESULT_OK)
        return failure(std::string("AVIF colour conversion failed: ") + avifResultToString(r));

    std::unique_ptr<avifEncoder, EncoderFree> encoder(avifEncoderCreate());
    if (!encoder) return failure("AVIF encoder allocation failed", ImageError::TooLarge);
    encoder->codecChoice = AVIF_CODEC_CHOICE_AOM;
    encoder->maxThreads = 1;  // the request's own thread; the event MPM runs many at once
    encoder->speed = std::clamp(speed, AVIF_SPEED_SLOWEST, AVIF_SPEED_FASTEST);
    const int q = std::clamp(quantizer, AVIF_QUANTIZER_BEST_QUALITY, AVIF_QUANTIZER_WORST_QUALITY);
    encoder->minQuantizer = q;
    encoder->maxQuantizer = q;
    RwData out;
    if (avifResult r = avifEncoderWrite(encoder.get(), yuv.get(), &out.data); r != AVIF_RESULT_OK)
        return failure(std::string("AVIF encoding failed: ") + avifResultToString(r));
    RenderResult result;
    result.jpeg.assign(reinterpret_cast<const char*>(out.data.data), out.data.size);
    result.edge = image.width;
    return result;
}

bool decode_avif(std::string_view bytes, RgbImage& out, uint32_t max_pixels) {
    std::unique_ptr<avifDecoder, DecoderFree> decoder(avifDecoderCreate());
    if (!decoder) return false;
    decoder->maxThreads = 1;
    decoder->imageSizeLimit = max_pixels;
    std::unique_ptr<avifImage, ImageFree> yuv(avifImageCreateEmpty());
    if (!yuv) return false;
    if (avifDecoderReadMemory(decoder.get(), yuv.get(), reinterpret_cast<const uint8_t*>(bytes.data()),
                              bytes.size()) != AVIF_RESULT_OK)
        return false;
    avifRGBImage rgb;
    avifRGBImageSetDefaults(&rgb, yuv.get());
    rgb.format = AVIF_RGB_FORMAT_RGB;
    rgb.depth = 8;
    RgbImage image;
    image.width = static_cast<int>(yuv->width);
    image.height = static_cast<int>(yuv->height);
    image.rgb.resize(static_cast<size_t>(yuv->width) * yuv->height * 3);
    rgb.pixels = image.rgb.data();
    rgb.rowBytes = yuv->width * 3;
    if (avifImageYUVToRGB(yuv.get(), &rgb) != AVIF_RESULT_OK) return false;
    out = std::move(image);
    return true;
}

}  // namespace userphoto::image
