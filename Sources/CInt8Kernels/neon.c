// arm64 NEON paths of edge_int8_conv, chosen at run time (dispatch.c):
// - dot product (SDOT, ARMv8.2 "asimddp"; Raspberry Pi 5's Cortex-A76 has it).
//   SDOT multiplies signed bytes, so activations enter as u - 128 and every
//   accumulator starts at bias + 128 * sum(weights): sum (u - 128) w + 128 sum w =
//   sum u w, exactly the portable path's value.
// - baseline ARMv8.0 NEON (Raspberry Pi 4's Cortex-A72): 16-bit widening
//   multiply-accumulate (SMLAL) of u (0...255, exact in int16) by the weights.
#if defined(__aarch64__) && defined(__linux__) && (defined(__clang__) || defined(__GNUC__))
#include <arm_neon.h>
#include <string.h>

#include "int8_kernels.h"

#define EDGE_NEON_TARGET __attribute__((target("arch=armv8.2-a+dotprod")))
#define EDGE_NEON_INLINE static inline __attribute__((always_inline)) EDGE_NEON_TARGET
#define EDGE_BASE_INLINE static inline __attribute__((always_inline))

/// Requantizes 4 int32 lanes (see int8_kernels.h) to int32 in the offset domain.
EDGE_BASE_INLINE int32x4_t requantize4(int32x4_t acc, const edge_int8_conv_args *a, int32_t channel) {
    const int32x4_t multiplier = vld1q_s32(a->multiplier + channel);
    const int32x4_t shift = vld1q_s32(a->shift + channel);
    const int64x2_t low = vdupq_n_s64((int64_t)a->clamp_low - a->output_zero_point);
    const int64x2_t high = vdupq_n_s64((int64_t)a->clamp_high - a->output_zero_point);
    const int64x2_t one = vdupq_n_s64(1);

    const int64x2_t shift_low = vmovl_s32(vget_low_s32(shift));
    const int64x2_t shift_high = vmovl_high_s32(shift);
    int64x2_t product_low = vmull_s32(vget_low_s32(acc), vget_low_s32(multiplier));
    int64x2_t product_high = vmull_high_s32(acc, multiplier);
    // Rounding term 2^(shift-1), then an arithmetic right shift (a negative left shift).
    product_low = vaddq_s64(product_low, vshlq_s64(one, vsubq_s64(shift_low, one)));
    product_high = vaddq_s64(product_high, vshlq_s64(one, vsubq_s64(shift_high, one)));
    product_low = vshlq_s64(product_low, vnegq_s64(shift_low));
    product_high = vshlq_s64(product_high, vnegq_s64(shift_high));
    product_low = vbslq_s64(vcltq_s64(product_low, low), low, product_low);
    product_low = vbslq_s64(vcgtq_s64(product_low, high), high, product_low);
    product_high = vbslq_s64(vcltq_s64(product_high, low), low, product_high);
    product_high = vbslq_s64(vcgtq_s64(product_high, high), high, product_high);
    const int32x4_t result = vcombine_s32(vmovn_s64(product_low), vmovn_s64(product_high));
    return vaddq_s32(result, vdupq_n_s32(a->output_zero_point));
}

/// Requantizes 16 lanes and stores the real ones.
EDGE_BASE_INLINE void store16(const int32x4_t acc[4], const edge_int8_conv_args *a, int32_t channel, uint8_t *out) {
    int32x4_t lanes[4];
    for (int k = 0; k < 4; ++k) lanes[k] = requantize4(acc[k], a, channel + 4 * k);
    const uint16x8_t low = vcombine_u16(vqmovun_s32(lanes[0]), vqmovun_s32(lanes[1]));
    const uint16x8_t high = vcombine_u16(vqmovun_s32(lanes[2]), vqmovun_s32(lanes[3]));
    const uint8x16_t bytes = vcombine_u8(vqmovn_u16(low), vqmovn_u16(high));
    const int32_t count = a->output_channels - channel < 16 ? a->output_channels - channel : 16;
    if (count == 16) {
        vst1q_u8(out, bytes);
    } else {
        uint8_t buffer[16];
        vst1q_u8(buffer, bytes);
        memcpy(out, buffer, (size_t)count);
    }
}

/// `np` (constant after inlining) consecutive unpooled positions from `u0`, one 16-lane block.
EDGE_NEON_INLINE void tile(const edge_int8_conv_args *a, int32_t u0, const int8_t *w, const int32x4_t start[4],
                           const int np, int32_t channel) {
    int32x4_t acc[4][4];
    for (int i = 0; i < np; ++i)
        for (int k = 0; k < 4; ++k) acc[i][k] = start[k];
    const uint8_t *x = a->input + (int64_t)u0 * a->input_stride;
    const uint8x16_t offset = vdupq_n_u8(0x80);
    for (int32_t q = 0; q < a->quads; ++q) {
        int8x16_t weights[4];
        for (int k = 0; k < 4; ++k) weights[k] = vld1q_s8(w + 64 * q + 16 * k);
        for (int i = 0; i < np; ++i) {
            uint32_t quad;
            memcpy(&quad, x + (int64_t)i * a->input_stride + 4 * q, 4);
            const int8x16_t signed_quad = vreinterpretq_s8_u8(veorq_u8(vreinterpretq_u8_u32(vdupq_n_u32(quad)), offset));
            for (int k = 0; k < 4; ++k) acc[i][k] = vdotq_s32(acc[i][k], weights[k], signed_quad);
        }
    }
    const int pool = a->pool;
    for (int i = 0; i < np; i += pool) {
        int32x4_t best[4];
        for (int k = 0; k < 4; ++k) best[k] = pool == 2 ? vmaxq_s32(acc[i][k], acc[i + 1][k]) : acc[i][k];
        const int32_t t = (u0 + i) / pool;
        store16(best, a, channel, a->output + (int64_t)t * a->output_stride + channel);
    }
}

