#include "image/resample_passes.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#define USERPHOTO_SSE2_PASSES 1
#endif

namespace userphoto::image::passes {
namespace {

constexpr int kVerticalShift = kWeightBits - kFractionBits;
constexpr int kHorizontalShift = kWeightBits + kFractionBits;

// One intermediate value; saturated to 16 bits as the vectorised pass packs it.
inline int16_t to_intermediate(int acc) {
    return static_cast<int16_t>(std::clamp(acc >> kVerticalShift, -32768, 32767));
}

// Two weights as the int16 pair a 16-bit multiply-add takes: `first` in the low half.
inline int32_t pair_of(int first, int second) {
    return static_cast<int32_t>((static_cast<uint32_t>(second) << 16) | (static_cast<uint32_t>(first) & 0xFFFF));
}

inline uint8_t to_byte(int acc) { return static_cast<uint8_t>(std::clamp(acc >> kHorizontalShift, 0, 255)); }

// Portable vertical pass: a multiply-add over contiguous memory, in blocks of a fixed width.
template <int kCount>
void vertical_taps(const uint8_t* const* rows, const int* w, int count, int16_t* dst, size_t length) {
    constexpr size_t kBlock = 16;
    const int n = kCount > 0 ? kCount : count;
    size_t i = 0;
    for (; i + kBlock <= length; i += kBlock) {
        int acc[kBlock];
        for (size_t j = 0; j < kBlock; ++j) acc[j] = 1 << (kVerticalShift - 1);
        for (int k = 0; k < n; ++k) {
            const uint8_t* row = rows[k] + i;
            const int weight = w[k];
            for (size_t j = 0; j < kBlock; ++j) acc[j] += row[j] * weight;
        }
        for (size_t j = 0; j < kBlock; ++j) dst[i + j] = to_intermediate(acc[j]);
    }
    for (; i < length; ++i) {
        int acc = 1 << (kVerticalShift - 1);
        for (int k = 0; k < n; ++k) acc += rows[k][i] * w[k];
        dst[i] = to_intermediate(acc);
    }
}

void vertical_portable(const uint8_t* const* rows, const int* w, int count, int16_t* dst, size_t length) {
    switch (count) {
        case 1: return vertical_taps<1>(rows, w, 1, dst, length);
        case 2: return vertical_taps<2>(rows, w, 2, dst, length);
        case 3: return vertical_taps<3>(rows, w, 3, dst, length);
        case 4: return vertical_taps<4>(rows, w, 4, dst, length);
        case 5: return vertical_taps<5>(rows, w, 5, dst, length);
        case 6: return vertical_taps<6>(rows, w, 6, dst, length);
        case 7: return vertical_taps<7>(rows, w, 7, dst, length);
        case 8: return vertical_taps<8>(rows, w, 8, dst, length);
        default: return vertical_taps<0>(rows, w, count, dst, length);
    }
}

// Portable horizontal pass. The tap count is a template parameter for the common small cases so
// the loop unrolls.
template <int kCount>
void horizontal_taps(const int16_t* src, int col0, const AxisTaps& taps, uint8_t* dst, int out_width, int count) {
    const int n = kCount > 0 ? kCount : count;
    for (int x = 0; x < out_width; ++x, dst += 3) {
        const int* w = &taps.weights[static_cast<size_t>(x) * n];
        const int16_t* p = src + static_cast<size_t>(taps.first[x] - col0) * 3;
        int r = 1 << (kHorizontalShift - 1), g = r, b = r;
        for (int k = 0; k < n; ++k, p += 3) {
            r += p[0] * w[k];
            g += p[1] * w[k];
            b += p[2] * w[k];
        }
        dst[0] = to_byte(r);
        dst[1] = to_byte(g);
        dst[2] = to_byte(b);
    }
}

void horizontal_portable(const int16_t* src, int col0, const AxisTaps& taps, uint8_t* dst, int out_width) {
    switch (taps.count) {
        case 1: return horizontal_taps<1>(src, col0, taps, dst, out_width, 1);
        case 2: return horizontal_taps<2>(src, col0, taps, dst, out_width, 2);
        case 3: return horizontal_taps<3>(src, col0, taps, dst, out_width, 3);
        case 4: return horizontal_taps<4>(src, col0, taps, dst, out_width, 4);
        case 5: return horizontal_taps<5>(src, col0, taps, dst, out_width, 5);
        case 6: return horizontal_taps<6>(src, col0, taps, dst, out_width, 6);
        case 7: return horizontal_taps<7>(src, col0, taps, dst, out_width, 7);
        case 8: return horizontal_taps<8>(src, col0, taps, dst, out_width, 8);
        default: return horizontal_taps<0>(src, col0, taps, dst, out_width, taps.count);
    }
}

#if USERPHOTO_SSE2_PASSES

inline __m128i load(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }

// Two source rows at a time: their bytes interleaved and widened to 16 bits, so one multiply-add
// (pmaddwd) gives a·w[k] + b·w[k+1] for four columns in 32 bits. 16 columns per step. An odd
// count's last row is paired with itself at weight zero.
void vertical_sse2(const uint8_t* const* rows, const int* w, int count, int16_t* dst, size_t length) {
    constexpr int kMaxPairs = 8;
    if (count > 2 * kMaxPairs) return vertical_portable(rows, w, count, dst, length);
    const int pairs = (count + 1) / 2;
    const uint8_t* first[kMaxPairs];
    const uint8_t* second[kMaxPairs];
    __m128i weights[kMaxPairs];
    for (int k = 0; k < pairs; ++k) {
        const bool both = 2 * k + 1 < count;
        first[k] = rows[2 * k];
        second[k] = both ? rows[2 * k + 1] : rows[2 * k];
        weights[k] = _mm_set1_epi32(pair_of(w[2 * k], both ? w[2 * k + 1] : 0));
    }
    const __m128i zero = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= length; i += 16) {
        __m128i acc[4];
        for (__m128i& a : acc) a = _mm_set1_epi32(1 << (kVerticalShift - 1));
        for (int k = 0; k < pairs; ++k) {
            const __m128i a = load(first[k] + i);
            const __m128i b = load(second[k] + i);
            const __m128i lo = _mm_unpacklo_epi8(a, b);  // a0 b0 a1 b1 … a7 b7
            const __m128i hi = _mm_unpackhi_epi8(a, b);
            acc[0] = _mm_add_epi32(acc[0], _mm_madd_epi16(_mm_unpacklo_epi8(lo, zero), weights[k]));
            acc[1] = _mm_add_epi32(acc[1], _mm_madd_epi16(_mm_unpackhi_epi8(lo, zero), weights[k]));
            acc[2] = _mm_add_epi32(acc[2], _mm_madd_epi16(_mm_unpacklo_epi8(hi, zero), weights[k]));
            acc[3] = _mm_add_epi32(acc[3], _mm_madd_epi16(_mm_unpackhi_epi8(hi, zero), weights[k]));
        }
        for (__m128i& a : acc) a = _mm_srai_epi32(a, kVerticalShift);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm_packs_epi32(acc[0], acc[1]));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i + 8), _mm_packs_epi32(acc[2], acc[3]));
    }
    for (; i < length; ++i) {
        int acc = 1 << (kVerticalShift - 1);
        for (int k = 0; k < count; ++k) acc += rows[k][i] * w[k];
        dst[i] = to_intermediate(acc);
    }
}

