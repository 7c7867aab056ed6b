#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Readers for the files the int8 reference scripts exchange with Swift
/// (`scripts/reference/make_quant_fixtures.py`): a float state dict as safetensors
/// with `spec` and `standardization` JSON metadata, and raw float16 window files.
///
/// This is a narrow reader for those fixtures and the quantize tool; the model's
/// general weight I/O lives with the float training code.
public enum ReferenceFiles {
    /// Float parameters from safetensors bytes (F32 tensors with PyTorch names).
    public static func floatParameters(fileContents bytes: [UInt8]) throws(QuantizationError) -> ModelParameters {
        let file = try QuantizedTensorFile(bytes: bytes, headerLimit: QuantizedModel.headerLimit)
        let spec: ModelSpec
        let standardization: Standardization
        do {
            spec = try JSONDecoder().decode(ModelSpec.self, from: Data((file.metadata["spec"] ?? "").utf8))
            standardization = try JSONDecoder().decode(
                Standardization.self, from: Data((file.metadata["standardization"] ?? "").utf8))
        } catch {
            throw .malformedFile(reason: "spec or standardization metadata is not valid JSON: \(error)")
        }
        try QuantizedModel.validate(spec: spec, standardization: standardization)
        var tensors: [String: Tensor] = [:]
        for (name, shape) in spec.parameterShapes {
            tensors[name] = Tensor(shape: shape, values: try file.floats(name, shape: shape))
        }
        do {
            return try ModelParameters(spec: spec, tensors: tensors, standardization: standardization)
        } catch {
            throw .malformedFile(reason: "\(error)")
        }
    }

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
