// Cross-path equivalence check of the int8 conv kernels: on random layers, every
// path this CPU can run (AVX-512 VNNI, AVX2, NEON dot product, baseline NEON) must
// give exactly the bytes of the portable path. Built and run by check_int8_kernels_quant.sh,
// natively and for arm64 under qemu-user, so the NEON path is checked here too.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "int8_kernels.h"

static uint64_t state = 0x243F6A8885A308D3ULL;

static uint32_t next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)(state >> 16);
}

static int32_t range(int32_t low, int32_t high) { return low + (int32_t)(next() % (uint32_t)(high - low + 1)); }

int main(int argc, char **argv) {
    const int cases = argc > 1 ? atoi(argv[1]) : 300;
    int passed = 0, failed = 0;
    for (int n = 0; n < cases; ++n) {
        const int32_t in_channels = range(1, 70), out_channels = range(1, 80), kernel = 2 * range(0, 3) + 1;
        const int32_t pool = range(1, 2), out_positions = range(1, 40);
        const int32_t stride = (in_channels + 3) / 4 * 4, quads = kernel * stride / 4;
        const int32_t blocks = (out_channels + 15) / 16, rows = out_positions * pool + kernel;
        const int32_t out_stride = out_channels + range(0, 5);

        uint8_t *input = malloc((size_t)rows * stride);
        int8_t *weights = malloc((size_t)blocks * quads * 64), *by_tap = malloc((size_t)blocks * quads * 64);
        int32_t *bias = malloc(sizeof(int32_t) * blocks * 16), *mult = malloc(sizeof(int32_t) * blocks * 16);
        int32_t *shift = malloc(sizeof(int32_t) * blocks * 16);
        uint8_t *fast[5];
        for (int path = 0; path < 5; ++path) fast[path] = calloc((size_t)out_positions, (size_t)out_stride);
        uint8_t *slow = calloc((size_t)out_positions, (size_t)out_stride);
        for (int32_t i = 0; i < rows * stride; ++i) input[i] = (uint8_t)next();
        for (int32_t i = 0; i < blocks * quads * 64; ++i) weights[i] = (int8_t)range(-127, 127);
        // The portable layout: the same values with lane and tap swapped inside each quad.
        for (int32_t i = 0; i < blocks * quads * 64; ++i) by_tap[(i / 64) * 64 + (i % 4) * 16 + (i % 64) / 4] = weights[i];
        for (int32_t i = 0; i < blocks * 16; ++i) {
            bias[i] = range(-(1 << 20), 1 << 20);
            mult[i] = range(1 << 30, 2147483647);
            shift[i] = range(20, 40);
        }
        const int32_t zero = range(0, 255);
        edge_int8_conv_args args = {
            .input = input, .input_stride = stride, .output_positions = out_positions, .pool = pool, .quads = quads,
            .output_channels = out_channels, .weights = weights, .weights_by_tap = by_tap, .bias = bias, .multiplier = mult, .shift = shift,
            .output_zero_point = zero, .clamp_low = range(0, zero), .clamp_high = 255, .output = slow,
            .output_stride = out_stride};
        edge_int8_conv_portable(&args);
        int same = 1;
        for (int path = 1; path < 5; ++path) {
            args.output = fast[path];
            edge_int8_conv_path(&args, path);
            same = same && memcmp(fast[path], slow, (size_t)out_positions * out_stride) == 0;
        }
        if (same) {
            ++passed;
        } else {
            ++failed;
            fprintf(stderr, "case %d differs: in %d out %d kernel %d pool %d positions %d\n", n, in_channels,
                    out_channels, kernel, pool, out_positions);
        }
        free(input), free(weights), free(by_tap), free(bias), free(mult), free(shift), free(slow);
        for (int path = 0; path < 5; ++path) free(fast[path]);
    }
    printf("int8 kernels, every path this CPU runs (best: %d) vs portable: %d passed, %d failed\n",
           edge_int8_active_path(), passed, failed);
    return failed == 0 ? 0 : 1;
}
