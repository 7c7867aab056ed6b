// Portable C paths of the int8 kernels; the reference every SIMD path must equal.
// Written so an optimizing compiler vectorizes the 16-lane loops (NEON on arm64).
#include "int8_kernels.h"
#include "requantize.h"

void edge_int8_conv_portable(const edge_int8_conv_args *a) {
    const int32_t blocks = (a->output_channels + 15) / 16;
    for (int32_t t = 0; t < a->output_positions; ++t) {
        for (int32_t b = 0; b < blocks; ++b) {
            const int8_t *wb = a->weights + (int64_t)b * a->quads * 64;
            const int32_t *bias = a->bias + b * 16;
            int32_t best[16];
            for (int32_t p = 0; p < a->pool; ++p) {
                const uint8_t *x = a->input + (int64_t)(t * a->pool + p) * a->input_stride;
                int32_t acc[16];
                for (int l = 0; l < 16; ++l) acc[l] = bias[l];
                for (int32_t q = 0; q < a->quads; ++q) {
                    const uint8_t *xq = x + 4 * q;
                    const int8_t *wq = wb + 64 * q;
                    const int32_t x0 = xq[0], x1 = xq[1], x2 = xq[2], x3 = xq[3];
                    for (int l = 0; l < 16; ++l) {
                        acc[l] += x0 * wq[4 * l] + x1 * wq[4 * l + 1] + x2 * wq[4 * l + 2] + x3 * wq[4 * l + 3];
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

void edge_int8_global_average(const uint8_t *input, int32_t positions, int32_t stride, int32_t channels,
                              uint8_t *output) {
    for (int32_t c = 0; c < channels; ++c) {
        // Offset-domain sum (>= 0). Adding 128 to every term shifts the mean by the
        // even number 128, so rounding half to even here equals rounding the int8
        // mean half to even.
        int32_t sum = 0;
        for (int32_t t = 0; t < positions; ++t) sum += input[(int64_t)t * stride + c];
        int32_t mean = sum / positions;
        const int32_t twice_remainder = 2 * (sum - mean * positions);
        if (twice_remainder > positions || (twice_remainder == positions && (mean & 1))) mean += 1;
        output[c] = (uint8_t)mean;
    }
}

void edge_int8_quantize_input(const float *window, int32_t channels, int32_t length, const float *mean,
                              const float *std, float scale, int32_t zero_point, uint8_t *output,
                              int32_t stride) {
    for (int32_t c = 0; c < channels; ++c) {
        const float m = mean[c], s = std[c];
        for (int32_t t = 0; t < length; ++t) {
            // Same float operations, in the same order, as the Swift reference and
            // ONNX Runtime's Sub, Div and QuantizeLinear (round half to even).
            const float standardized = (window[(int64_t)c * length + t] - m) / s;
            float q = __builtin_nearbyintf(standardized / scale) + (float)zero_point;
            q = q < -128.0f ? -128.0f : (q > 127.0f ? 127.0f : q);
            output[(int64_t)t * stride + c] = (uint8_t)((int32_t)q + 128);
        }
    }
}
