// Unit tests of the pure parts of lib/image: geometry, orientation, area resampling, choose_edge.
#include <cppunit/extensions/HelperMacros.h>

#include <random>
#include <vector>

#include "image/photo_image.h"
#include "image/pixel_ops.h"
#include "image/resample_passes.h"
#include "image/square_geometry.h"

using namespace userphoto::image;

namespace {

RgbImage random_image(int width, int height, unsigned seed) {
    RgbImage image;
    image.width = width;
    image.height = height;
    image.rgb.resize(static_cast<size_t>(width) * height * 3);
    std::mt19937 rng(seed);
    for (auto& v : image.rgb) v = static_cast<uint8_t>(rng() & 0xFF);
    return image;
}

RgbImage gray_row(std::vector<uint8_t> values) {
    RgbImage image;
    image.width = static_cast<int>(values.size());
    image.height = 1;
    for (uint8_t v : values) image.rgb.insert(image.rgb.end(), {v, v, v});
    return image;
}

RgbImage crop(const RgbImage& image, int x, int y, int w, int h) {
    RgbImage out;
    out.width = w;
    out.height = h;
    for (int row = y; row < y + h; ++row) {
        const uint8_t* p = image.pixel(x, row);
        out.rgb.insert(out.rgb.end(), p, p + static_cast<size_t>(w) * 3);
    }
    return out;
}

}  // namespace

class ImagePixelsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImagePixelsTest);
    CPPUNIT_TEST(chooseEdgeTable);
    CPPUNIT_TEST(squareCropCentresAndKeepsTheTop);
    CPPUNIT_TEST(scaledDimensionRoundsUp);
    CPPUNIT_TEST(chooseScaleDecodesAtOrAboveTheEdge);
    CPPUNIT_TEST(orientSixRotatesClockwise);
    CPPUNIT_TEST(orientSwapsDimensions);
    CPPUNIT_TEST(displayToStoredAgreesWithOrient);
    CPPUNIT_TEST(resampleAveragesBlocks);
    CPPUNIT_TEST(resampleWeighsPartialPixels);
    CPPUNIT_TEST(resampleKeepsConstantsAndMean);
    CPPUNIT_TEST(resampleRejectsEmptyInput);
    CPPUNIT_TEST(lanczos2KeepsConstantsAndMean);
    CPPUNIT_TEST(downsampleUsesAreaFromTwoToOne);
    CPPUNIT_TEST(fastestPassesEqualPortableOnes);
    CPPUNIT_TEST(passesEqualForEveryTapCount);
    CPPUNIT_TEST(vectorPassesOnlyForFittingWeights);
    CPPUNIT_TEST_SUITE_END();

