/// Affine int8 quantization of one activation tensor: `real = scale * (q - zeroPoint)`,
/// `q` in -128...127 (asymmetric, per tensor).
///
/// int8 rather than uint8 because it is what LiteRT's full-integer models use and
/// what ONNX Runtime's QDQ graphs run with signed weights (S8S8), so both peers run
/// the very same quantized model; the kernels store activations offset by +128
/// internally (see `int8_kernels.h`), which is exact.
public struct ActivationQuantization: Sendable, Equatable, Codable {
    /// Real value of one quantization step; finite and > 0.
    public var scale: Float
    /// The int8 value that represents real 0, in -128...127.
    public var zeroPoint: Int32

    /// Creates parameters from an explicit scale and zero point.
    public init(scale: Float, zeroPoint: Int32) {
        self.scale = scale
        self.zeroPoint = zeroPoint
    }

    /// Min/max calibration: the range is widened to include 0 (so real 0, which
    /// padding and ReLU produce, is exact), `scale = (max - min) / 255` and
    /// `zeroPoint = round(-128 - min / scale)`. A post-ReLU range therefore has
    /// zero point -128, which makes the fused ReLU a plain lower clamp.
    public init(minimum: Float, maximum: Float) {
        let low = Double(Swift.min(0, minimum))
        let high = Double(Swift.max(0, maximum))
        // An all-zero tensor still needs a positive scale; any value represents it.
        let scale = high > low ? Float((high - low) / 255) : 1
        let zero = (-128 - low / Double(scale)).rounded(.toNearestOrEven)
        self.scale = scale
        self.zeroPoint = Int32(Swift.min(127, Swift.max(-128, zero)))
    }

    /// Quantizes one value: round half to even of `x / scale`, plus the zero point,
    /// saturated to int8 (the definition of ONNX QuantizeLinear).
    public func quantize(_ value: Float) -> Int32 {
        let shifted = (value / scale).rounded(.toNearestOrEven) + Float(zeroPoint)
        return Int32(Swift.min(127, Swift.max(-128, shifted)))
    }

    /// The real value of a quantized value.
    public func dequantize(_ value: Int32) -> Float {
        scale * Float(value - zeroPoint)
    }
}

/// A positive real multiplier `m` as `multiplier * 2^-shift`, `multiplier` in
/// [2^30, 2^31) (Q31) and `shift` in 1...62.
///
/// Requantization uses one rounding step, TFLite's `TFLITE_SINGLE_ROUNDING`
/// scheme: `(acc * multiplier + 2^(shift-1)) >> shift` in int64, i.e. round half
/// towards +infinity of the exact product `acc * multiplier / 2^shift`. One rounding
/// (instead of gemmlowp's rounding doubling high-multiply followed by a rounding
/// shift) is closer to the exact real product, so it also agrees more often with
/// ONNX Runtime, which multiplies by a float scale. |acc| < 2^31 and
/// multiplier < 2^31, so the int64 product and rounding term stay below 2^63.
public struct FixedPointMultiplier: Sendable, Equatable {
    /// Q31 mantissa, in [2^30, 2^31).
    public var multiplier: Int32
    /// Right shift, 1...62.
    public var shift: Int32

    /// Represents `real`; throws when it is not finite and positive or outside
    /// 2^-31 ... 2^29 (a scale that far off means a broken calibration or model).
    public init(real: Double) throws(QuantizationError) {
        guard real.isFinite, real > 0 else { throw .invalidMultiplier(real) }
        // real = fraction * 2^exponent with fraction in [0.5, 1).
        var exponent = Int(real.exponent) + 1
        var mantissa = (real.significand / 2 * 2_147_483_648).rounded(.toNearestOrEven)
        if mantissa == 2_147_483_648 {
            mantissa /= 2
            exponent += 1
        }
        let shift = 31 - exponent
        guard (1...62).contains(shift) else { throw .invalidMultiplier(real) }
        self.multiplier = Int32(mantissa)
        self.shift = Int32(shift)
    }

    /// `(acc * multiplier + 2^(shift-1)) >> shift`, before clamping.
    public func apply(_ accumulator: Int32) -> Int64 {
        (Int64(accumulator) * Int64(multiplier) + (Int64(1) << (shift - 1))) >> shift
    }
}

/// What went wrong quantizing, loading or running an int8 model.
public enum QuantizationError: Error, Equatable, CustomStringConvertible {
    /// No calibration windows were given.
    case emptyCalibration
    /// The share of calibration windows the ranges must cover is outside (0.5, 1].
    case invalidCoverage(Double)
    /// A window (or batch) has the wrong number of values.
    case windowSize(expected: Int, found: Int)
    /// The output buffer does not hold one probability per window.
    case outputSize(expected: Int, found: Int)
    /// A convolution kernel is even, so `k / 2` padding cannot keep the length.
    case evenKernel(layer: String, kernel: Int)
    /// A requantization multiplier is not representable.
    case invalidMultiplier(Double)
    /// A calibration window produced a non-finite activation.
    case nonFiniteActivation(layer: String)
    /// A quantized model file is malformed.
    case malformedFile(reason: String)

    /// A sentence for the person who sees the error.
    public var description: String {
        switch self {
        case .emptyCalibration: "int8 calibration needs at least one window, found none"
        case .invalidCoverage(let value): "int8 calibration coverage is \(value), expected more than 0.5 and at most 1"
        case .windowSize(let expected, let found): "window has \(found) values, expected \(expected)"
        case .outputSize(let expected, let found): "output buffer holds \(found) values, expected \(expected)"
        case .evenKernel(let layer, let kernel): "\(layer) has even kernel size \(kernel); int8 convolutions need odd"
        case .invalidMultiplier(let value):
            "requantization multiplier \(value) is outside 2^-31...2^29; calibration ranges are degenerate"
        case .nonFiniteActivation(let layer): "calibration produced a non-finite activation in \(layer)"
        case .malformedFile(let reason): "int8 model file: \(reason)"
        }
    }
}
