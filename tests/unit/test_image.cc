// Unit tests of the JPEG pipeline (probe, render_square, render_region, decode/encode). Inputs are
// synthetic pictures encoded in the test; EXIF segments and header bombs are built byte by byte.
#include <cppunit/extensions/HelperMacros.h>

#include <turbojpeg.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "image/jpeg_codec.h"
#include "image/photo_image.h"
#include "image/pixel_ops.h"
#include "tools/jpeg_fixtures.h"

using namespace userphoto::image;
using userphoto::testing::patch_sof_dimensions;
using userphoto::testing::with_exif_orientation;

namespace {

struct Color {
    int r, g, b;
};
const Color kRed{220, 30, 30}, kGreen{30, 200, 30}, kBlue{30, 30, 220}, kYellow{230, 230, 40},
    kGray{128, 128, 128};

RgbImage paint(int width, int height, const std::function<Color(int, int)>& color_at) {
    RgbImage image;
    image.width = width;
    image.height = height;
    image.rgb.reserve(static_cast<size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const Color c = color_at(x, y);
            image.rgb.insert(image.rgb.end(), {uint8_t(c.r), uint8_t(c.g), uint8_t(c.b)});
        }
    return image;
}

std::string encode(const RgbImage& image, int quality = 95) {
    const RenderResult r = encode_jpeg(image, quality);
    CPPUNIT_ASSERT_MESSAGE(r.message, r.error == ImageError::None);
    return r.jpeg;
}

// A smooth pattern with detail, for size tests.
std::string pattern_jpeg(int width, int height) {
    return encode(paint(width, height, [&](int x, int y) {
        return Color{x * 255 / width, y * 255 / height, ((x / 16 + y / 16) % 2) * 200};
    }));
}

// Stored quadrants: red top-left, green top-right, blue bottom-left, yellow bottom-right.
RgbImage quadrants(int width, int height) {
    return paint(width, height, [&](int x, int y) {
        const bool right = x >= width / 2, bottom = y >= height / 2;
        return bottom ? (right ? kYellow : kBlue) : (right ? kGreen : kRed);
    });
}

// Peak signal-to-noise ratio of `image` against `reference` (same size), in dB.
double psnr(const RgbImage& reference, const RgbImage& image) {
    CPPUNIT_ASSERT(reference.valid() && image.valid() && reference.rgb.size() == image.rgb.size());
    double squares = 0;
    for (size_t i = 0; i < image.rgb.size(); ++i) {
        const double d = double(reference.rgb[i]) - image.rgb[i];
        squares += d * d;
    }
    const double mean = squares / image.rgb.size();
    return mean == 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mean);
}

RgbImage decoded(const std::string& jpeg) {
    const DecodeResult d = decode_jpeg_rgb(jpeg, Limits{});
    CPPUNIT_ASSERT_MESSAGE(d.message, d.error == ImageError::None);
    return d.image;
}

// Mean colour of a box of the picture.
Color mean_color(const RgbImage& image, int x0, int y0, int w, int h) {
    long sum[3] = {0, 0, 0};
    for (int y = y0; y < y0 + h; ++y)
        for (int x = x0; x < x0 + w; ++x)
            for (int c = 0; c < 3; ++c) sum[c] += image.pixel(x, y)[c];
    const long n = static_cast<long>(w) * h;
    return {int(sum[0] / n), int(sum[1] / n), int(sum[2] / n)};
}

bool near(Color a, Color b, int tolerance = 40) {
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

std::string text(Color c) {
    return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")";
}

void assert_color(const std::string& what, Color expected, Color actual) {
    CPPUNIT_ASSERT_MESSAGE(what + ": expected " + text(expected) + ", got " + text(actual), near(expected, actual));
}

// Which stored corner each display corner shows, per EXIF orientation (TIFF 6.0 / EXIF 2.3 table).
enum Corner { TL, TR, BL, BR };
const Corner kDisplayCorners[9][4] = {
    {}, {TL, TR, BL, BR}, {TR, TL, BR, BL}, {BR, BL, TR, TL}, {BL, BR, TL, TR},
    {TL, BL, TR, BR}, {BL, TL, BR, TR}, {BR, TR, BL, TL}, {TR, BR, TL, BL},
};
const Color kCornerColors[4] = {kRed, kGreen, kBlue, kYellow};

// Checks the four corners of `image` (inset by 15 %) against the orientation table.
void assert_corners(const std::string& what, const RgbImage& image, int orientation) {
    const int bw = std::max(1, image.width / 10), bh = std::max(1, image.height / 10);
    const int left = image.width * 15 / 100, right = image.width - left - bw;
    const int top = image.height * 15 / 100, bottom = image.height - top - bh;
    const int xs[4] = {left, right, left, right}, ys[4] = {top, top, bottom, bottom};
    const char* names[4] = {"top-left", "top-right", "bottom-left", "bottom-right"};
    for (int corner = 0; corner < 4; ++corner) {
        assert_color(what + " " + names[corner], kCornerColors[kDisplayCorners[orientation][corner]],
                     mean_color(image, xs[corner], ys[corner], bw, bh));
    }
}

}  // namespace

class ImageTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImageTest);
    CPPUNIT_TEST(probeReadsDimensions);
    CPPUNIT_TEST(everyListedSizeIsExact);
    CPPUNIT_TEST(tinySourceIsServedAsItIs);
    CPPUNIT_TEST(edgeIsClampedNotUpscaled);
    CPPUNIT_TEST(invalidEdgeIsRefused);
    CPPUNIT_TEST(outputIs420Jpeg);
    CPPUNIT_TEST(downscaleKeepsAGradient);
    CPPUNIT_TEST(probeReadsAllOrientations);
    CPPUNIT_TEST(renderAppliesAllOrientations);
    CPPUNIT_TEST(decodeAppliesAllOrientations);
    CPPUNIT_TEST(littleEndianExifIsRead);
    CPPUNIT_TEST(portraitCropKeeps35PercentFromTop);
    CPPUNIT_TEST(landscapeCropIsCentred);
    CPPUNIT_TEST(notJpegIsRefused);
    CPPUNIT_TEST(truncatedAndCorruptAreErrors);
    CPPUNIT_TEST(mutatedJpegsNeverCrash);
    CPPUNIT_TEST(oversizedInputIsRefused);
    CPPUNIT_TEST(headerBombIsRefusedBeforeDecoding);
    CPPUNIT_TEST(pixelLimitIsInclusive);
    CPPUNIT_TEST(outputIsDeterministic);
    CPPUNIT_TEST(regionSelectsDisplayArea);
    CPPUNIT_TEST(regionFollowsOrientation);
    CPPUNIT_TEST(regionOutsideIsInvalid);
    CPPUNIT_TEST(rgbRenderingMatchesJpegRendering);
    CPPUNIT_TEST(grayscaleAndCmykDecode);
    CPPUNIT_TEST(describeNamesEveryError);
    CPPUNIT_TEST(dctScalesAreTheFastOnes);
    CPPUNIT_TEST(brokenExifReadsAsUpright);
    CPPUNIT_TEST(renderingIsThreadSafe);
    CPPUNIT_TEST(coldRenderDecodesAtAQuarterAndKeepsDetail);
    CPPUNIT_TEST_SUITE_END();

