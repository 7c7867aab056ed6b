#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The int8 model file: a safetensors file (8-byte little-endian header length,
// JSON header, raw little-endian tensor data) that Python's `safetensors` reads.
//
// Tensors: `activations.scale` F32 [A] and `activations.zero_point` I32 [A] for the
// A activation points (input, each convolution, each linear layer); per layer
// (`conv1`, ..., `fc1`, ..., `out`): `.weight` I8 in PyTorch shape, `.weight_scale`
// F32 [out], `.bias` I32 [out]. Metadata: `format` = `edge-agent-int8`, `version`
// = `1`, `model_spec` and `standardization` as JSON (the keys of the float weights). Multipliers are derived on load.

extension QuantizedModel {
    /// Format name stored in the file's metadata.
    public static let fileFormat = "edge-agent-int8"

    /// Largest header accepted, bytes: the real header is a few kilobytes.
    static let headerLimit = 1 << 20

    /// The model as safetensors bytes.
    public func fileContents() throws(QuantizationError) -> [UInt8] {
        var tensors: [QuantizedTensorFile.Entry] = []
        tensors.append(.init(name: "activations.scale", floats: activations.map(\.scale), shape: [activations.count]))
        tensors.append(
            .init(name: "activations.zero_point", ints: activations.map(\.zeroPoint), shape: [activations.count]))
        for (name, layer) in zip(layerNames, convolutions + linears) {
            let shape =
                layer.kernelSize == 1 && name.hasPrefix("conv") == false
                ? [layer.outChannels, layer.inChannels] : [layer.outChannels, layer.inChannels, layer.kernelSize]
            tensors.append(.init(name: "\(name).weight", bytes: layer.weights, shape: shape))
            tensors.append(.init(name: "\(name).weight_scale", floats: layer.weightScales, shape: [layer.outChannels]))
            tensors.append(.init(name: "\(name).bias", ints: layer.bias, shape: [layer.outChannels]))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var metadata: [String: String]
        do {
            metadata = [
                "format": Self.fileFormat, "version": "1",
                ModelParameters.specMetadataKey: String(decoding: try encoder.encode(spec), as: UTF8.self),
                ModelParameters.standardizationMetadataKey: String(
                    decoding: try encoder.encode(standardization), as: UTF8.self),
            ]
        } catch {
            throw .malformedFile(reason: "cannot encode metadata: \(error)")
        }
        if let decisionThreshold { metadata[Self.decisionThresholdKey] = "\(decisionThreshold)" }
        return try QuantizedTensorFile.encode(tensors, metadata: metadata)
    }

    /// Writes the model to `path` as a safetensors file.
    public func save(to path: String) throws(QuantizationError) {
        let bytes = try fileContents()
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .malformedFile(reason: "cannot write \(path): \(error)")
        }
    }