public:
    void chooseEdgeTable() {
        struct Row { int requested, available, expected; };
        const Row rows[] = {
            {648, 1000, 648}, {648, 648, 648}, {648, 647, 504}, {648, 500, 432}, {648, 400, 360},
            {240, 239, 120}, {96, 100, 96}, {96, 95, 64}, {64, 63, 48}, {48, 48, 48},
            {48, 47, 47}, {648, 30, 30}, {120, 1, 1}, {100, 90, 64}, {504, 504, 504},
        };
        for (const Row& r : rows) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(r.requested) + " from " + std::to_string(r.available),
                                         r.expected, choose_edge(r.requested, r.available));
        }
    }

    void squareCropCentresAndKeepsTheTop() {
        const Rect portrait = square_crop(100, 200);
        CPPUNIT_ASSERT_EQUAL(0, portrait.x);
        CPPUNIT_ASSERT_EQUAL(35, portrait.y);  // 35 % of the 100 rows of excess
        CPPUNIT_ASSERT_EQUAL(100, portrait.width);
        CPPUNIT_ASSERT_EQUAL(100, portrait.height);
        const Rect landscape = square_crop(300, 100);
        CPPUNIT_ASSERT_EQUAL(100, landscape.x);
        CPPUNIT_ASSERT_EQUAL(0, landscape.y);
        CPPUNIT_ASSERT_EQUAL(100, landscape.width);
        const Rect square = square_crop(64, 64);
        CPPUNIT_ASSERT_EQUAL(0, square.x);
        CPPUNIT_ASSERT_EQUAL(0, square.y);
        CPPUNIT_ASSERT_EQUAL(64, square.width);
        CPPUNIT_ASSERT_EQUAL(1050, square_crop(1000, 4000).y);
        CPPUNIT_ASSERT_EQUAL(0, square_crop(0, 10).width);
    }

    void scaledDimensionRoundsUp() {
        CPPUNIT_ASSERT_EQUAL(125, scaled_dimension(1000, {1, 8}));
        CPPUNIT_ASSERT_EQUAL(126, scaled_dimension(1001, {1, 8}));
        CPPUNIT_ASSERT_EQUAL(1, scaled_dimension(1, {1, 8}));
        CPPUNIT_ASSERT_EQUAL(750, scaled_dimension(1000, {3, 4}));
    }

    void chooseScaleDecodesAtOrAboveTheEdge() {
        const std::vector<Scale> factors = {{1, 1}, {7, 8}, {3, 4}, {5, 8}, {1, 2}, {3, 8}, {1, 4}, {1, 8}};
        auto ratio = [](Scale s) { return static_cast<double>(s.num) / s.denom; };
        CPPUNIT_ASSERT_EQUAL(1.0 / 8, ratio(choose_scale(4000, 96, factors)));  // 500 >= 96
        CPPUNIT_ASSERT_EQUAL(1.0 / 4, ratio(choose_scale(648, 96, factors)));   // 162 >= 96, 1/8 is 81
        CPPUNIT_ASSERT_EQUAL(1.0 / 8, ratio(choose_scale(768, 96, factors)));   // exactly 96
        CPPUNIT_ASSERT_EQUAL(1.0 / 4, ratio(choose_scale(760, 96, factors)));   // 1/8 is 95: just under
        CPPUNIT_ASSERT_EQUAL(1.0 / 4, ratio(choose_scale(4000, 648, factors)));  // 1000 >= 648, 1/8 is 500
        CPPUNIT_ASSERT_EQUAL(7.0 / 8, ratio(choose_scale(700, 612, factors)));  // 613 >= 612, 3/4 is 525
        CPPUNIT_ASSERT_EQUAL(1.0, ratio(choose_scale(648, 648, factors)));      // same size: no scaling
        CPPUNIT_ASSERT_EQUAL(1.0, ratio(choose_scale(30, 48, factors)));        // smaller than the edge
        // Every choice reaches the edge, and the next smaller candidate would not have.
        for (int source : {97, 500, 1000, 3333, 8000}) {
            for (int edge : kListedEdges) {
                const Scale s = choose_scale(source, edge, factors);
                if (ratio(s) == 1.0) continue;
                CPPUNIT_ASSERT(scaled_dimension(source, s) >= edge);
                for (const Scale& smaller : factors) {
                    if (ratio(smaller) < ratio(s)) CPPUNIT_ASSERT(scaled_dimension(source, smaller) < edge);
                }
            }
        }
    }

    void orientSixRotatesClockwise() {
        // stored 3x2:  a b c      displayed 2x3:  d a
        //              d e f                      e b
        //                                         f c
        RgbImage stored = gray_row({10, 20, 30, 40, 50, 60});
        stored.width = 3;
        stored.height = 2;
        const RgbImage shown = orient(stored, 6);
        CPPUNIT_ASSERT_EQUAL(2, shown.width);
        CPPUNIT_ASSERT_EQUAL(3, shown.height);
        const int expected[3][2] = {{40, 10}, {50, 20}, {60, 30}};
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 2; ++x) CPPUNIT_ASSERT_EQUAL(expected[y][x], static_cast<int>(shown.pixel(x, y)[0]));
        const RgbImage upside = orient(stored, 3);
        CPPUNIT_ASSERT_EQUAL(60, static_cast<int>(upside.pixel(0, 0)[0]));
        CPPUNIT_ASSERT_EQUAL(10, static_cast<int>(upside.pixel(2, 1)[0]));
    }

    void orientSwapsDimensions() {
        const RgbImage stored = random_image(7, 3, 1);
        for (int o = 0; o <= 9; ++o) {
            const RgbImage shown = orient(stored, o);
            const bool swapped = o >= 5 && o <= 8;
            CPPUNIT_ASSERT_EQUAL(swapped ? 3 : 7, shown.width);
            CPPUNIT_ASSERT_EQUAL(swapped ? 7 : 3, shown.height);
            CPPUNIT_ASSERT(shown.valid());
        }
        CPPUNIT_ASSERT(orient(stored, 0).rgb == stored.rgb);  // invalid orientation: untouched
    }

    void displayToStoredAgreesWithOrient() {
        // Cropping in stored coordinates and orienting afterwards equals orienting then cropping.
        const RgbImage stored = random_image(13, 9, 2);
        for (int o = 1; o <= 8; ++o) {
            const RgbImage shown = orient(stored, o);
            const int x = 2, y = 3, w = 4, h = 5;
            const RgbImage expected = crop(shown, x, y, w, h);
            const RectF window = display_to_stored({double(x), double(y), double(w), double(h)}, o, 13, 9);
            const bool swap = orientation_swaps_axes(o);
            const RgbImage cut = resample_area(stored, window, swap ? h : w, swap ? w : h);
            const RgbImage actual = orient(cut, o);
            CPPUNIT_ASSERT_EQUAL_MESSAGE("orientation " + std::to_string(o), w, actual.width);
            CPPUNIT_ASSERT_EQUAL(h, actual.height);
            CPPUNIT_ASSERT_MESSAGE("orientation " + std::to_string(o), expected.rgb == actual.rgb);
        }
    }

    void resampleAveragesBlocks() {
        RgbImage image = gray_row({0, 40, 100, 200, 10, 20, 30, 41});
        image.width = 4;
        image.height = 2;  // rows: 0 40 100 200 / 10 20 30 41
        const RgbImage out = resample_area(image, {0, 0, 4, 2}, 2, 1);
        CPPUNIT_ASSERT_EQUAL(2, out.width);
        CPPUNIT_ASSERT_EQUAL(1, out.height);
        CPPUNIT_ASSERT_EQUAL(18, static_cast<int>(out.pixel(0, 0)[0]));   // (0+40+10+20)/4 = 17.5
        CPPUNIT_ASSERT_EQUAL(93, static_cast<int>(out.pixel(1, 0)[1]));   // (100+200+30+41)/4 = 92.75
    }

    void resampleWeighsPartialPixels() {
        // 3 → 2: each output covers 1.5 source pixels.
        const RgbImage out = resample_area(gray_row({0, 90, 180}), {0, 0, 3, 1}, 2, 1);
        CPPUNIT_ASSERT_EQUAL(30, static_cast<int>(out.pixel(0, 0)[0]));   // (0·1 + 90·0.5) / 1.5
        CPPUNIT_ASSERT_EQUAL(150, static_cast<int>(out.pixel(1, 0)[2]));  // (90·0.5 + 180·1) / 1.5
        // A fractional window: [0.5, 2.5) of {0, 100, 200} to one pixel = (0·.5 + 100 + 200·.5) / 2.
        const RgbImage half = resample_area(gray_row({0, 100, 200}), {0.5, 0, 2, 1}, 1, 1);
        CPPUNIT_ASSERT_EQUAL(100, static_cast<int>(half.pixel(0, 0)[0]));
        const RgbImage shifted = resample_area(gray_row({0, 100, 200}), {0.75, 0, 1, 1}, 1, 1);
        CPPUNIT_ASSERT_EQUAL(75, static_cast<int>(shifted.pixel(0, 0)[0]));  // 0·.25 + 100·.75
    }

    void resampleKeepsConstantsAndMean() {
        RgbImage flat;
        flat.width = 101;
        flat.height = 77;
        for (int i = 0; i < flat.width * flat.height; ++i) flat.rgb.insert(flat.rgb.end(), {12, 200, 255});
        const RgbImage small = resample_area(flat, {3.3, 1.7, 90.1, 70.4}, 17, 13);
        for (size_t i = 0; i < small.rgb.size(); i += 3) {
            CPPUNIT_ASSERT_EQUAL(12, static_cast<int>(small.rgb[i]));
            CPPUNIT_ASSERT_EQUAL(200, static_cast<int>(small.rgb[i + 1]));
            CPPUNIT_ASSERT_EQUAL(255, static_cast<int>(small.rgb[i + 2]));
        }
        const RgbImage noisy = random_image(97, 61, 3);
        const RgbImage shrunk = resample_area(noisy, {0, 0, 97, 61}, 13, 7);
        auto mean = [](const RgbImage& image) {
            double sum = 0;
            for (uint8_t v : image.rgb) sum += v;
            return sum / image.rgb.size();
        };
        CPPUNIT_ASSERT_DOUBLES_EQUAL(mean(noisy), mean(shrunk), 1.0);
    }

    void resampleRejectsEmptyInput() {
        CPPUNIT_ASSERT(!resample_area(RgbImage{}, {0, 0, 1, 1}, 1, 1).valid());
        CPPUNIT_ASSERT(!resample_area(random_image(4, 4, 4), {0, 0, 0, 4}, 2, 2).valid());
        CPPUNIT_ASSERT(!resample_area(random_image(4, 4, 4), {0, 0, 4, 4}, 0, 2).valid());
    }

    void lanczos2KeepsConstantsAndMean() {
        RgbImage flat;
        flat.width = 101;
        flat.height = 77;
        for (int i = 0; i < flat.width * flat.height; ++i) flat.rgb.insert(flat.rgb.end(), {0, 200, 255});
        // Ratios below and above 2:1, a window touching the edges (taps renormalised there).
        for (int edge : {60, 17}) {
            const RgbImage small = resample_lanczos2(flat, {0.4, 0, 100.6, 77}, edge, edge * 3 / 4);
            CPPUNIT_ASSERT_EQUAL(edge, small.width);
            for (size_t i = 0; i < small.rgb.size(); i += 3) {
                CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(small.rgb[i]));
                CPPUNIT_ASSERT_EQUAL(200, static_cast<int>(small.rgb[i + 1]));
                CPPUNIT_ASSERT_EQUAL(255, static_cast<int>(small.rgb[i + 2]));
            }
        }
        const RgbImage noisy = random_image(97, 61, 3);
        auto mean = [](const RgbImage& image) {
            double sum = 0;
            for (uint8_t v : image.rgb) sum += v;
            return sum / image.rgb.size();
        };
        CPPUNIT_ASSERT_DOUBLES_EQUAL(mean(noisy), mean(resample_lanczos2(noisy, {0, 0, 97, 61}, 57, 36)), 1.0);
        CPPUNIT_ASSERT(!resample_lanczos2(RgbImage{}, {0, 0, 1, 1}, 1, 1).valid());
    }

    void downsampleUsesAreaFromTwoToOne() {
        const RgbImage noisy = random_image(162, 162, 5);
        const RectF all{0, 0, 162, 162};
        CPPUNIT_ASSERT(downsample(noisy, all, 81, 81).rgb == resample_area(noisy, all, 81, 81).rgb);
        CPPUNIT_ASSERT(downsample(noisy, all, 96, 96).rgb == resample_lanczos2(noisy, all, 96, 96).rgb);
        CPPUNIT_ASSERT(resample_lanczos2(noisy, all, 96, 96).rgb != resample_area(noisy, all, 96, 96).rgb);
    }

    // Whole resamplings: the vectorised passes (on x86-64) give the portable ones' bytes, at ratios
    // below and above 2:1, enlarging, odd tap counts, windows touching or leaving the picture.
    void fastestPassesEqualPortableOnes() {
        struct Case { int width, height; RectF window; int out_width, out_height; };
        const Case cases[] = {
            {162, 162, {0, 0, 162, 162}, 96, 96},   {324, 324, {0, 0, 324, 324}, 96, 96},
            {97, 61, {0.4, 0.2, 96.3, 60.5}, 57, 36}, {40, 40, {0, 0, 40, 40}, 96, 96},
            {101, 77, {-3.5, 2, 110, 70}, 33, 29},  {17, 250, {0, 40, 17, 17}, 5, 5},
            {500, 3, {0, 0, 500, 3}, 7, 2},          {648, 648, {0, 0, 648, 648}, 96, 96},
        };
        unsigned seed = 11;
        for (const Case& c : cases) {
            const RgbImage source = random_image(c.width, c.height, seed++);
            for (bool lanczos : {true, false}) {
                const auto run = [&](PassForm form) {
                    return lanczos ? resample_lanczos2(source, c.window, c.out_width, c.out_height, form)
                                   : resample_area(source, c.window, c.out_width, c.out_height, form);
                };
                const RgbImage fastest = run(PassForm::Fastest);
                const RgbImage portable = run(PassForm::Portable);
                const std::string what = std::to_string(c.width) + "x" + std::to_string(c.height) + " -> " +
                                         std::to_string(c.out_width) + (lanczos ? " lanczos2" : " area");
                CPPUNIT_ASSERT_MESSAGE(what, portable.valid());
                CPPUNIT_ASSERT_MESSAGE(what, fastest.rgb == portable.rgb);
            }
        }
    }

    // The passes alone, with random weights summing to one at every tap count from 1 to 11 and row
    // lengths that leave a tail after the 16-value blocks.
    void passesEqualForEveryTapCount() {
        std::mt19937 rng(7);
        for (int count = 1; count <= 11; ++count) {
            const int in_width = 40, out_width = 23;
            passes::AxisTaps taps;
            taps.count = count;
            for (int x = 0; x < out_width; ++x) {
                taps.first.push_back(static_cast<int>(rng() % (in_width - count + 1)));
                int left = passes::kWeightOne;
                for (int k = 0; k < count; ++k) {
                    const int w = k + 1 == count ? left : static_cast<int>(rng() % 800) - 200;
                    taps.weights.push_back(w);
                    left -= w;
                }
            }
            CPPUNIT_ASSERT(passes::vector_fits(taps));
            passes::add_pairs(taps);
            // Vertical: `count` source rows of 3 × in_width bytes into one intermediate row.
            std::vector<std::vector<uint8_t>> rows(count, std::vector<uint8_t>(in_width * 3));
            std::vector<const uint8_t*> row_pointers;
            for (auto& row : rows) {
                for (auto& v : row) v = static_cast<uint8_t>(rng());
                row_pointers.push_back(row.data());
            }
            const size_t length = static_cast<size_t>(in_width) * 3;
            std::vector<int16_t> mid_portable(length + passes::kIntermediateSlack);
            std::vector<int16_t> mid_vector(length + passes::kIntermediateSlack);
            passes::vertical(passes::Code::Portable, row_pointers.data(), taps.weights.data(), count,
                             mid_portable.data(), length);
            passes::vertical(passes::Code::Vector, row_pointers.data(), taps.weights.data(), count,
                             mid_vector.data(), length);
            CPPUNIT_ASSERT_MESSAGE("vertical, " + std::to_string(count) + " taps", mid_portable == mid_vector);
            // Horizontal: that row into out_width pixels.
            std::vector<uint8_t> out_portable(out_width * 3), out_vector(out_width * 3);
            passes::horizontal(passes::Code::Portable, mid_portable.data(), 0, taps, out_portable.data(), out_width);
            passes::horizontal(passes::Code::Vector, mid_portable.data(), 0, taps, out_vector.data(), out_width);
            CPPUNIT_ASSERT_MESSAGE("horizontal, " + std::to_string(count) + " taps", out_portable == out_vector);
        }
    }

    void vectorPassesOnlyForFittingWeights() {
        passes::AxisTaps plain;
        plain.count = 2;
        plain.first = {0};
        plain.weights = {passes::kWeightOne / 2, passes::kWeightOne / 2};
        passes::AxisTaps huge = plain;
        huge.weights = {40000, passes::kWeightOne - 40000};
        CPPUNIT_ASSERT(passes::vector_fits(plain));
        CPPUNIT_ASSERT(!passes::vector_fits(huge));
        CPPUNIT_ASSERT(passes::best_code(plain, huge) == passes::Code::Portable);
#if defined(__SSE2__)
        CPPUNIT_ASSERT(passes::best_code(plain, plain) == passes::Code::Vector);
#endif
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImagePixelsTest);
