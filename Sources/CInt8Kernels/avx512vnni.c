// x86-64 AVX-512 VNNI path of edge_int8_conv, compiled with target attributes so
// the rest of the binary stays baseline x86-64; chosen at run time (dispatch.c).
// vpdpbusd multiplies 4 unsigned activation bytes by 4 signed weight bytes and adds
// the 4 products to an int32 lane, exactly (no intermediate saturation), so this
// path equals the portable one bit for bit.
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#include <string.h>

#include "int8_kernels.h"

#define EDGE_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512vnni")))
#define EDGE_INLINE static inline __attribute__((always_inline)) EDGE_TARGET

/// Requantizes 16 int32 lanes (see int8_kernels.h) and stores `lanes` bytes.
EDGE_INLINE void requantize_store(__m512i acc, const edge_int8_conv_args *a, int32_t channel, uint8_t *out) {
    const __m512i multiplier = _mm512_loadu_si512((const void *)(a->multiplier + channel));
    const __m512i shift = _mm512_loadu_si512((const void *)(a->shift + channel));
    const __m512i low32 = _mm512_set1_epi64(0xffffffffLL);
    const __m512i one = _mm512_set1_epi64(1);
    const __m512i low = _mm512_set1_epi64((int64_t)a->clamp_low - a->output_zero_point);
    const __m512i high = _mm512_set1_epi64((int64_t)a->clamp_high - a->output_zero_point);

    // Even lanes sit in the low halves of the 64-bit lanes, odd lanes in the high halves.
    const __m512i shift_even = _mm512_and_si512(shift, low32);
    const __m512i shift_odd = _mm512_srli_epi64(shift, 32);
    __m512i even = _mm512_mul_epi32(acc, multiplier);
    __m512i odd = _mm512_mul_epi32(_mm512_srli_epi64(acc, 32), _mm512_srli_epi64(multiplier, 32));
    even = _mm512_add_epi64(even, _mm512_sllv_epi64(one, _mm512_sub_epi64(shift_even, one)));
    odd = _mm512_add_epi64(odd, _mm512_sllv_epi64(one, _mm512_sub_epi64(shift_odd, one)));
    even = _mm512_min_epi64(_mm512_max_epi64(_mm512_srav_epi64(even, shift_even), low), high);
    odd = _mm512_min_epi64(_mm512_max_epi64(_mm512_srav_epi64(odd, shift_odd), low), high);

    __m512i result = _mm512_mask_blend_epi32((__mmask16)0xAAAA, even, _mm512_slli_epi64(odd, 32));
    result = _mm512_add_epi32(result, _mm512_set1_epi32(a->output_zero_point));
    const int32_t lanes = a->output_channels - channel < 16 ? a->output_channels - channel : 16;
    const __mmask16 mask = (__mmask16)(lanes >= 16 ? 0xFFFF : ((1u << lanes) - 1u));
    _mm_mask_storeu_epi8((void *)out, mask, _mm512_cvtusepi32_epi8(result));
}

/// One tile: `np` consecutive unpooled positions from `u0`, `nb` channel blocks from `b0`.
/// Called with constant `np`/`nb`, so the accumulator arrays live in registers.
EDGE_INLINE void tile(const edge_int8_conv_args *a, int32_t u0, int32_t b0, const int np, const int nb) {
    __m512i acc[8][4];
    for (int j = 0; j < nb; ++j) {
        const __m512i bias = _mm512_loadu_si512((const void *)(a->bias + (b0 + j) * 16));
        for (int i = 0; i < np; ++i) acc[i][j] = bias;
    }
    const uint8_t *x = a->input + (int64_t)u0 * a->input_stride;
    const int8_t *w = a->weights + (int64_t)b0 * a->quads * 64;
    const int64_t block_bytes = (int64_t)a->quads * 64;
    for (int32_t q = 0; q < a->quads; ++q) {
        __m512i weights[4];
        for (int j = 0; j < nb; ++j) weights[j] = _mm512_loadu_si512((const void *)(w + j * block_bytes + 64 * q));
        for (int i = 0; i < np; ++i) {
            int32_t quad;
            memcpy(&quad, x + (int64_t)i * a->input_stride + 4 * q, 4);
            const __m512i broadcast = _mm512_set1_epi32(quad);
            for (int j = 0; j < nb; ++j) acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], broadcast, weights[j]);
        }
    }
    const int pool = a->pool;
    for (int i = 0; i < np; i += pool) {
        const int32_t t = (u0 + i) / pool;
        for (int j = 0; j < nb; ++j) {
            const __m512i best = pool == 2 ? _mm512_max_epi32(acc[i][j], acc[i + 1][j]) : acc[i][j];
            requantize_store(best, a, (b0 + j) * 16, a->output + (int64_t)t * a->output_stride + (b0 + j) * 16);
        }
    }
}

/// All positions for `nb` blocks from `b0`: full tiles of `np`, then one pooled position at a time.
EDGE_INLINE void run_blocks(const edge_int8_conv_args *a, int32_t b0, const int np, const int nb) {
    const int32_t positions = a->output_positions * a->pool;
    int32_t u = 0;
    for (; u + np <= positions; u += np) tile(a, u, b0, np, nb);
    if (a->pool == 2) {
        for (; u < positions; u += 2) tile(a, u, b0, 2, nb);
    } else {
        for (; u < positions; u += 1) tile(a, u, b0, 1, nb);
    }
}

EDGE_TARGET void edge_int8_conv_avx512vnni(const edge_int8_conv_args *a) {
    const int32_t blocks = (a->output_channels + 15) / 16;
    int32_t b = 0;
    // Up to 4 blocks (64 channels) x 4 positions, or fewer blocks x 8 positions:
    // at most 16 accumulators plus 4 weight registers out of 32.
    for (; b + 4 <= blocks; b += 4) run_blocks(a, b, 4, 4);
    switch (blocks - b) {
    case 3: run_blocks(a, b, 4, 3); break;
    case 2: run_blocks(a, b, 8, 2); break;
    case 1: run_blocks(a, b, 8, 1); break;
    default: break;
    }
}
#endif