    /// Reads a model written by `save(to:)` (or by the reference scripts).
    public static func load(from path: String) throws(QuantizationError) -> QuantizedModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .malformedFile(reason: "cannot read \(path): \(error)")
        }
        return try QuantizedModel(fileContents: [UInt8](data))
    }

    /// Parses and validates safetensors bytes: names, dtypes, shapes against the spec,
    /// scales finite and positive, zero points in int8 range.
    public init(fileContents bytes: [UInt8]) throws(QuantizationError) {
        let file = try QuantizedTensorFile(bytes: bytes, headerLimit: Self.headerLimit)
        guard file.metadata["format"] == Self.fileFormat, file.metadata["version"] == "1" else {
            throw .malformedFile(reason: "metadata format/version is not \(Self.fileFormat) 1")
        }
        let spec: ModelSpec
        let standardization: Standardization
        do {
            let specText = file.metadata[ModelParameters.specMetadataKey] ?? ""
            let standardizationText = file.metadata[ModelParameters.standardizationMetadataKey] ?? ""
            spec = try JSONDecoder().decode(ModelSpec.self, from: Data(specText.utf8))
            standardization = try JSONDecoder().decode(Standardization.self, from: Data(standardizationText.utf8))
        } catch {
            throw .malformedFile(reason: "spec or standardization metadata is not valid JSON: \(error)")
        }
        try Self.validate(spec: spec, standardization: standardization)

        let pointCount = 1 + spec.convChannels.count + spec.hiddenSizes.count + 1
        let scales = try file.floats("activations.scale", shape: [pointCount])
        let zeros = try file.ints("activations.zero_point", shape: [pointCount])
        var points: [ActivationQuantization] = []
        for (scale, zero) in zip(scales, zeros) {
            guard scale.isFinite, scale > 0, (-128...127).contains(zero) else {
                throw .malformedFile(reason: "activation scale \(scale) / zero point \(zero) out of range")
            }
            points.append(ActivationQuantization(scale: scale, zeroPoint: zero))
        }

        var layers: [QuantizedLayer] = []
        var inChannels = spec.inputChannels
        let outputs = spec.convChannels + spec.hiddenSizes + [1]
        let names = Self.layerNames(spec: spec)
        for (index, name) in names.enumerated() {
            let isConvolution = index < spec.convChannels.count
            let kernel = isConvolution ? spec.convKernels[index] : 1
            let out = outputs[index]
            let shape = isConvolution ? [out, inChannels, kernel] : [out, inChannels]
            let weights = try file.bytes("\(name).weight", shape: shape)
            let weightScales = try file.floats("\(name).weight_scale", shape: [out])
            guard weightScales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw .malformedFile(reason: "\(name).weight_scale has a non-positive or non-finite value")
            }
            layers.append(
                try QuantizedLayer(
                    inChannels: inChannels, outChannels: out, kernelSize: kernel, weights: weights,
                    weightScales: weightScales, bias: try file.ints("\(name).bias", shape: [out]),
                    input: points[index], output: points[index + 1], relu: index < names.count - 1))
            inChannels = out
        }
        let convolutionCount = spec.convChannels.count
        self.init(
            spec: spec, standardization: standardization, convolutions: Array(layers[..<convolutionCount]),
            linears: Array(layers[convolutionCount...]))
        if let text = file.metadata[Self.decisionThresholdKey] {
            guard let threshold = Float(text), threshold >= 0, threshold <= 1 else {
                throw .malformedFile(reason: "\(Self.decisionThresholdKey) \(text) is not a probability")
            }
            decisionThreshold = threshold
        }
    }

    /// Metadata key of the optional decision threshold (a probability in [0, 1]).
    public static let decisionThresholdKey = "decision_threshold"

    /// Layer names in order: conv1..., fc1..., out.
    var layerNames: [String] { Self.layerNames(spec: spec) }

    static func layerNames(spec: ModelSpec) -> [String] {
        spec.convChannels.indices.map { "conv\($0 + 1)" } + spec.hiddenSizes.indices.map { "fc\($0 + 1)" } + ["out"]
    }

    /// Caps on a spec read from a file, so a hostile file cannot request huge buffers.
    static func validate(spec: ModelSpec, standardization: Standardization) throws(QuantizationError) {
        if let problem = spec.validationProblem { throw .malformedFile(reason: "model spec: \(problem)") }
        let sizes = [spec.inputChannels, spec.windowLength] + spec.convChannels + spec.hiddenSizes
        guard sizes.allSatisfy({ (1...4096).contains($0) }), !spec.convChannels.isEmpty,
            spec.convKernels.count == spec.convChannels.count,
            spec.convKernels.allSatisfy({ (1...63).contains($0) && $0 % 2 == 1 }),
            spec.convInputLengths.allSatisfy({ $0 >= 1 })
        else {
            throw .malformedFile(reason: "model spec out of range: \(spec)")
        }
        guard standardization.mean.count == spec.inputChannels, standardization.isValid else {
            throw .malformedFile(reason: "standardization does not fit \(spec.inputChannels) channels")
        }
    }
}
