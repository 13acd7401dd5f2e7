#include "image/pixel_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>

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

constexpr int kWeightBits = 12;  // weights of one output pixel sum to 1 << kWeightBits
constexpr int kWeightOne = 1 << kWeightBits;

// For every output pixel along one axis: the first source pixel it reads and `count` weights
// (a fixed stride, zero-padded, so the inner loops have one trip count and never read outside).
struct AxisTaps {
    int count = 0;
    std::vector<int> first;    // per output pixel
    std::vector<int> weights;  // out_size × count, fixed point, each row sums to kWeightOne
};

AxisTaps area_taps(double start, double length, int in_size, int out_size) {
    const double step = length / out_size;
    std::vector<int> first(out_size), run_start(out_size + 1);
    std::vector<int> runs;  // variable-length runs, packed
    std::vector<double> coverage;
    int count = 1;
    for (int i = 0; i < out_size; ++i) {
        double lo = std::clamp(start + i * step, 0.0, static_cast<double>(in_size));
        double hi = std::clamp(start + (i + 1) * step, 0.0, static_cast<double>(in_size));
        if (hi - lo < 1e-9) {  // degenerate (outside the picture): nearest pixel
            lo = std::min(std::floor(lo), static_cast<double>(in_size - 1));
            hi = lo + 1;
        }
        const int j0 = static_cast<int>(std::floor(lo));
        const int j1 = std::min(in_size - 1, static_cast<int>(std::ceil(hi)) - 1);
        coverage.clear();
        double total = 0;
        for (int j = j0; j <= j1; ++j) {
            const double c = std::min(hi, j + 1.0) - std::max(lo, static_cast<double>(j));
            coverage.push_back(c > 0 ? c : 0);
            total += coverage.back();
        }
        first[i] = j0;
        run_start[i] = static_cast<int>(runs.size());
        // Cumulative rounding: the run sums to exactly kWeightOne and no weight goes negative.
        double cumulative = 0;
        int previous = 0;
        for (double c : coverage) {
            cumulative += c;
            const int rounded = static_cast<int>(std::lround(cumulative / total * kWeightOne));
            runs.push_back(rounded - previous);
            previous = rounded;
        }
        count = std::max(count, static_cast<int>(coverage.size()));
    }
    run_start[out_size] = static_cast<int>(runs.size());

    AxisTaps taps;
    taps.count = count;
    taps.first.resize(out_size);
    taps.weights.assign(static_cast<size_t>(out_size) * count, 0);
    for (int i = 0; i < out_size; ++i) {
        // Move the start left near the end of the axis so all `count` reads stay inside.
        const int begin = std::min(first[i], in_size - count);
        taps.first[i] = begin;
        for (int k = run_start[i]; k < run_start[i + 1]; ++k) {
            taps.weights[static_cast<size_t>(i) * count + (first[i] - begin) + (k - run_start[i])] = runs[k];
        }
    }
    return taps;
}

// One row, horizontally: each output channel = Σ source × weight, kept as value × 256.
// The tap count is a template parameter for the common small cases so the loop unrolls.
template <int kCount>
void horizontal_taps(const uint8_t* src, const AxisTaps& taps, uint16_t* dst, int out_width, int count) {
    constexpr int shift = kWeightBits - 8;
    const int n = kCount > 0 ? kCount : count;
    for (int x = 0; x < out_width; ++x, dst += 3) {
        const int* w = &taps.weights[static_cast<size_t>(x) * n];
        const uint8_t* p = src + static_cast<size_t>(taps.first[x]) * 3;
        int r = 1 << (shift - 1), g = r, b = r;
        for (int k = 0; k < n; ++k, p += 3) {
            r += p[0] * w[k];
            g += p[1] * w[k];
            b += p[2] * w[k];
        }
        dst[0] = static_cast<uint16_t>(r >> shift);
        dst[1] = static_cast<uint16_t>(g >> shift);
        dst[2] = static_cast<uint16_t>(b >> shift);
    }
}

void horizontal_pass(const uint8_t* src, const AxisTaps& taps, uint16_t* dst, int out_width) {
    switch (taps.count) {
        case 1: return horizontal_taps<1>(src, taps, dst, out_width, 1);
        case 2: return horizontal_taps<2>(src, taps, dst, out_width, 2);
        case 3: return horizontal_taps<3>(src, taps, dst, out_width, 3);
        case 4: return horizontal_taps<4>(src, taps, dst, out_width, 4);
        default: return horizontal_taps<0>(src, taps, dst, out_width, taps.count);
    }
}

// One output row from `count` intermediate rows: a plain multiply-add over contiguous memory.
template <int kCount>
void vertical_taps(const uint16_t* const* rows, const int* w, int count, uint8_t* dst, size_t length) {
    constexpr int shift = kWeightBits + 8;
    const int n = kCount > 0 ? kCount : count;
    for (size_t i = 0; i < length; ++i) {
        int acc = 1 << (shift - 1);
        for (int k = 0; k < n; ++k) acc += rows[k][i] * w[k];
        dst[i] = static_cast<uint8_t>(std::min(255, acc >> shift));
    }
}

void vertical_pass(const uint16_t* const* rows, const int* w, int count, uint8_t* dst, size_t length) {
    switch (count) {
        case 1: return vertical_taps<1>(rows, w, 1, dst, length);
        case 2: return vertical_taps<2>(rows, w, 2, dst, length);
        case 3: return vertical_taps<3>(rows, w, 3, dst, length);
        case 4: return vertical_taps<4>(rows, w, 4, dst, length);
        default: return vertical_taps<0>(rows, w, count, dst, length);
    }
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

}  // namespace

RgbImage resample_area(const RgbImage& source, const RectF& window, int out_width, int out_height) {
    RgbImage out;
    if (!source.valid() || out_width <= 0 || out_height <= 0 || !(window.width > 0) || !(window.height > 0)) {
        return out;
    }
    if (is_plain_crop(source, window, out_width, out_height)) return copy_crop(source, window, out_width, out_height);
    const AxisTaps htaps = area_taps(window.x, window.width, source.width, out_width);
    const AxisTaps vtaps = area_taps(window.y, window.height, source.height, out_height);
    const int row0 = *std::min_element(vtaps.first.begin(), vtaps.first.end());
    const int row_end = *std::max_element(vtaps.first.begin(), vtaps.first.end()) + vtaps.count;

    // Horizontal pass over the rows the vertical pass reads: value × 256 in 16 bits.
    const size_t out_row = static_cast<size_t>(out_width) * 3;
    std::vector<uint16_t> tmp(static_cast<size_t>(row_end - row0) * out_row);
    for (int y = row0; y < row_end; ++y) {
        horizontal_pass(source.pixel(0, y), htaps, &tmp[static_cast<size_t>(y - row0) * out_row], out_width);
    }

    // Vertical pass into the output.
    out.width = out_width;
    out.height = out_height;
    out.rgb.resize(static_cast<size_t>(out_width) * out_height * 3);
    std::vector<const uint16_t*> rows(vtaps.count);
    for (int y = 0; y < out_height; ++y) {
        for (int k = 0; k < vtaps.count; ++k) {
            rows[k] = &tmp[static_cast<size_t>(vtaps.first[y] + k - row0) * out_row];
        }
        vertical_pass(rows.data(), &vtaps.weights[static_cast<size_t>(y) * vtaps.count], vtaps.count, out.pixel(0, y),
                      out_row);
    }
    return out;
}

}  // namespace userphoto::image