EDGE_NEON_TARGET void edge_int8_conv_neon_dot(const edge_int8_conv_args *a) {
    const int32_t blocks = (a->output_channels + 15) / 16;
    const int32_t positions = a->output_positions * a->pool;
    const int8x16_t ones = vdupq_n_s8(1);
    for (int32_t b = 0; b < blocks; ++b) {
        const int8_t *w = a->weights + (int64_t)b * a->quads * 64;
        // start = bias + 128 * (sum of each lane's weights), the signed-activation correction.
        int32x4_t start[4];
        for (int k = 0; k < 4; ++k) {
            int32x4_t sum = vdupq_n_s32(0);
            for (int32_t q = 0; q < a->quads; ++q) sum = vdotq_s32(sum, vld1q_s8(w + 64 * q + 16 * k), ones);
            start[k] = vaddq_s32(vld1q_s32(a->bias + 16 * b + 4 * k), vshlq_n_s32(sum, 7));
        }
        int32_t u = 0;
        for (; u + 4 <= positions; u += 4) tile(a, u, w, start, 4, 16 * b);
        if (a->pool == 2) {
            for (; u < positions; u += 2) tile(a, u, w, start, 2, 16 * b);
        } else {
            for (; u < positions; u += 1) tile(a, u, w, start, 1, 16 * b);
        }
    }
}

/// Baseline NEON: `np` (constant after inlining) positions from `u0`, one 16-lane block,
/// weights in the [quad][tap][lane] layout.
EDGE_BASE_INLINE void tile_base(const edge_int8_conv_args *a, int32_t u0, const int8_t *w, const int32x4_t bias[4],
                                const int np, int32_t channel) {
    int32x4_t acc[4][4];
    for (int i = 0; i < np; ++i)
        for (int k = 0; k < 4; ++k) acc[i][k] = bias[k];
    const uint8_t *x = a->input + (int64_t)u0 * a->input_stride;
    for (int32_t q = 0; q < a->quads; ++q) {
        int16x8_t low[4], high[4];
        for (int j = 0; j < 4; ++j) {
            const int8x16_t taps = vld1q_s8(w + 64 * q + 16 * j);
            low[j] = vmovl_s8(vget_low_s8(taps));
            high[j] = vmovl_high_s8(taps);
        }
        for (int i = 0; i < np; ++i) {
            const uint8_t *xq = x + (int64_t)i * a->input_stride + 4 * q;
            for (int j = 0; j < 4; ++j) {
                const int16_t value = (int16_t)xq[j];
                acc[i][0] = vmlal_n_s16(acc[i][0], vget_low_s16(low[j]), value);
                acc[i][1] = vmlal_high_n_s16(acc[i][1], low[j], value);
                acc[i][2] = vmlal_n_s16(acc[i][2], vget_low_s16(high[j]), value);
                acc[i][3] = vmlal_high_n_s16(acc[i][3], high[j], value);
            }
        }
    }
    const int pool = a->pool;
    for (int i = 0; i < np; i += pool) {
        int32x4_t best[4];
        for (int k = 0; k < 4; ++k) best[k] = pool == 2 ? vmaxq_s32(acc[i][k], acc[i + 1][k]) : acc[i][k];
        const int32_t t = (u0 + i) / pool;
        store16(best, a, channel, a->output + (int64_t)t * a->output_stride + channel);
    }
}

void edge_int8_conv_neon(const edge_int8_conv_args *a) {
    const int32_t blocks = (a->output_channels + 15) / 16;
    const int32_t positions = a->output_positions * a->pool;
    for (int32_t b = 0; b < blocks; ++b) {
        const int8_t *w = a->weights_by_tap + (int64_t)b * a->quads * 64;
        int32x4_t bias[4];
        for (int k = 0; k < 4; ++k) bias[k] = vld1q_s32(a->bias + 16 * b + 4 * k);
        // 4 positions: 16 accumulators and 8 widened weight registers of 32.
        int32_t u = 0;
        for (; u + 4 <= positions; u += 4) tile_base(a, u, w, bias, 4, 16 * b);
        for (; u + 2 <= positions; u += 2) tile_base(a, u, w, bias, 2, 16 * b);
        if (a->pool == 1 && u < positions) tile_base(a, u, w, bias, 1, 16 * b);
    }
}
#endif
