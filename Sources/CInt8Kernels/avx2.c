// x86-64 AVX2 path of edge_int8_conv, for CPUs without AVX-512 VNNI; compiled with
// target attributes and chosen at run time (dispatch.c).
//
// vpmaddwd multiplies 16-bit pairs and adds each pair into an int32 lane. With the
// dot-product weight layout [lane][4 taps] widened to int16 and the activations
// broadcast as (u0, u1, u2, u3), one int32 lane gets u0 w0 + u1 w1 and the next
// u2 w2 + u3 w3 for the same output channel; the two halves are added once per
// output. u <= 255 and |w| <= 127 are exact in int16 and the pair sums in int32, so
// the result equals the portable path bit for bit.
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <string.h>

#include "int8_kernels.h"

#define EDGE_AVX2 __attribute__((target("avx2")))
#define EDGE_AVX2_INLINE static inline __attribute__((always_inline)) EDGE_AVX2

/// Arithmetic right shift of 64-bit lanes by per-lane counts in 1...62 (AVX2 has only
/// the logical one): bias into the non-negative range first; |x| < 2^62 holds.
EDGE_AVX2_INLINE __m256i shift_right_arithmetic(__m256i x, __m256i count) {
    const __m256i offset = _mm256_set1_epi64x((int64_t)1 << 62);
    const __m256i shifted = _mm256_srlv_epi64(_mm256_add_epi64(x, offset), count);
    return _mm256_sub_epi64(shifted, _mm256_srlv_epi64(offset, count));
}

EDGE_AVX2_INLINE __m256i clamp64(__m256i x, __m256i low, __m256i high) {
    x = _mm256_blendv_epi8(x, low, _mm256_cmpgt_epi64(low, x));
    return _mm256_blendv_epi8(x, high, _mm256_cmpgt_epi64(x, high));
}

/// Requantizes 8 int32 lanes (see int8_kernels.h) to offset-domain int32.
EDGE_AVX2_INLINE __m256i requantize8(__m256i acc, const edge_int8_conv_args *a, int32_t channel) {
    const __m256i multiplier = _mm256_loadu_si256((const __m256i *)(a->multiplier + channel));
    const __m256i shift = _mm256_loadu_si256((const __m256i *)(a->shift + channel));
    const __m256i low32 = _mm256_set1_epi64x(0xffffffffLL);
    const __m256i one = _mm256_set1_epi64x(1);
    const __m256i low = _mm256_set1_epi64x((int64_t)a->clamp_low - a->output_zero_point);
    const __m256i high = _mm256_set1_epi64x((int64_t)a->clamp_high - a->output_zero_point);

    const __m256i shift_even = _mm256_and_si256(shift, low32);
    const __m256i shift_odd = _mm256_srli_epi64(shift, 32);
    __m256i even = _mm256_mul_epi32(acc, multiplier);
    __m256i odd = _mm256_mul_epi32(_mm256_srli_epi64(acc, 32), _mm256_srli_epi64(multiplier, 32));
    even = _mm256_add_epi64(even, _mm256_sllv_epi64(one, _mm256_sub_epi64(shift_even, one)));
    odd = _mm256_add_epi64(odd, _mm256_sllv_epi64(one, _mm256_sub_epi64(shift_odd, one)));
    even = clamp64(shift_right_arithmetic(even, shift_even), low, high);
    odd = clamp64(shift_right_arithmetic(odd, shift_odd), low, high);
    const __m256i result = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
    return _mm256_add_epi32(result, _mm256_set1_epi32(a->output_zero_point));
}

/// Requantizes 16 lanes and stores the real ones.
EDGE_AVX2_INLINE void store16(__m256i first, __m256i second, const edge_int8_conv_args *a, int32_t channel,
                              uint8_t *out) {
    const __m256i words = _mm256_packs_epi32(requantize8(first, a, channel), requantize8(second, a, channel + 8));
    const __m256i ordered = _mm256_permute4x64_epi64(words, 0xD8);
    const __m128i bytes = _mm_packus_epi16(_mm256_castsi256_si128(ordered), _mm256_extracti128_si256(ordered, 1));
    const int32_t count = a->output_channels - channel < 16 ? a->output_channels - channel : 16;
    if (count == 16) {
        _mm_storeu_si128((__m128i *)out, bytes);
    } else {
        uint8_t buffer[16];
        _mm_storeu_si128((__m128i *)buffer, bytes);
        memcpy(out, buffer, (size_t)count);
    }
}

/// Adds the two half sums of each output lane: [l0a l0b l1a l1b | l2a l2b l3a l3b] and
/// the next four lanes -> [l0 ... l7].
EDGE_AVX2_INLINE __m256i fold_pairs(__m256i first, __m256i second) {
    return _mm256_permute4x64_epi64(_mm256_hadd_epi32(first, second), 0xD8);
}

/// `np` (constant after inlining) consecutive unpooled positions from `u0`, one 16-lane block.
EDGE_AVX2_INLINE void tile(const edge_int8_conv_args *a, int32_t u0, const int8_t *w, int32_t channel, const int np) {
    __m256i acc[4][4];
    for (int i = 0; i < np; ++i)
        for (int k = 0; k < 4; ++k) acc[i][k] = _mm256_setzero_si256();
    const uint8_t *x = a->input + (int64_t)u0 * a->input_stride;
    for (int32_t q = 0; q < a->quads; ++q) {
        __m256i weights[4];
        for (int k = 0; k < 4; ++k) weights[k] = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(w + 64 * q + 16 * k)));
        for (int i = 0; i < np; ++i) {
            uint32_t quad;
            memcpy(&quad, x + (int64_t)i * a->input_stride + 4 * q, 4);
            const __m256i values = _mm256_cvtepu8_epi16(_mm_set1_epi32((int32_t)quad));
            for (int k = 0; k < 4; ++k) acc[i][k] = _mm256_add_epi32(acc[i][k], _mm256_madd_epi16(values, weights[k]));
        }
    }
    const __m256i bias_low = _mm256_loadu_si256((const __m256i *)(a->bias + channel));
    const __m256i bias_high = _mm256_loadu_si256((const __m256i *)(a->bias + channel + 8));
    const int pool = a->pool;
    for (int i = 0; i < np; i += pool) {
        __m256i low = _mm256_add_epi32(fold_pairs(acc[i][0], acc[i][1]), bias_low);
        __m256i high = _mm256_add_epi32(fold_pairs(acc[i][2], acc[i][3]), bias_high);
        if (pool == 2) {
            low = _mm256_max_epi32(low, _mm256_add_epi32(fold_pairs(acc[i + 1][0], acc[i + 1][1]), bias_low));
            high = _mm256_max_epi32(high, _mm256_add_epi32(fold_pairs(acc[i + 1][2], acc[i + 1][3]), bias_high));
        }
        const int32_t t = (u0 + i) / pool;
        store16(low, high, a, channel, a->output + (int64_t)t * a->output_stride + channel);
    }
}

EDGE_AVX2 void edge_int8_conv_avx2(const edge_int8_conv_args *a) {
    const int32_t blocks = (a->output_channels + 15) / 16;
    const int32_t positions = a->output_positions * a->pool;
    for (int32_t b = 0; b < blocks; ++b) {
        const int8_t *w = a->weights + (int64_t)b * a->quads * 64;
        int32_t u = 0;
        for (; u + 2 <= positions; u += 2) tile(a, u, w, 16 * b, 2);
        if (a->pool == 1 && u < positions) tile(a, u, w, 16 * b, 1);
    }
}
#endif