public:
    void probeReadsDimensions() {
        const ProbeResult p = probe_jpeg(pattern_jpeg(321, 123), Limits{});
        CPPUNIT_ASSERT(p.error == ImageError::None);
        CPPUNIT_ASSERT_EQUAL(321, p.width);
        CPPUNIT_ASSERT_EQUAL(123, p.height);
        CPPUNIT_ASSERT_EQUAL(1, p.orientation);
        CPPUNIT_ASSERT_EQUAL(321, p.display_width);
        CPPUNIT_ASSERT_EQUAL(123, p.square_edge());
    }

    void everyListedSizeIsExact() {
        const int sources[][2] = {{648, 648}, {1000, 700}, {700, 1000}, {1000, 3000}, {2000, 1500}, {100, 100}};
        for (const auto& src : sources) {
            const std::string jpeg = pattern_jpeg(src[0], src[1]);
            const int available = std::min(src[0], src[1]);
            for (int requested : kListedEdges) {
                const int edge = choose_edge(requested, available);
                const RenderResult r = render_square(jpeg, edge, 85, Limits{});
                const std::string what = std::to_string(src[0]) + "x" + std::to_string(src[1]) + " at " +
                                         std::to_string(requested);
                CPPUNIT_ASSERT_MESSAGE(what + ": " + r.message, r.error == ImageError::None);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(what, edge, r.edge);
                const ProbeResult out = probe_jpeg(r.jpeg, Limits{});
                CPPUNIT_ASSERT_EQUAL_MESSAGE(what, edge, out.width);
                CPPUNIT_ASSERT_EQUAL_MESSAGE(what, edge, out.height);
            }
        }
    }

    void tinySourceIsServedAsItIs() {
        const std::string jpeg = pattern_jpeg(30, 40);
        for (int requested : kListedEdges) {
            const int edge = choose_edge(requested, probe_jpeg(jpeg, Limits{}).square_edge());
            CPPUNIT_ASSERT_EQUAL(30, edge);
            const RenderResult r = render_square(jpeg, edge, 85, Limits{});
            CPPUNIT_ASSERT(r.error == ImageError::None);
            CPPUNIT_ASSERT_EQUAL(30, probe_jpeg(r.jpeg, Limits{}).width);
            CPPUNIT_ASSERT_EQUAL(30, probe_jpeg(r.jpeg, Limits{}).height);
        }
    }

    void edgeIsClampedNotUpscaled() {
        const RenderResult r = render_square(pattern_jpeg(200, 150), 648, 85, Limits{});
        CPPUNIT_ASSERT(r.error == ImageError::None);
        CPPUNIT_ASSERT_EQUAL(150, r.edge);
        CPPUNIT_ASSERT_EQUAL(150, probe_jpeg(r.jpeg, Limits{}).width);
        CPPUNIT_ASSERT_EQUAL(150, probe_jpeg(r.jpeg, Limits{}).height);
    }

    void invalidEdgeIsRefused() {
        const std::string jpeg = pattern_jpeg(64, 64);
        CPPUNIT_ASSERT(render_square(jpeg, 0, 85, Limits{}).error == ImageError::InvalidArgument);
        CPPUNIT_ASSERT(render_square(jpeg, -5, 85, Limits{}).error == ImageError::InvalidArgument);
    }

    void outputIs420Jpeg() {
        const RenderResult r = render_square(pattern_jpeg(500, 400), 96, 80, Limits{});
        jpeg::Header header;
        CPPUNIT_ASSERT(jpeg::read_header(r.jpeg, header).ok());
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(TJSAMP_420), header.subsampling);
        CPPUNIT_ASSERT_EQUAL(static_cast<int>(TJCS_YCbCr), header.colorspace);
    }

    void downscaleKeepsAGradient() {
        // A horizontal gray ramp 0..255 over 1600 px, rendered (through DCT scaling) to 96 px: each
        // output column must be the mean of the source columns it covers.
        const int size = 1600, edge = 96;
        const std::string jpeg = encode(paint(size, size, [&](int x, int) {
            const int v = x * 255 / (size - 1);
            return Color{v, v, v};
        }));
        const RenderResult r = render_square(jpeg, edge, 95, Limits{});
        CPPUNIT_ASSERT(r.error == ImageError::None);
        const RgbImage out = decoded(r.jpeg);
        for (int x = 2; x < edge - 2; x += 7) {
            const double centre = (x + 0.5) * size / edge - 0.5;
            const int expected = static_cast<int>(centre * 255 / (size - 1) + 0.5);
            const int actual = mean_color(out, x, edge / 2, 1, 4).g;
            CPPUNIT_ASSERT_MESSAGE("column " + std::to_string(x) + ": expected " + std::to_string(expected) +
                                       ", got " + std::to_string(actual),
                                   std::abs(expected - actual) <= 4);
        }
    }

    void probeReadsAllOrientations() {
        const std::string plain = encode(quadrants(300, 200));
        for (int o = 1; o <= 8; ++o) {
            const ProbeResult p = probe_jpeg(with_exif_orientation(plain, o), Limits{});
            CPPUNIT_ASSERT(p.error == ImageError::None);
            CPPUNIT_ASSERT_EQUAL(o, p.orientation);
            CPPUNIT_ASSERT_EQUAL(300, p.width);
            CPPUNIT_ASSERT_EQUAL(o >= 5 ? 200 : 300, p.display_width);
            CPPUNIT_ASSERT_EQUAL(o >= 5 ? 300 : 200, p.display_height);
        }
        // Out-of-range values read as "no orientation".
        CPPUNIT_ASSERT_EQUAL(1, probe_jpeg(with_exif_orientation(plain, 9), Limits{}).orientation);
        CPPUNIT_ASSERT_EQUAL(1, probe_jpeg(with_exif_orientation(plain, 0), Limits{}).orientation);
    }

    void renderAppliesAllOrientations() {
        const std::string plain = encode(quadrants(300, 200));
        for (int o = 1; o <= 8; ++o) {
            for (int edge : {200, 96}) {
                const RenderResult r = render_square(with_exif_orientation(plain, o), edge, 90, Limits{});
                CPPUNIT_ASSERT(r.error == ImageError::None);
                const RgbImage out = decoded(r.jpeg);
                CPPUNIT_ASSERT_EQUAL(edge, out.width);
                CPPUNIT_ASSERT_EQUAL(edge, out.height);
                assert_corners("orientation " + std::to_string(o) + " edge " + std::to_string(edge), out, o);
            }
        }
    }

    void decodeAppliesAllOrientations() {
        const std::string plain = encode(quadrants(300, 200));
        for (int o = 1; o <= 8; ++o) {
            const RgbImage shown = decoded(with_exif_orientation(plain, o));
            CPPUNIT_ASSERT_EQUAL(o >= 5 ? 200 : 300, shown.width);
            CPPUNIT_ASSERT_EQUAL(o >= 5 ? 300 : 200, shown.height);
            assert_corners("decoded orientation " + std::to_string(o), shown, o);
        }
    }

    void littleEndianExifIsRead() {
        const std::string jpeg = with_exif_orientation(encode(quadrants(300, 200)), 6, true);
        CPPUNIT_ASSERT_EQUAL(6, probe_jpeg(jpeg, Limits{}).orientation);
        const RenderResult r = render_square(jpeg, 120, 90, Limits{});
        assert_corners("little-endian orientation 6", decoded(r.jpeg), 6);
    }

    void portraitCropKeeps35PercentFromTop() {
        // 100x200: the square keeps rows 35..134 (35 % of the 100 rows of excess above it).
        const RgbImage source = paint(100, 200, [](int, int y) {
            if (y < 30) return kRed;                 // above the square
            if (y >= 40 && y < 60) return kGreen;    // inside, near its top
            if (y >= 110 && y < 130) return kYellow; // inside, near its bottom
            if (y >= 140) return kBlue;              // below the square
            return kGray;
        });
        const std::string jpeg = encode(source);
        const RgbImage full = decoded(render_square(jpeg, 100, 95, Limits{}).jpeg);
        assert_color("row 1 (source 36)", kGray, mean_color(full, 10, 1, 80, 2));
        assert_color("row 15 (source 50)", kGreen, mean_color(full, 10, 14, 80, 2));
        assert_color("row 85 (source 120)", kYellow, mean_color(full, 10, 84, 80, 2));
        assert_color("row 98 (source 133)", kGray, mean_color(full, 10, 97, 80, 2));
        // The same proportions after downscaling.
        const RgbImage half = decoded(render_square(jpeg, 50, 95, Limits{}).jpeg);
        assert_color("half row 0", kGray, mean_color(half, 5, 0, 40, 1));
        assert_color("half row 7", kGreen, mean_color(half, 5, 7, 40, 1));
        assert_color("half row 42", kYellow, mean_color(half, 5, 42, 40, 1));
        assert_color("half row 49", kGray, mean_color(half, 5, 49, 40, 1));
    }

    void landscapeCropIsCentred() {
        // 200x100: the square keeps columns 50..149.
        const RgbImage source = paint(200, 100, [](int x, int) {
            if (x < 45) return kRed;
            if (x >= 55 && x < 70) return kGreen;
            if (x >= 130 && x < 145) return kYellow;
            if (x >= 155) return kBlue;
            return kGray;
        });
        const RgbImage out = decoded(render_square(encode(source), 100, 95, Limits{}).jpeg);
        assert_color("column 1", kGray, mean_color(out, 0, 10, 3, 80));
        assert_color("column 12", kGreen, mean_color(out, 11, 10, 3, 80));
        assert_color("column 87", kYellow, mean_color(out, 86, 10, 3, 80));
        assert_color("column 98", kGray, mean_color(out, 97, 10, 3, 80));
    }

    void notJpegIsRefused() {
        std::mt19937 rng(7);
        std::string random_bytes(4096, '\0');
        for (char& c : random_bytes) c = static_cast<char>(rng() & 0xFF);
        random_bytes[0] = 0x42;
        const std::string inputs[] = {std::string(), "hello, world", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16),
                                      "GIF89a....", random_bytes, std::string("\xFF\xD8", 2)};
        for (const std::string& input : inputs) {
            CPPUNIT_ASSERT(probe_jpeg(input, Limits{}).error == ImageError::NotJpeg);
            const RenderResult r = render_square(input, 96, 85, Limits{});
            CPPUNIT_ASSERT(r.error == ImageError::NotJpeg);
            CPPUNIT_ASSERT(r.jpeg.empty());
            CPPUNIT_ASSERT(!r.message.empty());
            CPPUNIT_ASSERT(decode_jpeg_rgb(input, Limits{}).error == ImageError::NotJpeg);
        }
    }

    void truncatedAndCorruptAreErrors() {
        const std::string jpeg = pattern_jpeg(400, 400);
        // Cut in the middle of the scan: the header is fine, decoding is not.
        const std::string half = jpeg.substr(0, jpeg.size() / 2);
        CPPUNIT_ASSERT(probe_jpeg(half, Limits{}).error == ImageError::None);
        const RenderResult r = render_square(half, 96, 85, Limits{});
        CPPUNIT_ASSERT(r.error == ImageError::Corrupt);
        CPPUNIT_ASSERT(r.jpeg.empty());
        CPPUNIT_ASSERT(decode_jpeg_rgb(half, Limits{}).error == ImageError::Corrupt);
        // Cut before the frame header.
        CPPUNIT_ASSERT(probe_jpeg(jpeg.substr(0, 20), Limits{}).error == ImageError::Corrupt);
        // SOI followed by text.
        const std::string garbage = std::string("\xFF\xD8\xFF", 3) + std::string(500, 'x');
        CPPUNIT_ASSERT(probe_jpeg(garbage, Limits{}).error == ImageError::Corrupt);
        // SOI followed by random bytes: some error, never success.
        std::mt19937 rng(11);
        std::string noise = std::string("\xFF\xD8\xFF", 3);
        for (int i = 0; i < 3000; ++i) noise += static_cast<char>(rng() & 0xFF);
        const ImageError e = render_square(noise, 96, 85, Limits{}).error;
        CPPUNIT_ASSERT(e == ImageError::Corrupt || e == ImageError::TooLarge);
    }

    void mutatedJpegsNeverCrash() {
        const std::string jpeg = with_exif_orientation(pattern_jpeg(120, 90), 6);
        std::mt19937 rng(12345);
        int failures = 0;
        for (int round = 0; round < 300; ++round) {
            std::string mutated = jpeg;
            const int flips = 1 + static_cast<int>(rng() % 8);
            for (int i = 0; i < flips; ++i) mutated[rng() % mutated.size()] = static_cast<char>(rng() & 0xFF);
            if (rng() % 4 == 0) mutated.resize(rng() % mutated.size());
            const RenderResult r = render_square(mutated, 48, 85, Limits{});
            if (r.error == ImageError::None) {
                CPPUNIT_ASSERT_EQUAL(48, probe_jpeg(r.jpeg, Limits{}).width);
            } else {
                ++failures;
                CPPUNIT_ASSERT(r.jpeg.empty());
            }
        }
        CPPUNIT_ASSERT(failures > 0);  // the mutations did reach the error paths
    }

    void oversizedInputIsRefused() {
        const std::string jpeg = pattern_jpeg(64, 64);
        Limits limits;
        limits.max_input_bytes = jpeg.size() - 1;
        CPPUNIT_ASSERT(probe_jpeg(jpeg, limits).error == ImageError::TooLarge);
        CPPUNIT_ASSERT(render_square(jpeg, 48, 85, limits).error == ImageError::TooLarge);
        limits.max_input_bytes = jpeg.size();
        CPPUNIT_ASSERT(render_square(jpeg, 48, 85, limits).error == ImageError::None);
    }

    void headerBombIsRefusedBeforeDecoding() {
        std::string bomb = pattern_jpeg(64, 64);
        CPPUNIT_ASSERT(patch_sof_dimensions(bomb, 20000, 20000));
        const ProbeResult p = probe_jpeg(bomb, Limits{});
        CPPUNIT_ASSERT(p.error == ImageError::TooLarge);
        CPPUNIT_ASSERT(p.message.find("20000") != std::string::npos);
        // Were the scan decoded, this truncated bomb would be Corrupt: TooLarge proves it never was.
        const size_t scan = bomb.find("\xFF\xDA");
        CPPUNIT_ASSERT(scan != std::string::npos);
        const std::string headers_only = bomb.substr(0, scan + 40);
        Limits generous;
        generous.max_pixels = 1'000'000'000;
        CPPUNIT_ASSERT(render_square(headers_only, 96, 85, generous).error == ImageError::Corrupt);
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 20; ++i) {
            CPPUNIT_ASSERT(render_square(bomb, 648, 85, Limits{}).error == ImageError::TooLarge);
            CPPUNIT_ASSERT(render_square(headers_only, 96, 85, Limits{}).error == ImageError::TooLarge);
            CPPUNIT_ASSERT(decode_jpeg_rgb(bomb, Limits{}).error == ImageError::TooLarge);
            CPPUNIT_ASSERT(render_region(bomb, 0, 0, 100, 48, 85, Limits{}).error == ImageError::TooLarge);
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        CPPUNIT_ASSERT_MESSAGE("80 refusals took " + std::to_string(seconds) + " s", seconds < 1.0);
    }

    void pixelLimitIsInclusive() {
        const std::string jpeg = pattern_jpeg(100, 100);
        Limits limits;
        limits.max_pixels = 9999;
        CPPUNIT_ASSERT(render_square(jpeg, 48, 85, limits).error == ImageError::TooLarge);
        limits.max_pixels = 10000;
        CPPUNIT_ASSERT(render_square(jpeg, 48, 85, limits).error == ImageError::None);
    }

    void outputIsDeterministic() {
        const std::string jpeg = pattern_jpeg(777, 555);
        const RenderResult a = render_square(jpeg, 240, 85, Limits{});
        const RenderResult b = render_square(jpeg, 240, 85, Limits{});
        CPPUNIT_ASSERT(a.error == ImageError::None);
        CPPUNIT_ASSERT_EQUAL(a.jpeg.size(), b.jpeg.size());
        CPPUNIT_ASSERT(a.jpeg == b.jpeg);
        // Quality matters: a lower quality gives a smaller file of the same size.
        const RenderResult low = render_square(jpeg, 240, 30, Limits{});
        CPPUNIT_ASSERT(low.jpeg.size() < a.jpeg.size());
        CPPUNIT_ASSERT_EQUAL(240, probe_jpeg(low.jpeg, Limits{}).width);
    }

    void regionSelectsDisplayArea() {
        const std::string jpeg = encode(quadrants(400, 400));
        const Corner corners[4] = {TL, TR, BL, BR};
        const int xs[4] = {0, 200, 0, 200}, ys[4] = {0, 0, 200, 200};
        for (int i = 0; i < 4; ++i) {
            const RenderResult r = render_region(jpeg, xs[i], ys[i], 200, 64, 90, Limits{});
            CPPUNIT_ASSERT(r.error == ImageError::None);
            const RgbImage out = decoded(r.jpeg);
            CPPUNIT_ASSERT_EQUAL(64, out.width);
            CPPUNIT_ASSERT_EQUAL(64, out.height);
            assert_color("region " + std::to_string(i), kCornerColors[corners[i]], mean_color(out, 8, 8, 48, 48));
        }
        // edge larger than the region: clamped.
        const RenderResult big = render_region(jpeg, 10, 20, 50, 96, 90, Limits{});
        CPPUNIT_ASSERT_EQUAL(50, big.edge);
        CPPUNIT_ASSERT_EQUAL(50, probe_jpeg(big.jpeg, Limits{}).width);
    }

    void regionFollowsOrientation() {
        // Stored 300x200 with orientation 6 shows 200x300; its top-right square shows the stored TL.
        const std::string jpeg = with_exif_orientation(encode(quadrants(300, 200)), 6);
        const RenderResult r = render_region(jpeg, 100, 0, 100, 48, 90, Limits{});
        CPPUNIT_ASSERT(r.error == ImageError::None);
        assert_color("display top-right", kRed, mean_color(decoded(r.jpeg), 8, 8, 32, 32));
        const RenderResult bottom_left = render_region(jpeg, 0, 200, 100, 48, 90, Limits{});
        assert_color("display bottom-left", kYellow, mean_color(decoded(bottom_left.jpeg), 8, 8, 32, 32));
        // The whole display square fits; one more pixel down does not.
        CPPUNIT_ASSERT(render_region(jpeg, 0, 100, 200, 48, 90, Limits{}).error == ImageError::None);
        CPPUNIT_ASSERT(render_region(jpeg, 0, 101, 200, 48, 90, Limits{}).error == ImageError::InvalidArgument);
    }

    void regionOutsideIsInvalid() {
        const std::string jpeg = pattern_jpeg(300, 200);
        const int bad[][3] = {{-1, 0, 50}, {0, -1, 50}, {251, 0, 50}, {0, 151, 50}, {0, 0, 0}, {0, 0, 201}, {0, 0, -3}};
        for (const auto& b : bad) {
            const RenderResult r = render_region(jpeg, b[0], b[1], b[2], 48, 85, Limits{});
            CPPUNIT_ASSERT(r.error == ImageError::InvalidArgument);
            CPPUNIT_ASSERT(!r.message.empty());
        }
        CPPUNIT_ASSERT(render_region(jpeg, 250, 150, 50, 48, 85, Limits{}).error == ImageError::None);
        CPPUNIT_ASSERT(render_region(jpeg, 0, 0, 50, 0, 85, Limits{}).error == ImageError::InvalidArgument);
    }

    void rgbRenderingMatchesJpegRendering() {
        const RgbImage source = quadrants(300, 200);
        const RenderResult square = render_rgb_square(source, 96, 90);
        CPPUNIT_ASSERT(square.error == ImageError::None);
        const RgbImage out = decoded(square.jpeg);
        CPPUNIT_ASSERT_EQUAL(96, out.width);
        assert_corners("rgb square", out, 1);
        const RenderResult region = render_rgb_region(source, 150, 100, 100, 200, 90);
        CPPUNIT_ASSERT_EQUAL(100, region.edge);  // clamped
        assert_color("rgb region", kYellow, mean_color(decoded(region.jpeg), 10, 10, 80, 80));
        CPPUNIT_ASSERT(render_rgb_region(source, 250, 0, 100, 48, 90).error == ImageError::InvalidArgument);
        CPPUNIT_ASSERT(render_rgb_square(RgbImage{}, 48, 90).error == ImageError::InvalidArgument);
        CPPUNIT_ASSERT(encode_jpeg(RgbImage{}, 90).error == ImageError::InvalidArgument);
        // Round trip keeps dimensions and a flat colour.
        const RgbImage flat = paint(37, 23, [](int, int) { return kGreen; });
        const RgbImage back = decoded(encode(flat));
        CPPUNIT_ASSERT_EQUAL(37, back.width);
        CPPUNIT_ASSERT_EQUAL(23, back.height);
        assert_color("round trip", kGreen, mean_color(back, 0, 0, 37, 23));
    }

    void grayscaleAndCmykDecode() {
        // Made with TurboJPEG directly: the library's own encoder only writes YCbCr 4:2:0.
        const int w = 64, h = 48;
        tjhandle handle = tjInitCompress();
        CPPUNIT_ASSERT(handle != nullptr);
        std::vector<unsigned char> gray(static_cast<size_t>(w) * h * 3, 90);
        // Adobe-style inverted CMYK: RGB = C·K/255 etc., so (255, 128, 64, 200) shows (200, 100, 50).
        std::vector<unsigned char> cmyk;
        for (int i = 0; i < w * h; ++i) cmyk.insert(cmyk.end(), {255, 128, 64, 200});
        unsigned char* buffer = nullptr;
        unsigned long size = 0;
        CPPUNIT_ASSERT_EQUAL(0, tjCompress2(handle, gray.data(), w, 0, h, TJPF_RGB, &buffer, &size, TJSAMP_GRAY, 95, 0));
        const std::string gray_jpeg(reinterpret_cast<char*>(buffer), size);
        CPPUNIT_ASSERT_EQUAL(0, tjCompress2(handle, cmyk.data(), w, 0, h, TJPF_CMYK, &buffer, &size, TJSAMP_444, 98, 0));
        const std::string cmyk_jpeg(reinterpret_cast<char*>(buffer), size);
        tjFree(buffer);
        tjDestroy(handle);

        const RenderResult g = render_square(gray_jpeg, 48, 90, Limits{});
        CPPUNIT_ASSERT(g.error == ImageError::None);
        assert_color("grayscale", Color{90, 90, 90}, mean_color(decoded(g.jpeg), 0, 0, 48, 48));
        const RenderResult c = render_square(cmyk_jpeg, 48, 90, Limits{});
        CPPUNIT_ASSERT_MESSAGE(c.message, c.error == ImageError::None);
        const Color cmyk_color = mean_color(decoded(c.jpeg), 0, 0, 48, 48);
        CPPUNIT_ASSERT_MESSAGE(text(cmyk_color), near(Color{200, 100, 50}, cmyk_color, 12));
    }

    void describeNamesEveryError() {
        const ImageError all[] = {ImageError::None, ImageError::NotJpeg, ImageError::Corrupt, ImageError::TooLarge,
                                  ImageError::InvalidArgument};
        std::set<std::string> texts;
        for (ImageError e : all) texts.insert(describe(e));
        CPPUNIT_ASSERT_EQUAL(size_t(5), texts.size());
    }

    void dctScalesAreTheFastOnes() {
        bool has_one = false, has_eighth = false;
        for (Scale s : jpeg::fast_scaling_factors()) {
            CPPUNIT_ASSERT_EQUAL(1, s.num);
            CPPUNIT_ASSERT_EQUAL(0, s.denom & (s.denom - 1));
            has_one = has_one || s.denom == 1;
            has_eighth = has_eighth || s.denom == 8;
        }
        CPPUNIT_ASSERT(has_one);
        CPPUNIT_ASSERT(has_eighth);
        CPPUNIT_ASSERT(jpeg::scaling_factors().size() > jpeg::fast_scaling_factors().size());
    }

    void brokenExifReadsAsUpright() {
        const std::string plain = encode(quadrants(300, 200));
        const std::string good = with_exif_orientation(plain, 6);
        const size_t exif = good.find("Exif");
        CPPUNIT_ASSERT(exif != std::string::npos);
        // Random damage inside the TIFF structure: any orientation 1..8, never a crash.
        std::mt19937 rng(99);
        for (int round = 0; round < 300; ++round) {
            std::string damaged = good;
            for (int i = 0; i < 4; ++i) damaged[exif + 6 + rng() % 26] = static_cast<char>(rng() & 0xFF);
            const ProbeResult p = probe_jpeg(damaged, Limits{});
            CPPUNIT_ASSERT(p.error == ImageError::None);
            CPPUNIT_ASSERT(p.orientation >= 1 && p.orientation <= 8);
        }
        // A byte-order mark that is neither "II" nor "MM": no orientation.
        std::string unknown_order = good;
        unknown_order[exif + 6] = 'X';
        unknown_order[exif + 7] = 'X';
        CPPUNIT_ASSERT_EQUAL(1, probe_jpeg(unknown_order, Limits{}).orientation);
        // An APP1 that is not Exif (e.g. XMP) is ignored.
        std::string xmp = good;
        xmp.replace(exif, 4, "Xmp!");
        CPPUNIT_ASSERT_EQUAL(1, probe_jpeg(xmp, Limits{}).orientation);
    }

    // 648 -> 96 (the cold path's common case): the DCT takes the picture to 162 px (1/4; 1/8 would
    // be 81, below the edge), one resample does the remaining 1.69:1. The picture is gray (so the
    // 4:2:0 output keeps it) and made of waves: slow ones (10.8 and 13.5 output pixels a period),
    // which must come through, and fast ones (1.33 output pixels a period, above what 96 px can
    // show), which must not fold back as coarse moiré. The reference is that ideal: the slow waves
    // alone, sampled at the output pixels' centres.
    void coldRenderDecodesAtAQuarterAndKeepsDetail() {
        const Scale scale = choose_scale(648, 96, jpeg::fast_scaling_factors());
        CPPUNIT_ASSERT_EQUAL(1, scale.num);
        CPPUNIT_ASSERT_EQUAL(4, scale.denom);
        constexpr double kTwoPi = 6.283185307179586;
        auto slow = [&](double x, double y) { return 128 + 45 * std::sin(kTwoPi * x / 73) + 35 * std::sin(kTwoPi * y / 91); };
        auto fast = [&](double x, double y) { return 30 * std::sin(kTwoPi * x / 9) + 30 * std::sin(kTwoPi * y / 9); };
        auto gray = [](double v) {
            const int g = static_cast<int>(std::lround(std::clamp(v, 0.0, 255.0)));
            return Color{g, g, g};
        };
        const std::string jpeg =
            encode(paint(648, 648, [&](int x, int y) { return gray(slow(x + 0.5, y + 0.5) + fast(x + 0.5, y + 0.5)); }));
        const double step = 648.0 / 96;
        const RgbImage ideal = paint(96, 96, [&](int x, int y) { return gray(slow((x + 0.5) * step, (y + 0.5) * step)); });

        const RenderResult r = render_square(jpeg, 96, 95, Limits{});
        CPPUNIT_ASSERT_MESSAGE(r.message, r.error == ImageError::None);
        const double rendered = psnr(ideal, decoded(r.jpeg));
        // The same quarter decode finished by area averaging alone, for comparison.
        RgbImage quarter;
        CPPUNIT_ASSERT(jpeg::decode_rgb(jpeg, scale, quarter).ok());
        CPPUNIT_ASSERT_EQUAL(162, quarter.width);
        const double area_only = psnr(ideal, resample_area(quarter, {0, 0, 162, 162}, 96, 96));
        // Measured: 43.2 dB rendered, 34.3 dB with area averaging (the fast waves alias).
        CPPUNIT_ASSERT_MESSAGE("PSNR " + std::to_string(rendered), rendered >= 40.0);
        CPPUNIT_ASSERT_MESSAGE("PSNR " + std::to_string(rendered) + " vs area " + std::to_string(area_only),
                               rendered >= area_only + 5.0);
    }

    void renderingIsThreadSafe() {
        const std::string jpeg = with_exif_orientation(pattern_jpeg(900, 700), 8);
        const std::string reference = render_square(jpeg, 120, 85, Limits{}).jpeg;
        CPPUNIT_ASSERT(!reference.empty());
        std::vector<int> mismatches(4, 0);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 15; ++i) {
                    if (render_square(jpeg, 120, 85, Limits{}).jpeg != reference) ++mismatches[t];
                }
            });
        }
        for (auto& thread : threads) thread.join();
        for (int m : mismatches) CPPUNIT_ASSERT_EQUAL(0, m);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImageTest);
