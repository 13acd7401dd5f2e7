// The two inner loops of separable resampling (pixel_ops.cc): a vertical pass from 8-bit source
// rows into a signed 16-bit intermediate row, then a horizontal pass into 8-bit output pixels.
// Each comes in a portable form and, on x86-64 (SSE2 is part of its baseline), a vectorised one
// built on 16-bit multiply-adds. Both forms do the same integer arithmetic and give the same bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace userphoto::image::passes {

constexpr int kWeightBits = 12;  // weights of one output pixel sum to 1 << kWeightBits
constexpr int kWeightOne = 1 << kWeightBits;
// Intermediate values (after the vertical pass) carry kFractionBits below the 8-bit value, signed:
// a kernel with negative lobes overshoots 0..255 a little.
constexpr int kFractionBits = 6;

// For every output pixel along one axis: the first source pixel it reads and `count` weights
// (a fixed stride, zero-padded, so the inner loops have one trip count and never read outside).
struct AxisTaps {
    int count = 0;
    std::vector<int> first;    // per output pixel
    std::vector<int> weights;  // out_size × count, fixed point, each row sums to kWeightOne
    // For the vectorised horizontal pass (add_pairs): per output pixel, (count + 1) / 2 pairs of
    // consecutive weights as two int16 in one int32, the second of an odd count's last pair zero.
    std::vector<int32_t> pairs;
};

// Fills taps.pairs from taps.weights.
void add_pairs(AxisTaps& taps);

enum class Code { Portable, Vector };

// Whether `taps` suit the vectorised passes: every weight fits 16 bits and no accumulator can leave
// 32 bits (true of every area and Lanczos2 kernel; a degenerate one falls back to Portable).
bool vector_fits(const AxisTaps& taps);

// Code::Vector where the build has it and `taps` fit, else Code::Portable.
Code best_code(const AxisTaps& vertical, const AxisTaps& horizontal);

// Extra int16 values the horizontal pass may read past the end of the intermediate rows (it reads
// taps in pairs, eight values at a time): allocate them, zeroed, after the last row.
constexpr size_t kIntermediateSlack = 8;

// One intermediate row (`length` values) from `count` source rows weighted by `w`.
void vertical(Code code, const uint8_t* const* rows, const int* w, int count, int16_t* dst, size_t length);

// One output row of `out_width` RGB pixels from an intermediate row whose first pixel is source
// column `col0`. Code::Vector needs taps.pairs (add_pairs).
void horizontal(Code code, const int16_t* src, int col0, const AxisTaps& taps, uint8_t* dst, int out_width);

}  // namespace userphoto::image::passes
