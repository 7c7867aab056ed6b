#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Readers for the raw files the int8 reference scripts exchange with Swift
/// (`scripts/reference/make_quant_fixtures.py`): float16 window files. Float
/// weights use `ModelParameters(safeTensorsAt:)`.
public enum ReferenceFiles {
    /// Windows from a raw little-endian float16 file: `windowSize`-value windows back to back.
    public static func windows(float16Contents bytes: [UInt8], windowSize: Int) throws(QuantizationError) -> [[Float]] {
        let stride = 2 * windowSize
        guard windowSize > 0, bytes.count % stride == 0 else {
            throw .malformedFile(reason: "\(bytes.count) bytes is not a whole number of \(windowSize)-value windows")
        }
        return (0..<bytes.count / stride).map { window in
            (0..<windowSize).map { index in
                let offset = window * stride + 2 * index
                return Float(float16Bits: UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8)
            }
        }
    }

    /// Reads a whole file.
    public static func read(_ path: String) throws(QuantizationError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .malformedFile(reason: "cannot read \(path): \(error)")
        }
    }
}

extension Float {
    /// Decodes IEEE binary16 bits exactly (Float16 is not available on every platform we build).
    init(float16Bits bits: UInt16) {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: self = sign * fraction * 0x1p-24
        case 31: self = fraction == 0 ? sign * .infinity : .nan
        default: self = sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
