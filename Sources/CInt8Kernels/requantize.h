// Scalar fixed-point requantization shared by the portable paths (see int8_kernels.h).
#ifndef EDGE_INT8_REQUANTIZE_H
#define EDGE_INT8_REQUANTIZE_H

#include <stdint.h>

/// (acc * multiplier + 2^(shift-1)) >> shift, clamped to [lo - zp, hi - zp], plus zp.
/// `>>` on a negative int64 is an arithmetic shift on every compiler we build with.
static inline int32_t edge_int8_requantize(int32_t acc, int32_t multiplier, int32_t shift, int32_t zero_point,
                                           int32_t lo, int32_t hi) {
    int64_t r = ((int64_t)acc * multiplier + ((int64_t)1 << (shift - 1))) >> shift;
    const int64_t low = (int64_t)lo - zero_point, high = (int64_t)hi - zero_point;
    r = r < low ? low : (r > high ? high : r);
    return (int32_t)r + zero_point;
}

#endif
