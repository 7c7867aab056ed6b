// Portable C paths of the int8 kernels; the reference every SIMD path must equal.
// The conv loop is plain C that compilers vectorize only partly (about 250 us per
// window on baseline x86-64): it serves CPUs with none of the SIMD paths. The input
// quantization and average pool below are used on every CPU and do vectorize.
#include "int8_kernels.h"
#include "requantize.h"

#include <string.h>

// On x86-64 Linux the loops below are also compiled for x86-64-v4 (AVX-512) and
// picked at load time (ifunc); the same source, so the results are identical.
#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define EDGE_CLONES __attribute__((target_clones("arch=x86-64-v4", "default")))
#else
#define EDGE_CLONES
#endif

void edge_int8_conv_portable(const edge_int8_conv_args *a) {
    const int32_t blocks = (a->output_channels + 15) / 16;
    for (int32_t b = 0; b < blocks; ++b) {
        const int8_t *wb = a->weights_by_tap + (int64_t)b * a->quads * 64;

        // Activations enter as s = u - 128 in -128...127, so |s * w| <= 16,256 and
        // two products sum to at most 32,512: exact in int16, which lets compilers
        // use 16-bit multiplies. The accumulator starts at bias + 128 * sum(w) to
        // undo the offset: sum s w + 128 sum w = sum u w.
        int32_t start[16];
        for (int l = 0; l < 16; ++l) start[l] = a->bias[b * 16 + l];
        for (int32_t q = 0; q < a->quads; ++q)
            for (int j = 0; j < 4; ++j)
                for (int l = 0; l < 16; ++l) start[l] += 128 * wb[64 * q + 16 * j + l];

        for (int32_t t = 0; t < a->output_positions; ++t) {
            int32_t best[16];
            for (int32_t p = 0; p < a->pool; ++p) {
                const uint8_t *x = a->input + (int64_t)(t * a->pool + p) * a->input_stride;
                int32_t acc[16];
                for (int l = 0; l < 16; ++l) acc[l] = start[l];
                for (int32_t q = 0; q < a->quads; ++q) {
                    const int8_t *wq = wb + 64 * q;
                    const int16_t s0 = (int16_t)(x[4 * q] - 128), s1 = (int16_t)(x[4 * q + 1] - 128);
                    const int16_t s2 = (int16_t)(x[4 * q + 2] - 128), s3 = (int16_t)(x[4 * q + 3] - 128);
                    for (int l = 0; l < 16; ++l) {
                        const int16_t pair01 = (int16_t)(s0 * wq[l] + s1 * wq[16 + l]);
                        const int16_t pair23 = (int16_t)(s2 * wq[32 + l] + s3 * wq[48 + l]);
                        acc[l] += (int32_t)pair01 + (int32_t)pair23;
                    }
                }
                // Max-pool on accumulators: requantization is monotonic, so this
                // equals pooling the requantized outputs.
                for (int l = 0; l < 16; ++l) best[l] = (p == 0 || acc[l] > best[l]) ? acc[l] : best[l];
            }
            const int32_t lanes = a->output_channels - b * 16 < 16 ? a->output_channels - b * 16 : 16;
            uint8_t *y = a->output + (int64_t)t * a->output_stride + b * 16;
            for (int32_t l = 0; l < lanes; ++l) {
                const int32_t o = b * 16 + l;
                y[l] = (uint8_t)edge_int8_requantize(best[l], a->multiplier[o], a->shift[o], a->output_zero_point,
                                                     a->clamp_low, a->clamp_high);
            }
        }
    }
}

EDGE_CLONES void edge_int8_global_average(const uint8_t *input, int32_t positions, int32_t stride, int32_t channels,
                              uint8_t *output) {
    // Sums run along channels (contiguous) so they vectorize; at most 4,096 channels.
    int32_t sums[4096];
    if (channels > 4096) channels = 4096;
    for (int32_t c = 0; c < channels; ++c) sums[c] = 0;
    for (int32_t t = 0; t < positions; ++t) {
        const uint8_t *row = input + (int64_t)t * stride;
        for (int32_t c = 0; c < channels; ++c) sums[c] += row[c];
    }
    for (int32_t c = 0; c < channels; ++c) {
        // Offset-domain sum (>= 0). Adding 128 to every term shifts the mean by the
        // even number 128, so rounding half to even here equals rounding the int8
        // mean half to even.
        // sum >= 0, so truncation is floor, and the double quotient is exact enough
        // (sum < 2^24, positions < 2^16) never to cross an integer: it equals sum /
        // positions in integers but vectorizes, unlike integer division.
        const int32_t sum = sums[c];
        int32_t mean = (int32_t)((double)sum / (double)positions);
        const int32_t twice_remainder = 2 * (sum - mean * positions);
        if (twice_remainder > positions || (twice_remainder == positions && (mean & 1))) mean += 1;
        output[c] = (uint8_t)mean;
    }
}

/// Quantizes `count` values of one channel into `row` (see edge_int8_quantize_input).
static inline void quantize_row(const float *x, int32_t count, float m, float s, float scale, float zero,
                                uint8_t *row) {
    for (int32_t t = 0; t < count; ++t) {
        // Same float operations, in the same order, as the Swift reference and
        // ONNX Runtime's Sub, Div and QuantizeLinear.
        float v = ((x[t] - m) / s) / scale;
        // Bounding |v| by 1000 changes no result (the final clamp saturates anyway)
        // and maps NaN to -128 as the Swift reference does; then adding and
        // subtracting 1.5 * 2^23 rounds half to even exactly.
        v = v > -1000.0f ? v : -1000.0f;
        v = v < 1000.0f ? v : 1000.0f;
        float q = (v + 12582912.0f) - 12582912.0f + zero;
        q = q < -128.0f ? -128.0f : (q > 127.0f ? 127.0f : q);
        row[t] = (uint8_t)((int32_t)q + 128);
    }
}

EDGE_CLONES void edge_int8_quantize_input(const float *window, int32_t channels, int32_t length, const float *mean,
                                          const float *std, float scale, int32_t zero_point, uint8_t *output,
                                          int32_t stride) {
    // Each channel into a contiguous row (vectorizes), then interleaved into the
    // channels-last buffer, as whole 32-bit words when a position is 4 bytes.
    enum { piece = 256 };
    uint8_t rows[4][piece];
    const float zero = (float)zero_point;
    for (int32_t t0 = 0; t0 < length; t0 += piece) {
        const int32_t count = length - t0 < piece ? length - t0 : piece;
        if (stride == 4) {
            for (int32_t c = 0; c < 4; ++c) {
                if (c < channels) {
                    quantize_row(window + (int64_t)c * length + t0, count, mean[c], std[c], scale, zero, rows[c]);
                } else {
                    for (int32_t t = 0; t < count; ++t) rows[c][t] = 0;
                }
            }
            for (int32_t t = 0; t < count; ++t) {
                const uint32_t word = (uint32_t)rows[0][t] | (uint32_t)rows[1][t] << 8 | (uint32_t)rows[2][t] << 16 |
                                      (uint32_t)rows[3][t] << 24;
                memcpy(output + (int64_t)(t0 + t) * 4, &word, 4);
            }
        } else {
            for (int32_t c = 0; c < channels; ++c) {
                quantize_row(window + (int64_t)c * length + t0, count, mean[c], std[c], scale, zero, rows[0]);
                for (int32_t t = 0; t < count; ++t) output[(int64_t)(t0 + t) * stride + c] = rows[0][t];
            }
        }
    }
}