// Two taps at a time (the pair count a template parameter for the common cases, so the loop
// unrolls): eight values from pixel k (R0 G0 B0 R1 G1 B1 R2 G2) interleaved with
// themselves shifted by one pixel give R0 R1 G0 G1 B0 B1 …, and one multiply-add by the weight
// pair gives the red, green and blue sums (the fourth lane is ignored).
template <int kPairs>
void horizontal_pairs(const int16_t* src, int col0, const AxisTaps& taps, uint8_t* dst, int out_width, int count) {
    const int pairs = kPairs > 0 ? kPairs : count;
    const int32_t* w = taps.pairs.data();
    for (int x = 0; x < out_width; ++x, dst += 3, w += pairs) {
        const int16_t* p = src + static_cast<size_t>(taps.first[x] - col0) * 3;
        __m128i acc = _mm_set1_epi32(1 << (kHorizontalShift - 1));
        for (int k = 0; k < pairs; ++k, p += 6) {
            const __m128i v = load(p);
            const __m128i interleaved = _mm_unpacklo_epi16(v, _mm_srli_si128(v, 6));
            acc = _mm_add_epi32(acc, _mm_madd_epi16(interleaved, _mm_set1_epi32(w[k])));
        }
        const __m128i words = _mm_packs_epi32(_mm_srai_epi32(acc, kHorizontalShift), acc);
        const uint32_t bytes = static_cast<uint32_t>(_mm_cvtsi128_si32(_mm_packus_epi16(words, words)));
        std::memcpy(dst, &bytes, 3);
    }
}

