// Integer kernels for the int8 fedsense CNN (see Sources/Model/Quantized/).
//
// Layout and scheme, shared by every kernel here:
// - Activations are stored as uint8 "offset" values u = q + 128, where q is the
//   int8 asymmetric value (real = scale * (q - zero_point)). The offset lets one
//   unsigned x signed multiply (VNNI/dot-product instructions) serve all paths; it
//   is folded into the bias, so results equal plain int8 arithmetic exactly.
// - Activation buffers are channels-last: position t, channel c at [t * stride + c];
//   a convolution's receptive field for output position t is then the contiguous
//   run of kernel * stride bytes starting at t * stride of the zero-padded input.
// - Weights are int8, packed per block of 16 output channels as
//   [block][quad][lane 0..15][4 bytes] (dot-product paths) and also as
//   [block][quad][4][lane] (portable path), a quad being 4 consecutive reduction
//   indices r = k * stride + c. Missing channels/lanes are packed as zero.
// - Accumulators are int32. Per output channel, |sum u * w| <= 255 * 127 * R with
//   R = reduction length (96 for fedsense-cnn-v1), about 3.1e6, and the folded
//   bias is capped at 2^30 by the quantizer, so no int32 accumulation can overflow
//   for R < 33,000.
// - Requantization is single-rounding fixed point: y = (acc * m + 2^(s-1)) >> s
//   in int64 (round half up), m a Q31 multiplier in [2^30, 2^31), 1 <= s <= 62;
//   |acc * m| < 2^62, so the int64 never overflows. The result is clamped in int64
//   to [lo - zp, hi - zp] before the output zero point is added (ReLU = lo at zp).
//
// Every entry point has a portable C path; faster paths are chosen at run time from
// the CPU's features: AVX-512 VNNI or AVX2 on x86-64, NEON with or without the dot
// product instructions on arm64. Integer arithmetic is exact, so all
// paths give bit-identical outputs (tested).
#ifndef EDGE_INT8_KERNELS_H
#define EDGE_INT8_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One convolution (or fully connected layer, as a convolution with one output
/// position) with fused requantization, clamping and optional max-pool by `pool`.
typedef struct {
    /// Zero-padded input, channels-last; row `t` starts at `input + t * input_stride`.
    const uint8_t *input;
    /// Bytes between consecutive input positions (channels rounded up to 4).
    int32_t input_stride;
    /// Output positions to write (after pooling).
    int32_t output_positions;
    /// Max-pool window and stride: 1 (none) or 2.
    int32_t pool;
    /// Reduction length in quads: kernel * input_stride / 4.
    int32_t quads;
    /// Real output channels (lanes written per position).
    int32_t output_channels;
    /// Packed weights, ceil(output_channels / 16) blocks of quads * 64 bytes.
    const int8_t *weights;
    /// The same weights as [block][quad][tap 0..3][lane 0..15] (lanes contiguous):
    /// the layout the portable path's 16-bit multiplies vectorize on.
    const int8_t *weights_by_tap;
    /// Folded bias per padded output channel (bias - input zero point * sum of weights).
    const int32_t *bias;
    /// Q31 multiplier per padded output channel.
    const int32_t *multiplier;
    /// Right shift per padded output channel, 1...62.
    const int32_t *shift;
    /// Output zero point in the offset (uint8) domain.
    int32_t output_zero_point;
    /// Clamp bounds in the offset domain, 0 <= lo <= hi <= 255.
    int32_t clamp_low;
    int32_t clamp_high;
    /// Output, channels-last; row `t` starts at `output + t * output_stride`.
    uint8_t *output;
    int32_t output_stride;
} edge_int8_conv_args;

/// Runs one layer with the fastest available path.
void edge_int8_conv(const edge_int8_conv_args *args);

/// Runs one layer with a given path (see `edge_int8_active_path`); a path this CPU
/// cannot run falls back to the portable one. For equivalence checks.
void edge_int8_conv_path(const edge_int8_conv_args *a, int32_t path);

/// Runs one layer with the portable C path only (for tests and other CPUs).
void edge_int8_conv_portable(const edge_int8_conv_args *args);

/// Global average pool over `positions` rows of `channels` offset-domain values:
/// the int8 mean rounded half to even (as ONNX Runtime's QLinearGlobalAveragePool,
/// which rounds its float result to nearest even; TFLite rounds half away from zero).
void edge_int8_global_average(const uint8_t *input, int32_t positions, int32_t stride, int32_t channels,
                              uint8_t *output);

/// Standardizes a window ([channels][length] floats, NCW), quantizes it
/// (round half to even of ((x - mean) / std) / scale, plus zero point) and writes
/// offset-domain bytes channels-last at `output + t * stride + c`.
void edge_int8_quantize_input(const float *window, int32_t channels, int32_t length, const float *mean,
                              const float *std, float scale, int32_t zero_point, uint8_t *output,
                              int32_t stride);

/// Which path `edge_int8_conv` uses on this CPU: 0 portable, 1 AVX-512 VNNI,
/// 2 NEON with dot product, 3 baseline NEON, 4 AVX2.
int32_t edge_int8_active_path(void);

#ifdef __cplusplus
}
#endif

#endif
