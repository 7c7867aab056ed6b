// Chooses the conv path once per process from the CPU's features.
#include "int8_kernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
void edge_int8_conv_avx512vnni(const edge_int8_conv_args *a);
void edge_int8_conv_avx2(const edge_int8_conv_args *a);

static int32_t detect_path(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vnni")) {
        return 1;
    }
    return __builtin_cpu_supports("avx2") ? 4 : 0;
}
#elif defined(__aarch64__) && defined(__linux__) && (defined(__clang__) || defined(__GNUC__))
#include <sys/auxv.h>
void edge_int8_conv_neon_dot(const edge_int8_conv_args *a);
void edge_int8_conv_neon(const edge_int8_conv_args *a);

// HWCAP_ASIMDDP from <asm/hwcap.h>, spelled out so older headers still build.
#define EDGE_HWCAP_ASIMDDP (1UL << 20)

static int32_t detect_path(void) { return (getauxval(AT_HWCAP) & EDGE_HWCAP_ASIMDDP) ? 2 : 3; }
#else
static int32_t detect_path(void) { return 0; }
#endif

// Racy first initialisation is benign: every thread computes the same value.
static int32_t cached_path = -1;

int32_t edge_int8_active_path(void) {
    int32_t path = __atomic_load_n(&cached_path, __ATOMIC_RELAXED);
    if (path < 0) {
        path = detect_path();
        __atomic_store_n(&cached_path, path, __ATOMIC_RELAXED);
    }
    return path;
}

void edge_int8_conv(const edge_int8_conv_args *a) { edge_int8_conv_path(a, edge_int8_active_path()); }

void edge_int8_conv_path(const edge_int8_conv_args *a, int32_t path) {
    // A path this CPU lacks falls back to the portable one.
    const int32_t available = edge_int8_active_path();
    (void)available;
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (path == 1 && available == 1) {
        edge_int8_conv_avx512vnni(a);
        return;
    }
    if (path == 4 && (available == 1 || available == 4)) {
        edge_int8_conv_avx2(a);
        return;
    }
#elif defined(__aarch64__) && defined(__linux__) && (defined(__clang__) || defined(__GNUC__))
    if (path == 2 && available == 2) {
        edge_int8_conv_neon_dot(a);
        return;
    }
    if (path == 3 || path == 2) {
        edge_int8_conv_neon(a);
        return;
    }
#endif
    edge_int8_conv_portable(a);
}
