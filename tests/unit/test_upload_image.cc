// Uploads: PNG and GIF decoding (pictures made here with libpng and giflib), crop geometry of the
// stored renditions, bombs, and the default silhouette.
#include <cppunit/extensions/HelperMacros.h>
#include <gif_lib.h>
#include <png.h>

#include <cstring>

#include "fake_directory.h"
#include "image/gif_codec.h"
#include "image/png_codec.h"
#include "image/silhouette.h"
#include "image/jpeg_codec.h"
#include "image/upload_image.h"
#include "service/photo_writer.h"
#include <array>

using namespace userphoto::image;

namespace {

// Left half red, right half blue; top row green (so crops can be told apart).
RgbImage pattern(int width, int height) {
    RgbImage img;
    img.width = width;
    img.height = height;
    img.rgb.resize(static_cast<size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            uint8_t* p = img.pixel(x, y);
            const bool left = x < width / 2;
            p[0] = left ? 220 : 20;
            p[1] = y < height / 4 ? 200 : 20;
            p[2] = left ? 20 : 220;
        }
    return img;
}

std::string make_png(const RgbImage& img, bool with_alpha = false) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = img.width;
    image.height = img.height;
    std::vector<uint8_t> pixels;
    if (with_alpha) {
        image.format = PNG_FORMAT_RGBA;
        for (size_t i = 0; i < img.rgb.size() / 3; ++i) {
            pixels.insert(pixels.end(), {img.rgb[i * 3], img.rgb[i * 3 + 1], img.rgb[i * 3 + 2], 0});  // transparent
        }
    } else {
        image.format = PNG_FORMAT_RGB;
        pixels = img.rgb;
    }
    png_alloc_size_t size = 0;
    png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr);
    std::string out(size, '\0');
    if (!png_image_write_to_memory(&image, out.data(), &size, 0, pixels.data(), 0, nullptr)) return std::string();
    out.resize(size);
    return out;
}

int write_to_string(GifFileType* gif, const GifByteType* data, int n) {
    static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(data), n);
    return n;
}

// A GIF with two colours (red left, blue right); `transparent_blue` marks blue transparent.
std::string make_gif(int width, int height, bool interlace, bool transparent_blue = false) {
    std::string out;
    int error = 0;
    GifFileType* gif = EGifOpen(&out, write_to_string, &error);
    GifColorType colors[2] = {{220, 20, 20}, {20, 20, 220}};
    ColorMapObject* map = GifMakeMapObject(2, colors);
    EGifSetGifVersion(gif, true);
    EGifPutScreenDesc(gif, width, height, 1, 0, map);
    if (transparent_blue) {
        GifByteType gce[4] = {1, 0, 0, 1};
        EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, gce);
    }
    EGifPutImageDesc(gif, 0, 0, width, height, interlace, nullptr);
    std::vector<GifPixelType> row(width);
    for (int x = 0; x < width; ++x) row[x] = x < width / 2 ? 0 : 1;
    for (int y = 0; y < height; ++y) EGifPutLine(gif, row.data(), width);
    EGifCloseFile(gif, &error);
    GifFreeMapObject(map);
    return out;
}

// Mean colour of the decoded JPEG's left or right half.
std::array<int, 3> half_mean(const std::string& jpeg, bool left) {
    DecodeResult d = decode_jpeg_rgb(jpeg, Limits{});
    std::array<long, 3> sum{0, 0, 0};
    long n = 0;
    for (int y = 0; y < d.image.height; ++y)
        for (int x = left ? 0 : d.image.width / 2; x < (left ? d.image.width / 2 : d.image.width); ++x) {
            const uint8_t* p = d.image.pixel(x, y);
            for (int c = 0; c < 3; ++c) sum[c] += p[c];
            ++n;
        }
    if (n == 0) return {0, 0, 0};
    return {static_cast<int>(sum[0] / n), static_cast<int>(sum[1] / n), static_cast<int>(sum[2] / n)};
}

// A valid 4x4 PNG whose IHDR (with a correct CRC, so libpng believes it) claims width x height.
std::string png_claiming(uint32_t width, uint32_t height) {
    std::string png = make_png(pattern(4, 4));
    for (int i = 0; i < 4; ++i) {
        png[16 + i] = static_cast<char>(width >> (24 - 8 * i));
        png[20 + i] = static_cast<char>(height >> (24 - 8 * i));
    }
    uint32_t crc = 0xFFFFFFFFu;  // CRC-32 of the chunk type and data
    for (size_t i = 12; i < 29; ++i) {
        crc ^= static_cast<unsigned char>(png[i]);
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    crc ^= 0xFFFFFFFFu;
    for (int i = 0; i < 4; ++i) png[29 + i] = static_cast<char>(crc >> (24 - 8 * i));
    return png;
}

int edge_of(const std::string& jpeg) { return probe_jpeg(jpeg, Limits{}).width; }

}  // namespace

class UploadImageTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UploadImageTest);
    CPPUNIT_TEST(detects_formats);
    CPPUNIT_TEST(decodes_png);
    CPPUNIT_TEST(png_alpha_becomes_white);
    CPPUNIT_TEST(decodes_gif_plain_and_interlaced);
    CPPUNIT_TEST(gif_transparency_becomes_white);
    CPPUNIT_TEST(corrupt_png_and_gif);
    CPPUNIT_TEST(pixel_bombs_fail_before_decoding);
    CPPUNIT_TEST(renditions_without_crop);
    CPPUNIT_TEST(crop_selects_the_region);
    CPPUNIT_TEST(crop_outside_is_refused);
    CPPUNIT_TEST(small_crop_is_not_upscaled);
    CPPUNIT_TEST(not_an_image);
    CPPUNIT_TEST(silhouette_is_a_figure);
    CPPUNIT_TEST(jpeg_upload_is_decoded_once);
    CPPUNIT_TEST(upload_pixel_cap_refuses_from_the_header);
    CPPUNIT_TEST_SUITE_END();

public:
    void detects_formats() {
        CPPUNIT_ASSERT(detect_upload_format(make_png(pattern(4, 4))) == UploadFormat::Png);
        CPPUNIT_ASSERT(detect_upload_format(make_gif(4, 4, false)) == UploadFormat::Gif);
        CPPUNIT_ASSERT(detect_upload_format(encode_jpeg(pattern(8, 8), 90).jpeg) == UploadFormat::Jpeg);
        CPPUNIT_ASSERT(detect_upload_format("hello") == UploadFormat::Unknown);
        CPPUNIT_ASSERT(detect_upload_format("") == UploadFormat::Unknown);
    }

    void decodes_png() {
        const RgbImage source = pattern(30, 20);
        DecodeResult d = decode_png_rgb(make_png(source), Limits{});
        CPPUNIT_ASSERT_EQUAL(std::string(""), d.message);
        CPPUNIT_ASSERT_EQUAL(30, d.image.width);
        CPPUNIT_ASSERT_EQUAL(20, d.image.height);
        CPPUNIT_ASSERT(d.image.rgb == source.rgb);  // lossless
    }

    void png_alpha_becomes_white() {
        DecodeResult d = decode_png_rgb(make_png(pattern(6, 6), true), Limits{});
        CPPUNIT_ASSERT(d.error == ImageError::None);
        CPPUNIT_ASSERT_EQUAL(255, int(d.image.pixel(0, 0)[0]));
        CPPUNIT_ASSERT_EQUAL(255, int(d.image.pixel(5, 5)[2]));
    }

    void decodes_gif_plain_and_interlaced() {
        for (bool interlace : {false, true}) {
            DecodeResult d = decode_gif_rgb(make_gif(20, 13, interlace), Limits{});
            CPPUNIT_ASSERT_EQUAL(std::string(""), d.message);
            CPPUNIT_ASSERT_EQUAL(20, d.image.width);
            CPPUNIT_ASSERT_EQUAL(13, d.image.height);
            for (int y = 0; y < 13; ++y) {
                CPPUNIT_ASSERT_EQUAL(220, int(d.image.pixel(0, y)[0]));
                CPPUNIT_ASSERT_EQUAL(220, int(d.image.pixel(19, y)[2]));
            }
        }
    }

    void gif_transparency_becomes_white() {
        DecodeResult d = decode_gif_rgb(make_gif(8, 8, false, true), Limits{});
        CPPUNIT_ASSERT(d.error == ImageError::None);
        CPPUNIT_ASSERT_EQUAL(220, int(d.image.pixel(0, 0)[0]));  // red stays
        CPPUNIT_ASSERT_EQUAL(255, int(d.image.pixel(7, 0)[0]));  // blue was transparent
        CPPUNIT_ASSERT_EQUAL(255, int(d.image.pixel(7, 0)[1]));
    }

    void corrupt_png_and_gif() {
        const std::string png = make_png(pattern(40, 40));
        for (size_t cut : {size_t(8), size_t(30), png.size() / 2, png.size() - 13}) {
            DecodeResult d = decode_png_rgb(png.substr(0, cut), Limits{});
            CPPUNIT_ASSERT_MESSAGE("cut at " + std::to_string(cut), d.error == ImageError::Corrupt);
        }
        const std::string gif = make_gif(40, 40, false);
        for (size_t cut : {size_t(6), size_t(13), gif.size() / 2}) {
            DecodeResult d = decode_gif_rgb(gif.substr(0, cut), Limits{});
            CPPUNIT_ASSERT_MESSAGE("cut at " + std::to_string(cut), d.error == ImageError::Corrupt);
        }
    }

    // Both renditions of a JPEG upload come from one decode (with or without a crop).
    void jpeg_upload_is_decoded_once() {
        const std::string jpeg = encode_jpeg(pattern(1300, 1000), 90).jpeg;
        for (const std::optional<CropRegion>& crop : {std::optional<CropRegion>(), std::optional(CropRegion{100, 50, 900})}) {
            const uint64_t before = jpeg::decodes_so_far();
            UploadRenditions r = render_upload(jpeg, crop, 648, 96, 85, Limits{});
            CPPUNIT_ASSERT(r.error == ImageError::None);
            CPPUNIT_ASSERT_EQUAL(uint64_t(1), jpeg::decodes_so_far() - before);
            CPPUNIT_ASSERT_EQUAL(648, edge_of(r.large));
            CPPUNIT_ASSERT_EQUAL(96, edge_of(r.thumb));
            CPPUNIT_ASSERT_EQUAL(648, r.large_edge);
            CPPUNIT_ASSERT_EQUAL(96, r.thumb_edge);
        }
        // A small crop is never upscaled, and an error is still one error.
        UploadRenditions small = render_upload(jpeg, CropRegion{0, 0, 50}, 648, 96, 85, Limits{});
        CPPUNIT_ASSERT_EQUAL(50, small.large_edge);
        CPPUNIT_ASSERT_EQUAL(50, small.thumb_edge);
        CPPUNIT_ASSERT(render_upload(jpeg, CropRegion{1000, 0, 400}, 648, 96, 85, Limits{}).error ==
                       ImageError::InvalidArgument);
    }

    // UserPhotoMaxUploadPixels (default 25 MP): a 6000 x 6600 PNG (39.6 MP, under the 40 MP stored-
    // photo limit) is refused from its header by the writer, before any pixel buffer exists.
    void upload_pixel_cap_refuses_from_the_header() {
        const std::string claimed = png_claiming(6000, 6600);
        CPPUNIT_ASSERT(decode_png_rgb(claimed, Limits{.max_input_bytes = 1 << 20, .max_pixels = 39'000'000}).error ==
                       ImageError::TooLarge);
        userphoto::PhotoWriterSettings settings;
        auto directory = std::make_shared<userphoto::testing::FakeDirectory>();
        userphoto::PhotoWriter writer(settings, directory, nullptr);
        userphoto::WriteResult refused = writer.upload("uid=nobody", claimed, std::nullopt, userphoto::Logger());
        CPPUNIT_ASSERT(refused.status == userphoto::WriteStatus::ImageTooLarge);
        CPPUNIT_ASSERT(refused.message.find("25000000") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0, directory->modifies.load());
    }

    void pixel_bombs_fail_before_decoding() {
        Limits limits;
        limits.max_pixels = 100 * 100;
        CPPUNIT_ASSERT(decode_png_rgb(make_png(pattern(101, 100)), limits).error == ImageError::TooLarge);
        CPPUNIT_ASSERT(decode_png_rgb(make_png(pattern(100, 100)), limits).error == ImageError::None);
        CPPUNIT_ASSERT(decode_gif_rgb(make_gif(101, 100, false), limits).error == ImageError::TooLarge);
        // A PNG header claiming 60000 x 60000: patch the IHDR of a small PNG (CRC is checked after
        // the size test would have to allocate 10 GB, so either refusal is fine — never a decode).
        std::string png = make_png(pattern(4, 4));
        const unsigned char big[8] = {0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60};
        std::memcpy(png.data() + 16, big, 8);
        const DecodeResult bomb = decode_png_rgb(png, Limits{});
        CPPUNIT_ASSERT(bomb.error != ImageError::None);
        CPPUNIT_ASSERT(bomb.image.rgb.empty());
        // The same limits hold inside render_upload.
        CPPUNIT_ASSERT(render_upload(make_gif(101, 100, false), std::nullopt, 64, 16, 85, limits).error ==
                       ImageError::TooLarge);
    }

    void renditions_without_crop() {
        for (const std::string& picture : {make_png(pattern(300, 200)), make_gif(300, 200, false),
                                           encode_jpeg(pattern(300, 200), 95).jpeg}) {
            UploadRenditions r = render_upload(picture, std::nullopt, 160, 48, 85, Limits{});
            CPPUNIT_ASSERT_EQUAL(std::string(""), r.message);
            CPPUNIT_ASSERT_EQUAL(160, edge_of(r.large));
            CPPUNIT_ASSERT_EQUAL(48, edge_of(r.thumb));
            CPPUNIT_ASSERT_EQUAL(160, r.large_edge);
            // Centred square of a red|blue picture: both halves present.
            CPPUNIT_ASSERT(half_mean(r.large, true)[0] > 150);
            CPPUNIT_ASSERT(half_mean(r.large, false)[2] > 150);
        }
    }

    void crop_selects_the_region() {
        // 300 x 200; the square (0,50)-(100,150) is all red, (200,50)-(300,150) all blue.
        for (const std::string& picture : {make_png(pattern(300, 200)), encode_jpeg(pattern(300, 200), 95).jpeg}) {
            UploadRenditions red = render_upload(picture, CropRegion{0, 50, 100}, 96, 32, 90, Limits{});
            CPPUNIT_ASSERT(red.error == ImageError::None);
            CPPUNIT_ASSERT_EQUAL(96, edge_of(red.large));
            CPPUNIT_ASSERT(half_mean(red.large, true)[0] > 180 && half_mean(red.large, false)[0] > 180);
            CPPUNIT_ASSERT(half_mean(red.large, false)[2] < 60);
            UploadRenditions blue = render_upload(picture, CropRegion{200, 50, 100}, 96, 32, 90, Limits{});
            CPPUNIT_ASSERT(half_mean(blue.large, true)[2] > 180 && half_mean(blue.large, true)[0] < 60);
        }
    }

    void crop_outside_is_refused() {
        const std::string png = make_png(pattern(300, 200));
        CPPUNIT_ASSERT(render_upload(png, CropRegion{250, 0, 100}, 96, 32, 90, Limits{}).error ==
                       ImageError::InvalidArgument);
        CPPUNIT_ASSERT(render_upload(png, CropRegion{0, 101, 100}, 96, 32, 90, Limits{}).error ==
                       ImageError::InvalidArgument);
        CPPUNIT_ASSERT(render_upload(png, CropRegion{0, 0, 201}, 96, 32, 90, Limits{}).error ==
                       ImageError::InvalidArgument);
        const std::string jpeg = encode_jpeg(pattern(300, 200), 90).jpeg;
        CPPUNIT_ASSERT(render_upload(jpeg, CropRegion{1, 0, 300}, 96, 32, 90, Limits{}).error ==
                       ImageError::InvalidArgument);
        CPPUNIT_ASSERT(render_upload(png, CropRegion{100, 0, 200}, 96, 32, 90, Limits{}).error == ImageError::None);
    }

    void small_crop_is_not_upscaled() {
        UploadRenditions r = render_upload(make_png(pattern(300, 200)), CropRegion{10, 10, 50}, 648, 96, 90, Limits{});
        CPPUNIT_ASSERT(r.error == ImageError::None);
        CPPUNIT_ASSERT_EQUAL(50, edge_of(r.large));
        CPPUNIT_ASSERT_EQUAL(50, edge_of(r.thumb));
    }

    void not_an_image() {
        CPPUNIT_ASSERT(render_upload("%PDF-1.4 ...", std::nullopt, 96, 32, 90, Limits{}).error == ImageError::NotJpeg);
        CPPUNIT_ASSERT(render_upload(std::string("\xFF\xD8\xFF\xE0garbage", 11), std::nullopt, 96, 32, 90, Limits{})
                           .error == ImageError::Corrupt);
    }

    void silhouette_is_a_figure() {
        RgbImage s = draw_silhouette(100);
        CPPUNIT_ASSERT(s.valid());
        CPPUNIT_ASSERT(s.pixel(50, 38)[0] < s.pixel(2, 2)[0]);  // head darker than background
        CPPUNIT_ASSERT(s.pixel(50, 95)[0] < s.pixel(2, 95)[0]);  // shoulders
        CPPUNIT_ASSERT_EQUAL(int(s.pixel(50, 38)[0]), int(s.pixel(50, 38)[2]));  // neutral grey
        CPPUNIT_ASSERT_EQUAL(64, edge_of(encode_jpeg(draw_silhouette(64), 85).jpeg));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UploadImageTest);
