#!/usr/bin/env bash
# Checks that every SIMD path of Sources/CInt8Kernels equals the portable C path bit
# for bit on random layers: natively (AVX-512 VNNI where the CPU has it), and, when
# qemu-user and the arm64 cross libc are installed (apt: qemu-user
# libc6-dev-arm64-cross libgcc-12-dev-arm64-cross), as arm64 code on an emulated
# CPU with dot product (NEON dot-product path) and on a Cortex-A72 without it
# (baseline NEON path).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
kernels="$root/Sources/CInt8Kernels"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cc="${CC:-clang}"
sources=("$kernels"/*.c "$root/scripts/reference/int8_kernels_quant_check.c")

"$cc" -O3 -I"$kernels/include" "${sources[@]}" -o "$work/native"
"$work/native" 400

if command -v qemu-aarch64 >/dev/null && [ -d /usr/aarch64-linux-gnu ]; then
    gcc_dir="$(ls -d /usr/lib/gcc-cross/aarch64-linux-gnu/* | head -1)"
    "$cc" --target=aarch64-linux-gnu --sysroot=/usr/aarch64-linux-gnu -B"$gcc_dir" -L"$gcc_dir" -fuse-ld=lld -static \
        -O3 -I"$kernels/include" "${sources[@]}" -o "$work/arm64"
    qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu max "$work/arm64" 400
    qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu cortex-a72 "$work/arm64" 400
else
    echo "arm64 check skipped: qemu-aarch64 or /usr/aarch64-linux-gnu missing" >&2
    exit 1
fi
