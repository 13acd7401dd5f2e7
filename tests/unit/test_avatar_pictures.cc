// Avatar pictures: drawn defaults (deterministic, exact edge, differing by seed), exact-size photo
// renditions (upscaled when small), PNG output and the transparent blank.
#include <cppunit/extensions/HelperMacros.h>

#include "image/exact_square.h"
#include "image/photo_image.h"
#include "image/pixel_ops.h"
#include "image/placeholder.h"
#include "image/png_codec.h"
#include "image/square_geometry.h"
#include "util/initials.h"

using namespace userphoto;
using namespace userphoto::image;

namespace {

RgbImage gradient(int width, int height) {
    RgbImage image;
    image.width = width;
    image.height = height;
    image.rgb.resize(static_cast<size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            uint8_t* p = image.pixel(x, y);
            p[0] = static_cast<uint8_t>(x * 255 / width);
            p[1] = static_cast<uint8_t>(y * 255 / height);
            p[2] = 128;
        }
    return image;
}

std::string encoded(PlaceholderKind kind, const std::string& seed, int edge, OutputFormat format = OutputFormat::Jpeg,
                    const std::string& text = "") {
    PlaceholderSpec spec;
    spec.kind = kind;
    spec.seed = seed;
    spec.edge = edge;
    spec.initials = text;
    RenderResult r = encode_picture(draw_placeholder(spec), format, 85, kind == PlaceholderKind::Blank);
    CPPUNIT_ASSERT(r.error == ImageError::None);
    return r.jpeg;
}

}  // namespace

class AvatarPicturesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AvatarPicturesTest);
    CPPUNIT_TEST(drawings_are_deterministic_and_exactly_sized);
    CPPUNIT_TEST(seed_changes_identicon_and_colour);
    CPPUNIT_TEST(identicon_is_mirror_symmetric);
    CPPUNIT_TEST(initials_draw_letters);
    CPPUNIT_TEST(initials_of_names);
    CPPUNIT_TEST(blank_png_is_transparent);
    CPPUNIT_TEST(photo_is_upscaled_and_downscaled_to_exact_edge);
    CPPUNIT_TEST(photo_below_two_to_one_is_resampled_with_lanczos2);
    CPPUNIT_TEST_SUITE_END();