void horizontal_sse2(const int16_t* src, int col0, const AxisTaps& taps, uint8_t* dst, int out_width) {
    const int pairs = (taps.count + 1) / 2;
    switch (pairs) {
        case 1: return horizontal_pairs<1>(src, col0, taps, dst, out_width, 1);
        case 2: return horizontal_pairs<2>(src, col0, taps, dst, out_width, 2);
        case 3: return horizontal_pairs<3>(src, col0, taps, dst, out_width, 3);
        case 4: return horizontal_pairs<4>(src, col0, taps, dst, out_width, 4);
        case 5: return horizontal_pairs<5>(src, col0, taps, dst, out_width, 5);
        default: return horizontal_pairs<0>(src, col0, taps, dst, out_width, pairs);
    }
}

#endif

}  // namespace

void add_pairs(AxisTaps& taps) {
    const int pairs = (taps.count + 1) / 2;
    const size_t outputs = taps.first.size();
    taps.pairs.assign(outputs * pairs, 0);
    for (size_t x = 0; x < outputs; ++x) {
        const int* w = &taps.weights[x * taps.count];
        for (int k = 0; k < pairs; ++k) {
            taps.pairs[x * pairs + k] = pair_of(w[2 * k], 2 * k + 1 < taps.count ? w[2 * k + 1] : 0);
        }
    }
}

bool vector_fits(const AxisTaps& taps) {
    // 16-bit weights whose magnitudes sum to at most 4 × kWeightOne: with 16-bit intermediates
    // every sum stays below 2^31, in the vector lanes and in the portable ints alike.
    for (size_t x = 0; x < taps.first.size(); ++x) {
        long magnitude = 0;
        for (int k = 0; k < taps.count; ++k) {
            const int w = taps.weights[x * taps.count + k];
            if (w < -32768 || w > 32767) return false;
            magnitude += std::abs(w);
        }
        if (magnitude > 4L * kWeightOne) return false;
    }
    return true;
}

Code best_code(const AxisTaps& vertical, const AxisTaps& horizontal) {
#if USERPHOTO_SSE2_PASSES
    if (vector_fits(vertical) && vector_fits(horizontal)) return Code::Vector;
#else
    (void)vertical;
    (void)horizontal;
#endif
    return Code::Portable;
}

void vertical(Code code, const uint8_t* const* rows, const int* w, int count, int16_t* dst, size_t length) {
#if USERPHOTO_SSE2_PASSES
    if (code == Code::Vector) return vertical_sse2(rows, w, count, dst, length);
#endif
    (void)code;
    vertical_portable(rows, w, count, dst, length);
}

void horizontal(Code code, const int16_t* src, int col0, const AxisTaps& taps, uint8_t* dst, int out_width) {
#if USERPHOTO_SSE2_PASSES
    if (code == Code::Vector) return horizontal_sse2(src, col0, taps, dst, out_width);
#endif
    (void)code;
    horizontal_portable(src, col0, taps, dst, out_width);
}

}  // namespace userphoto::image::passes
