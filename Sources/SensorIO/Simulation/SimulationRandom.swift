/// SplitMix64: a 64-bit mixer used to seed the main generator and to derive
/// independent streams from (seed, client, stream) without correlations.
struct SplitMix64 {
    /// The generator state.
    var state: UInt64

    /// The next 64-bit output.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna): the simulator's pseudo-random source.
///
/// Implemented here, with its own floating-point helpers, so the same seed gives
/// the same bits on every machine and Swift version; no system randomness is used.
struct SimulationRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// Second Box-Muller output, kept for the next `normal()` call.
    private var spareNormal: Double?

    /// A stream for (seed, client, stream tag); different tags give independent streams.
    init(seed: UInt64, client: UInt64, stream: UInt64) {
        var mixer = SplitMix64(state: seed)
        var key = mixer.next() ^ (client &* 0xD1B5_4A32_D192_ED03)
        var keyMixer = SplitMix64(state: key)
        key = keyMixer.next() ^ (stream &* 0x8CB9_2BA7_2F3D_8DD7)
        mixer = SplitMix64(state: key)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        // An all-zero state would be stuck; SplitMix64 never yields four zeros, but the guard costs nothing.
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// Uniform integer in low...high (inclusive); the modulo bias is below 2^-40 for the small ranges used.
    mutating func integer(_ low: Int, _ high: Int) -> Int {
        low + Int(next() % UInt64(high - low + 1))
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        uniform() < probability
    }

    /// Standard normal (Box-Muller on the deterministic math helpers).
    mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = 1.0 - uniform()  // (0, 1], so the logarithm is finite
        let angle = 2 * Double.pi * uniform()
        let radius = (-2 * DeterministicMath.log(u1)).squareRoot()
        spareNormal = radius * DeterministicMath.sin(angle)
        return radius * DeterministicMath.cos(angle)
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}

/// sin, cos and log from basic IEEE operations only (+, -, *, /, rounding), so
/// results are bit-identical everywhere; the platform libm may differ between
/// architectures and releases. Accuracy (about 1e-15 relative) is far beyond what
/// simulated sensor data needs.
enum DeterministicMath {
    private static let halfPiHigh = 1.570_796_326_734_125_614_17  // first 33 bits of pi/2
    private static let halfPiLow = 6.077_100_506_506_192_249_78e-11  // pi/2 - halfPiHigh
    private static let ln2High = 6.931_471_803_691_238_164_90e-01
    private static let ln2Low = 1.908_214_929_270_587_700_02e-10

    /// Sine of `x` (radians); meant for |x| below about 1e6.
    static func sin(_ x: Double) -> Double {
        let (reduced, quadrant) = reduce(x)
        switch quadrant {
        case 0: return sinKernel(reduced)
        case 1: return cosKernel(reduced)
        case 2: return -sinKernel(reduced)
        default: return -cosKernel(reduced)
        }
    }

    /// Cosine of `x` (radians); meant for |x| below about 1e6.
    static func cos(_ x: Double) -> Double {
        let (reduced, quadrant) = reduce(x)
        switch quadrant {
        case 0: return cosKernel(reduced)
        case 1: return -sinKernel(reduced)
        case 2: return -cosKernel(reduced)
        default: return sinKernel(reduced)
        }
    }

    /// Natural logarithm of a positive finite `x`.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "DeterministicMath.log of \(x)")
        var exponent = Double(x.exponent)
        var mantissa = x.significand  // [1, 2)
        if mantissa > 1.414_213_562_373_095_1 {
            mantissa *= 0.5
            exponent += 1
        }
        // log(m) = 2 atanh(s) with s = (m - 1) / (m + 1), |s| < 0.172: an odd series converging fast.
        let s = (mantissa - 1) / (mantissa + 1)
        let s2 = s * s
        var series = 1.0 / 17
        for denominator in stride(from: 15.0, through: 1.0, by: -2.0) { series = series * s2 + 1 / denominator }
        return exponent * ln2High + (exponent * ln2Low + 2 * s * series)
    }

    /// x = k * pi/2 + r with |r| <= pi/4 (Cody-Waite), quadrant k mod 4.
    private static func reduce(_ x: Double) -> (Double, Int) {
        let k = (x * (2 / Double.pi)).rounded()
        let reduced = (x - k * halfPiHigh) - k * halfPiLow
        let quadrant = Int(k.truncatingRemainder(dividingBy: 4))
        return (reduced, (quadrant + 4) % 4)
    }

    private static func sinKernel(_ r: Double) -> Double {
        let r2 = r * r
        var sum = -1.0 / 1_307_674_368_000  // -1/15!
        sum = sum * r2 + 1.0 / 6_227_020_800
        sum = sum * r2 - 1.0 / 39_916_800
        sum = sum * r2 + 1.0 / 362_880
        sum = sum * r2 - 1.0 / 5_040
        sum = sum * r2 + 1.0 / 120
        sum = sum * r2 - 1.0 / 6
        return r + r * r2 * sum
    }

    private static func cosKernel(_ r: Double) -> Double {
        let r2 = r * r
        var sum = 1.0 / 20_922_789_888_000  // 1/16!
        sum = sum * r2 - 1.0 / 87_178_291_200
        sum = sum * r2 + 1.0 / 479_001_600
        sum = sum * r2 - 1.0 / 3_628_800
        sum = sum * r2 + 1.0 / 40_320
        sum = sum * r2 - 1.0 / 720
        sum = sum * r2 + 1.0 / 24
        sum = sum * r2 - 0.5
        return 1 + r2 * sum
    }
}