public:
    void drawings_are_deterministic_and_exactly_sized() {
        const PlaceholderKind kinds[] = {PlaceholderKind::Silhouette, PlaceholderKind::Initials,
                                         PlaceholderKind::Identicon, PlaceholderKind::Color, PlaceholderKind::Blank};
        for (PlaceholderKind kind : kinds) {
            for (int edge : {1, 7, 80, 333}) {
                const std::string a = encoded(kind, "seed", edge, OutputFormat::Jpeg, "AB");
                CPPUNIT_ASSERT(a == encoded(kind, "seed", edge, OutputFormat::Jpeg, "AB"));
                DecodeResult d = decode_jpeg_rgb(a, Limits{});
                CPPUNIT_ASSERT(d.error == ImageError::None);
                CPPUNIT_ASSERT_EQUAL(edge, d.image.width);
                CPPUNIT_ASSERT_EQUAL(edge, d.image.height);
                const std::string png = encoded(kind, "seed", edge, OutputFormat::Png, "AB");
                CPPUNIT_ASSERT(looks_like_png(png));
                DecodeResult p = decode_png_rgb(png, Limits{});
                CPPUNIT_ASSERT(p.error == ImageError::None);
                CPPUNIT_ASSERT_EQUAL(edge, p.image.width);
            }
        }
    }

    void seed_changes_identicon_and_colour() {
        CPPUNIT_ASSERT(encoded(PlaceholderKind::Identicon, "aaaa", 64) != encoded(PlaceholderKind::Identicon, "bbbb", 64));
        CPPUNIT_ASSERT(encoded(PlaceholderKind::Color, "aaaa", 64) != encoded(PlaceholderKind::Color, "bbbb", 64));
    }

    void identicon_is_mirror_symmetric() {
        PlaceholderSpec spec;
        spec.kind = PlaceholderKind::Identicon;
        spec.seed = "0bc83cb571cd1c50ba6f3e8a78ef1346";
        spec.edge = 60;
        const RgbImage image = draw_placeholder(spec);
        int ink = 0;
        for (int y = 0; y < 60; ++y)
            for (int x = 0; x < 60; ++x) {
                CPPUNIT_ASSERT(std::equal(image.pixel(x, y), image.pixel(x, y) + 3, image.pixel(59 - x, y)));
                ink += image.pixel(x, y)[0] != 240;
            }
        CPPUNIT_ASSERT(ink > 0);
    }

    void initials_draw_letters() {
        PlaceholderSpec spec;
        spec.kind = PlaceholderKind::Initials;
        spec.seed = "s";
        spec.edge = 100;
        spec.initials = "";
        const RgbImage empty = draw_placeholder(spec);
        spec.initials = "AB";
        const RgbImage ab = draw_placeholder(spec);
        spec.initials = "CD";
        const RgbImage cd = draw_placeholder(spec);
        CPPUNIT_ASSERT(ab.rgb != empty.rgb);
        CPPUNIT_ASSERT(ab.rgb != cd.rgb);
        // Letters are white on the colour: the centre row has light pixels.
        int light = 0;
        for (int x = 0; x < 100; ++x) light += ab.pixel(x, 50)[0] > 230 && ab.pixel(x, 50)[1] > 230;
        CPPUNIT_ASSERT(light > 5);
    }

    void initials_of_names() {
        CPPUNIT_ASSERT_EQUAL(std::string("AA"), initials_of("Alice Archer"));
        CPPUNIT_ASSERT_EQUAL(std::string("JD"), initials_of("jane van doe"));
        CPPUNIT_ASSERT_EQUAL(std::string("B"), initials_of("bob"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), initials_of(""));
        CPPUNIT_ASSERT_EQUAL(std::string(""), initials_of("  \xC3\xA9 "));
    }

    void blank_png_is_transparent() {
        const std::string png = encoded(PlaceholderKind::Blank, "x", 16, OutputFormat::Png);
        CPPUNIT_ASSERT(looks_like_png(png));
        CPPUNIT_ASSERT_EQUAL(6, static_cast<int>(static_cast<unsigned char>(png[25])));  // IHDR colour type RGBA
        const std::string opaque = encoded(PlaceholderKind::Color, "x", 16, OutputFormat::Png);
        CPPUNIT_ASSERT_EQUAL(2, static_cast<int>(static_cast<unsigned char>(opaque[25])));  // RGB
    }

    void photo_is_upscaled_and_downscaled_to_exact_edge() {
        RenderResult small = encode_jpeg(gradient(40, 60), 90);
        CPPUNIT_ASSERT(small.error == ImageError::None);
        for (int edge : {1, 16, 40, 80, 512}) {
            for (OutputFormat format : {OutputFormat::Jpeg, OutputFormat::Png}) {
                RenderResult r = render_exact_square(small.jpeg, edge, format, 85, Limits{});
                CPPUNIT_ASSERT(r.error == ImageError::None);
                DecodeResult d = format == OutputFormat::Png ? decode_png_rgb(r.jpeg, Limits{})
                                                              : decode_jpeg_rgb(r.jpeg, Limits{});
                CPPUNIT_ASSERT(d.error == ImageError::None);
                CPPUNIT_ASSERT_EQUAL(edge, d.image.width);
                CPPUNIT_ASSERT_EQUAL(edge, d.image.height);
            }
        }
        // A rendition that already is the square asked for passes through unchanged.
        RenderResult square = encode_jpeg(gradient(32, 32), 90);
        CPPUNIT_ASSERT(render_exact_square(square.jpeg, 32, OutputFormat::Jpeg, 85, Limits{}).jpeg == square.jpeg);
        CPPUNIT_ASSERT(render_exact_square("not a jpeg", 32, OutputFormat::Jpeg, 85, Limits{}).error != ImageError::None);
    }

    // The decode-and-resample path (PNG, or a photo smaller than asked) filters as the main path
    // does: Lanczos2 below 2:1 and when enlarging, area averaging from 2:1.
    void photo_below_two_to_one_is_resampled_with_lanczos2() {
        RgbImage noisy;
        noisy.width = 120;
        noisy.height = 150;
        for (int i = 0; i < noisy.width * noisy.height * 3; ++i) noisy.rgb.push_back(static_cast<uint8_t>(i * 37 % 251));
        const RenderResult photo = encode_jpeg(noisy, 95);
        const DecodeResult source = decode_jpeg_rgb(photo.jpeg, Limits{});
        CPPUNIT_ASSERT(source.error == ImageError::None);
        const Rect square = square_crop(source.image.width, source.image.height);
        const RectF window{double(square.x), double(square.y), double(square.width), double(square.height)};
        for (int edge : {96, 200, 60, 40}) {
            const RenderResult png = render_exact_square(photo.jpeg, edge, OutputFormat::Png, 85, Limits{});
            const DecodeResult got = decode_png_rgb(png.jpeg, Limits{});
            CPPUNIT_ASSERT(got.error == ImageError::None);
            const bool area = edge * 2 <= square.width;
            const RgbImage lanczos = resample_lanczos2(source.image, window, edge, edge);
            const RgbImage box = resample_area(source.image, window, edge, edge);
            CPPUNIT_ASSERT_MESSAGE("edge " + std::to_string(edge), lanczos.rgb != box.rgb);
            CPPUNIT_ASSERT_MESSAGE("edge " + std::to_string(edge), got.image.rgb == (area ? box.rgb : lanczos.rgb));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AvatarPicturesTest);
