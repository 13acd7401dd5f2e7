#include "image/pixel_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "image/resample_passes.h"

namespace userphoto::image {

RgbImage orient(const RgbImage& stored, int orientation) {
    if (orientation < 2 || orientation > 8 || !stored.valid()) return stored;
    const int W = stored.width;
    const int H = stored.height;
    RgbImage out;
    out.width = orientation_swaps_axes(orientation) ? H : W;
    out.height = orientation_swaps_axes(orientation) ? W : H;
    out.rgb.resize(stored.rgb.size());
    // For each display pixel (dx, dy), the stored pixel it shows.
    for (int dy = 0; dy < out.height; ++dy) {
        uint8_t* dst = out.pixel(0, dy);
        for (int dx = 0; dx < out.width; ++dx, dst += 3) {
            int sx = dx, sy = dy;
            switch (orientation) {
                case 2: sx = W - 1 - dx; sy = dy; break;
                case 3: sx = W - 1 - dx; sy = H - 1 - dy; break;
                case 4: sx = dx; sy = H - 1 - dy; break;
                case 5: sx = dy; sy = dx; break;
                case 6: sx = dy; sy = H - 1 - dx; break;
                case 7: sx = W - 1 - dy; sy = H - 1 - dx; break;
                case 8: sx = W - 1 - dy; sy = dx; break;
            }
            std::memcpy(dst, stored.pixel(sx, sy), 3);
        }
    }
    return out;
}

namespace {

using passes::AxisTaps;
using passes::kWeightOne;

// Weights as computed in floating point, one variable-length run per output pixel, before packing.
struct RawTaps {
    std::vector<int> first;      // per output pixel: the source pixel of its first weight
    std::vector<int> run_start;  // per output pixel, plus one at the end: its run in `weights`
    std::vector<double> weights;
};

// Fixed-point taps of a fixed stride from raw runs. Cumulative rounding: each run sums to exactly
// kWeightOne whatever the signs of its weights.
AxisTaps pack_taps(const RawTaps& raw, int in_size) {
    const int out_size = static_cast<int>(raw.first.size());
    int count = 1;
    for (int i = 0; i < out_size; ++i) count = std::max(count, raw.run_start[i + 1] - raw.run_start[i]);
    count = std::min(count, in_size);
    AxisTaps taps;
    taps.count = count;
    taps.first.resize(out_size);
    taps.weights.assign(static_cast<size_t>(out_size) * count, 0);
    for (int i = 0; i < out_size; ++i) {
        double total = 0;
        for (int k = raw.run_start[i]; k < raw.run_start[i + 1]; ++k) total += raw.weights[k];
        // Move the start left near the end of the axis so all `count` reads stay inside.
        const int begin = std::min(raw.first[i], in_size - count);
        taps.first[i] = begin;
        int* row = &taps.weights[static_cast<size_t>(i) * count + (raw.first[i] - begin)];
        double cumulative = 0;
        int previous = 0;
        for (int k = raw.run_start[i]; k < raw.run_start[i + 1]; ++k) {
            cumulative += raw.weights[k];
            const int rounded = static_cast<int>(std::lround(cumulative / total * kWeightOne));
            *row++ = rounded - previous;
            previous = rounded;
        }
    }
    return taps;
}

RawTaps area_runs(double start, double length, int in_size, int out_size) {
    const double step = length / out_size;
    RawTaps raw;
    raw.first.resize(out_size);
    raw.run_start.resize(out_size + 1);
    for (int i = 0; i < out_size; ++i) {
        double lo = std::clamp(start + i * step, 0.0, static_cast<double>(in_size));
        double hi = std::clamp(start + (i + 1) * step, 0.0, static_cast<double>(in_size));
        if (hi - lo < 1e-9) {  // degenerate (outside the picture): nearest pixel
            lo = std::min(std::floor(lo), static_cast<double>(in_size - 1));
            hi = lo + 1;
        }
        const int j0 = static_cast<int>(std::floor(lo));
        const int j1 = std::min(in_size - 1, static_cast<int>(std::ceil(hi)) - 1);
        raw.first[i] = j0;
        raw.run_start[i] = static_cast<int>(raw.weights.size());
        for (int j = j0; j <= j1; ++j) {
            const double c = std::min(hi, j + 1.0) - std::max(lo, static_cast<double>(j));
            raw.weights.push_back(c > 0 ? c : 0);
        }
    }
    raw.run_start[out_size] = static_cast<int>(raw.weights.size());
    return raw;
}

constexpr double kPi = 3.14159265358979323846;

double sinc(double x) { return x == 0 ? 1.0 : std::sin(kPi * x) / (kPi * x); }

// Lanczos2: sinc windowed by the central lobe of a sinc twice as wide; zero beyond |x| = 2.
double lanczos2(double x) { return std::fabs(x) < 2 ? sinc(x) * sinc(x / 2) : 0.0; }

// Taps of the Lanczos2 kernel stretched by the ratio (a low-pass at the output's Nyquist limit),
// centred on each output pixel's centre. Pixels outside the picture are left out (the rest renormalised).
RawTaps lanczos2_runs(double start, double length, int in_size, int out_size) {
    constexpr double kRadius = 2.0;
    const double step = length / out_size;
    const double stretch = std::max(step, 1.0);
    RawTaps raw;
    raw.first.resize(out_size);
    raw.run_start.resize(out_size + 1);
    for (int i = 0; i < out_size; ++i) {
        const double centre = start + (i + 0.5) * step;
        // Pixels whose centres (j + 0.5) fall strictly inside the support; the kernel is 0 elsewhere.
        int j0 = std::max(0, static_cast<int>(std::floor(centre - kRadius * stretch - 0.5)) + 1);
        int j1 = std::min(in_size - 1, static_cast<int>(std::ceil(centre + kRadius * stretch - 0.5)) - 1);
        if (j0 > j1) j0 = j1 = std::clamp(static_cast<int>(centre), 0, in_size - 1);  // outside: nearest
        raw.first[i] = j0;
        raw.run_start[i] = static_cast<int>(raw.weights.size());
        double total = 0;
        for (int j = j0; j <= j1; ++j) {
            raw.weights.push_back(lanczos2((j + 0.5 - centre) / stretch));
            total += raw.weights.back();
        }
        if (total <= 0) {  // nothing of the kernel lands inside: nearest pixel
            raw.weights.resize(raw.run_start[i]);
            raw.first[i] = std::clamp(static_cast<int>(centre), 0, in_size - 1);
            raw.weights.push_back(1.0);
        }
    }
    raw.run_start[out_size] = static_cast<int>(raw.weights.size());
    return raw;
}

// A window on whole pixels, inside the picture, of exactly the output size: nothing to average.
bool is_plain_crop(const RgbImage& source, const RectF& window, int out_width, int out_height) {
    return window.width == out_width && window.height == out_height && window.x == std::floor(window.x) &&
           window.y == std::floor(window.y) && window.x >= 0 && window.y >= 0 &&
           window.x + out_width <= source.width && window.y + out_height <= source.height;
}

RgbImage copy_crop(const RgbImage& source, const RectF& window, int out_width, int out_height) {
    RgbImage out;
    out.width = out_width;
    out.height = out_height;
    out.rgb.resize(static_cast<size_t>(out_width) * out_height * 3);
    const int x = static_cast<int>(window.x), y = static_cast<int>(window.y);
    for (int row = 0; row < out_height; ++row) {
        std::memcpy(out.pixel(0, row), source.pixel(x, y + row), static_cast<size_t>(out_width) * 3);
    }
    return out;
}

using RunsFor = RawTaps (*)(double start, double length, int in_size, int out_size);

// Separable resampling of `window` with the weights `runs` gives along each axis.
RgbImage resample_with(RunsFor runs, const RgbImage& source, const RectF& window, int out_width, int out_height,
                       PassForm form) {
    RgbImage out;
    if (!source.valid() || out_width <= 0 || out_height <= 0 || !(window.width > 0) || !(window.height > 0)) {
        return out;
    }
    if (is_plain_crop(source, window, out_width, out_height)) return copy_crop(source, window, out_width, out_height);
    AxisTaps htaps = pack_taps(runs(window.x, window.width, source.width, out_width), source.width);
    const AxisTaps vtaps = pack_taps(runs(window.y, window.height, source.height, out_height), source.height);
    const passes::Code code =
        form == PassForm::Portable ? passes::Code::Portable : passes::best_code(vtaps, htaps);
    if (code == passes::Code::Vector) passes::add_pairs(htaps);
    const int col0 = *std::min_element(htaps.first.begin(), htaps.first.end());
    const int col_end = *std::max_element(htaps.first.begin(), htaps.first.end()) + htaps.count;

    // Vertical pass over the columns the horizontal pass reads: value × 64, signed 16 bits.
    const size_t mid_row = static_cast<size_t>(col_end - col0) * 3;
    std::vector<int16_t> mid(static_cast<size_t>(out_height) * mid_row + passes::kIntermediateSlack);
    std::vector<const uint8_t*> rows(vtaps.count);
    for (int y = 0; y < out_height; ++y) {
        for (int k = 0; k < vtaps.count; ++k) rows[k] = source.pixel(col0, vtaps.first[y] + k);
        passes::vertical(code, rows.data(), &vtaps.weights[static_cast<size_t>(y) * vtaps.count], vtaps.count,
                      &mid[static_cast<size_t>(y) * mid_row], mid_row);
    }

    // Horizontal pass into the output.
    out.width = out_width;
    out.height = out_height;
    out.rgb.resize(static_cast<size_t>(out_width) * out_height * 3);
    for (int y = 0; y < out_height; ++y) {
        passes::horizontal(code, &mid[static_cast<size_t>(y) * mid_row], col0, htaps, out.pixel(0, y), out_width);
    }
    return out;
}

}  // namespace

RgbImage resample_area(const RgbImage& source, const RectF& window, int out_width, int out_height, PassForm form) {
    return resample_with(area_runs, source, window, out_width, out_height, form);
}

RgbImage resample_lanczos2(const RgbImage& source, const RectF& window, int out_width, int out_height,
                           PassForm form) {
    return resample_with(lanczos2_runs, source, window, out_width, out_height, form);
}

RgbImage downsample(const RgbImage& source, const RectF& window, int out_width, int out_height) {
    const bool at_least_2x = window.width >= 2.0 * out_width && window.height >= 2.0 * out_height;
    return at_least_2x ? resample_area(source, window, out_width, out_height)
                       : resample_lanczos2(source, window, out_width, out_height);
}

}  // namespace userphoto::image
