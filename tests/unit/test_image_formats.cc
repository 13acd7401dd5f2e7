// Unit tests of the WebP and AVIF encoders and of renditions in each format: the bytes carry the
// format's signature, decode back (libwebp's and libavif's own decoders) to the asked dimensions
// and to pixels close to the source, and encoding is safe from several threads at once.
#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "image/avif_codec.h"
#include "image/jpeg_codec.h"
#include "image/photo_image.h"
#include "image/webp_codec.h"
#include "util/image_format.h"

using namespace userphoto::image;
using userphoto::ImageFormat;

namespace {

// A smooth picture with some structure: gradients and a darker disc in the middle.
RgbImage smooth(int width, int height) {
    RgbImage image;
    image.width = width;
    image.height = height;
    image.rgb.resize(static_cast<size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double dx = x - width / 2.0, dy = y - height / 2.0;
            const bool disc = dx * dx + dy * dy < (width / 4.0) * (width / 4.0);
            uint8_t* p = image.pixel(x, y);
            p[0] = static_cast<uint8_t>(40 + 180 * x / width - (disc ? 30 : 0));
            p[1] = static_cast<uint8_t>(60 + 150 * y / height - (disc ? 30 : 0));
            p[2] = static_cast<uint8_t>(disc ? 90 : 170);
        }
    return image;
}

// Mean absolute difference per sample.
double mean_difference(const RgbImage& a, const RgbImage& b) {
    CPPUNIT_ASSERT_EQUAL(a.rgb.size(), b.rgb.size());
    double sum = 0;
    for (size_t i = 0; i < a.rgb.size(); ++i) sum += std::abs(int(a.rgb[i]) - int(b.rgb[i]));
    return sum / a.rgb.size();
}

RgbImage decode(ImageFormat format, const std::string& bytes) {
    RgbImage out;
    bool ok = false;
    switch (format) {
        case ImageFormat::Webp: ok = decode_webp(bytes, out); break;
        case ImageFormat::Avif: ok = decode_avif(bytes, out); break;
        case ImageFormat::Jpeg: ok = jpeg::decode_rgb(bytes, Scale{1, 1}, out).ok(); break;
    }
    CPPUNIT_ASSERT_MESSAGE(std::string("decodes as ") + userphoto::format_name(format), ok);
    return out;
}

}  // namespace

class ImageFormatsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImageFormatsTest);
    CPPUNIT_TEST(webpDecodesBackCloseToTheSource);
    CPPUNIT_TEST(avifDecodesBackCloseToTheSource);
    CPPUNIT_TEST(oddSizesRoundTrip);
    CPPUNIT_TEST(lowerQualityGivesFewerBytes);
    CPPUNIT_TEST(renderSquareAsEachFormat);
    CPPUNIT_TEST(emptyImagesAreErrorsNotExceptions);
    CPPUNIT_TEST(garbageIsNotDecoded);
    CPPUNIT_TEST(encodersAreSafeOnManyThreads);
    CPPUNIT_TEST(avifEncoderIsAom);
    CPPUNIT_TEST(namesTypesTagsAndSignatures);
    CPPUNIT_TEST_SUITE_END();

    void roundTrip(ImageFormat format, int width, int height, double max_difference) {
        const RgbImage source = smooth(width, height);
        const RenderResult r = encode_as(source, Encoding{format, 85});
        CPPUNIT_ASSERT_MESSAGE(r.message, r.error == ImageError::None);
        CPPUNIT_ASSERT(userphoto::has_signature(format, r.jpeg));
        const RgbImage back = decode(format, r.jpeg);
        CPPUNIT_ASSERT_EQUAL(width, back.width);
        CPPUNIT_ASSERT_EQUAL(height, back.height);
        const double difference = mean_difference(source, back);
        CPPUNIT_ASSERT_MESSAGE("mean difference " + std::to_string(difference), difference < max_difference);
    }

    void webpDecodesBackCloseToTheSource() {
        roundTrip(ImageFormat::Webp, 96, 96, 4.0);
        roundTrip(ImageFormat::Webp, 648, 648, 3.0);
    }

    void avifDecodesBackCloseToTheSource() {
        roundTrip(ImageFormat::Avif, 96, 96, 4.0);
        roundTrip(ImageFormat::Avif, 648, 648, 3.0);
    }

    void oddSizesRoundTrip() {
        // 4:2:0 chroma of odd edges, and the smallest pictures.
        for (ImageFormat format : {ImageFormat::Webp, ImageFormat::Avif}) {
            roundTrip(format, 47, 47, 6.0);
            roundTrip(format, 1, 1, 12.0);
            roundTrip(format, 33, 17, 6.0);
        }
    }

    void lowerQualityGivesFewerBytes() {
        const RgbImage source = smooth(240, 240);
        const RenderResult webp_high = encode_webp(source, 95), webp_low = encode_webp(source, 20);
        CPPUNIT_ASSERT(webp_low.jpeg.size() < webp_high.jpeg.size());
        const RenderResult avif_high = encode_avif(source, 10), avif_low = encode_avif(source, 55);
        CPPUNIT_ASSERT(avif_low.jpeg.size() < avif_high.jpeg.size());
    }

    void renderSquareAsEachFormat() {
        // A 400×300 JPEG rendered to a 96 px square: every format shows the same picture.
        const RenderResult source = encode_jpeg(smooth(400, 300), 95);
        CPPUNIT_ASSERT(source.error == ImageError::None);
        const RenderResult reference = render_square(source.jpeg, 96, 95, Limits{});
        CPPUNIT_ASSERT(reference.error == ImageError::None);
        const RgbImage expected = decode(ImageFormat::Jpeg, reference.jpeg);
        for (ImageFormat format : {ImageFormat::Jpeg, ImageFormat::Webp, ImageFormat::Avif}) {
            const RenderResult r = render_square_as(source.jpeg, 96, Encoding{format, 85}, Limits{});
            CPPUNIT_ASSERT_MESSAGE(r.message, r.error == ImageError::None);
            CPPUNIT_ASSERT_EQUAL(96, r.edge);
            CPPUNIT_ASSERT(userphoto::has_signature(format, r.jpeg));
            const RgbImage got = decode(format, r.jpeg);
            CPPUNIT_ASSERT_EQUAL(96, got.width);
            CPPUNIT_ASSERT_EQUAL(96, got.height);
            CPPUNIT_ASSERT(mean_difference(expected, got) < 5.0);
        }
        // Bad input stays an error in every format.
        const RenderResult bad = render_square_as("not a jpeg", 96, Encoding{ImageFormat::Avif, 85}, Limits{});
        CPPUNIT_ASSERT(bad.error == ImageError::NotJpeg);
    }

    void emptyImagesAreErrorsNotExceptions() {
        const RgbImage empty;
        CPPUNIT_ASSERT(encode_webp(empty, 80).error != ImageError::None);
        CPPUNIT_ASSERT(encode_avif(empty).error != ImageError::None);
        CPPUNIT_ASSERT(encode_as(empty, Encoding{ImageFormat::Webp, 85}).error == ImageError::InvalidArgument);
        RgbImage inconsistent;
        inconsistent.width = 10;
        inconsistent.height = 10;
        inconsistent.rgb.resize(5);
        CPPUNIT_ASSERT(encode_avif(inconsistent).error != ImageError::None);
        RgbImage huge;  // over WebP's edge limit: refused before libwebp sees it
        huge.width = 20000;
        huge.height = 1;
        huge.rgb.resize(20000 * 3);
        CPPUNIT_ASSERT(encode_webp(huge, 80).error == ImageError::TooLarge);
    }

    void garbageIsNotDecoded() {
        RgbImage out;
        CPPUNIT_ASSERT(!decode_webp("RIFF\x10\0\0\0WEBPVP8 garbage", out));
        CPPUNIT_ASSERT(!decode_avif(std::string("\0\0\0\x18" "ftypavif\0\0\0\0avifmif1", 24), out));
        // A real picture over the pixel limit is not decoded.
        const RenderResult webp = encode_webp(smooth(64, 64), 80);
        CPPUNIT_ASSERT(decode_webp(webp.jpeg, out));
        CPPUNIT_ASSERT(!decode_webp(webp.jpeg, out, 64 * 64 - 1));
        const RenderResult avif = encode_avif(smooth(64, 64));
        CPPUNIT_ASSERT(decode_avif(avif.jpeg, out));
        CPPUNIT_ASSERT(!decode_avif(avif.jpeg, out, 64 * 64 - 1));
    }

    void encodersAreSafeOnManyThreads() {
        const RgbImage source = smooth(96, 96);
        const std::string webp = encode_webp(source, kWebpQuality).jpeg;
        const std::string avif = encode_avif(source).jpeg;
        std::vector<int> failures(4, 0);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 5; ++i) {
                    if (encode_webp(source, kWebpQuality).jpeg != webp) failures[t]++;
                    if (encode_avif(source).jpeg != avif) failures[t]++;
                }
            });
        for (std::thread& thread : threads) thread.join();
        for (int f : failures) CPPUNIT_ASSERT_EQUAL(0, f);
    }

    void avifEncoderIsAom() {
        CPPUNIT_ASSERT(avif_can_encode());
        CPPUNIT_ASSERT_EQUAL(std::string("aom"), std::string(avif_encoder_name()));
    }

    void namesTypesTagsAndSignatures() {
        using namespace userphoto;
        CPPUNIT_ASSERT_EQUAL(std::string("image/avif"), std::string(media_type(ImageFormat::Avif)));
        CPPUNIT_ASSERT_EQUAL(std::string("image/webp"), std::string(media_type(ImageFormat::Webp)));
        CPPUNIT_ASSERT_EQUAL(std::string("image/jpeg"), std::string(media_type(ImageFormat::Jpeg)));
        CPPUNIT_ASSERT(parse_format_name("WebP") == ImageFormat::Webp);
        CPPUNIT_ASSERT(parse_format_name("jpeg") == ImageFormat::Jpeg);
        CPPUNIT_ASSERT(!parse_format_name("jpg"));
        CPPUNIT_ASSERT(!parse_format_name("png"));
        CPPUNIT_ASSERT_EQUAL(std::string("ABCD1234"), format_etag("ABCD1234", ImageFormat::Jpeg));
        CPPUNIT_ASSERT_EQUAL(std::string("ABCD1234-webp"), format_etag("ABCD1234", ImageFormat::Webp));
        CPPUNIT_ASSERT_EQUAL(std::string("ABCD1234-avif"), format_etag("ABCD1234", ImageFormat::Avif));
        CPPUNIT_ASSERT_EQUAL(std::string(), format_etag("", ImageFormat::Avif));  // nothing to serve
        CPPUNIT_ASSERT(has_signature(ImageFormat::Webp, std::string("RIFF\x24\0\0\0WEBPVP8 ", 16)));
        CPPUNIT_ASSERT(!has_signature(ImageFormat::Webp, std::string("RIFF\x24\0\0\0WAVEfmt ", 16)));
        CPPUNIT_ASSERT(has_signature(ImageFormat::Avif, std::string("\0\0\0\x1c" "ftypavif", 12)));
        CPPUNIT_ASSERT(!has_signature(ImageFormat::Avif, std::string("\0\0\0\x1c" "ftypheic", 12)));
        CPPUNIT_ASSERT(!has_signature(ImageFormat::Jpeg, "RIFF"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImageFormatsTest);
