import Foundation
import TestSupport
import Testing

/// Every SIMD path of the C kernels against the portable path on random layers,
/// including the arm64 NEON paths under qemu-user (see
/// scripts/reference/check_int8_kernels_quant.sh; needs clang, qemu-user and the
/// arm64 cross libc from scripts/bootstrap).
@Suite struct Int8KernelPathsTests {
    @Test func everyKernelPathEqualsThePortablePathNativelyAndOnArm64() throws {
        let script = TestEnvironment.packageRoot.appendingPathComponent("scripts/reference/check_int8_kernels_quant.sh")
        let result = try runProcess("/bin/bash", [script.path])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let reports = result.standardOutput.split(separator: "\n").filter { $0.contains("vs portable") }
        // Native, arm64 with dot product, arm64 Cortex-A72 (baseline NEON).
        #expect(reports.count == 3, "\(result.standardOutput)")
        for report in reports {
            #expect(report.hasSuffix(" 0 failed") && !report.contains(": 0 passed"), "\(report)")
        }
    }
}
