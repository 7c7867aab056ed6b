#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Model weights as safetensors with PyTorch state-dict names; the spec and the
/// standardization statistics travel in the file's metadata.
///
/// Metadata keys: `format` = `pt` (what PyTorch's writer puts there), `model_spec`
/// = the spec as JSON (`ModelSpec`'s Codable field names), `standardization` =
/// `{"mean": [...], "std": [...]}`.
extension ModelParameters {
    /// Metadata key holding the spec JSON.
    public static let specMetadataKey = "model_spec"
    /// Metadata key holding the standardization JSON.
    public static let standardizationMetadataKey = "standardization"

    /// The safetensors form of these parameters. `batchesTracked` is written as
    /// every `bnN.num_batches_tracked` (I64 scalar) so PyTorch's `load_state_dict`
    /// accepts the file in strict mode. `extraMetadata` (for example a decision
    /// threshold) is stored beside the spec; it cannot replace the reserved keys.
    public func safeTensors(batchesTracked: Int64 = 0, extraMetadata: [String: String] = [:]) -> SafeTensorsFile {
        var integers: [String: SafeTensorsFile.IntegerTensor] = [:]
        for layer in 1...spec.convChannels.count {
            integers["bn\(layer).num_batches_tracked"] = .init(shape: [], values: [batchesTracked])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain structs of numbers, strings and arrays cannot fail.
        let specJSON = String(decoding: try! encoder.encode(spec), as: UTF8.self)
        let standardizationJSON = String(decoding: try! encoder.encode(standardization), as: UTF8.self)
        let reserved = [
            "format": "pt", Self.specMetadataKey: specJSON, Self.standardizationMetadataKey: standardizationJSON,
        ]
        return SafeTensorsFile(
            floatTensors: tensors, integerTensors: integers,
            metadata: extraMetadata.merging(reserved) { _, reservedValue in reservedValue })
    }

    /// Writes the parameters as a safetensors file at `path` (see `safeTensors`).
    public func writeSafeTensors(
        to path: String, batchesTracked: Int64 = 0, extraMetadata: [String: String] = [:]
    ) throws(WeightFileError) {
        try safeTensors(batchesTracked: batchesTracked, extraMetadata: extraMetadata).write(to: path)
    }

    /// Loads parameters from a safetensors file at `path`.
    ///
    /// The spec comes from the file's metadata; when the file has none (a plain
    /// PyTorch export), `spec` must be given. When both exist they must agree.
    /// Standardization likewise comes from the metadata or from `standardization`.
    public init(
        safeTensorsAt path: String, spec expectedSpec: ModelSpec? = nil,
        standardization fallback: Standardization? = nil
    ) throws(WeightFileError) {
        try self.init(
            safeTensors: SafeTensorsFile(contentsOf: path), path: path, spec: expectedSpec, standardization: fallback)
    }

    /// Builds parameters from a decoded safetensors file; `path` labels errors.
    public init(
        safeTensors file: SafeTensorsFile, path: String, spec expectedSpec: ModelSpec? = nil,
        standardization fallback: Standardization? = nil
    ) throws(WeightFileError) {
        let decoder = JSONDecoder()
        var spec = expectedSpec
        if let text = file.metadata[Self.specMetadataKey] {
            let stored: ModelSpec
            do { stored = try decoder.decode(ModelSpec.self, from: Data(text.utf8)) } catch {
                throw .malformed(path: path, reason: "metadata \(Self.specMetadataKey) is not a model spec: \(error)")
            }
            if let problem = stored.validationProblem {
                throw .malformed(path: path, reason: "metadata \(Self.specMetadataKey): \(problem)")
            }
            if let expectedSpec, expectedSpec != stored {
                throw .malformed(
                    path: path, reason: "model spec \(stored.name) in the file differs from the expected one")
            }
            spec = stored
        }
        guard let spec else {
            throw .malformed(path: path, reason: "no \(Self.specMetadataKey) metadata and no spec given")
        }

        var standardization = fallback
        if let text = file.metadata[Self.standardizationMetadataKey] {
            do { standardization = try decoder.decode(Standardization.self, from: Data(text.utf8)) } catch {
                throw .malformed(path: path, reason: "metadata \(Self.standardizationMetadataKey) is invalid: \(error)")
            }
        }
        guard let standardization else {
            throw .malformed(path: path, reason: "no \(Self.standardizationMetadataKey) metadata and no fallback given")
        }
        guard standardization.isValid else {
            throw .malformed(
                path: path,
                reason: "standardization needs finite means and positive stds, one per channel, and a positive clip")
        }

        // Counters are accepted only where PyTorch puts them, and only as scalars.
        let counterNames = Set((1...spec.convChannels.count).map { "bn\($0).num_batches_tracked" })
        for (name, tensor) in file.integerTensors {
            guard counterNames.contains(name) else {
                throw .unsupportedDataType(path: path, tensor: name, dataType: "I64")
            }
            guard tensor.values.count == 1 else {
                throw .malformed(path: path, reason: "\(name) must be a scalar, found shape \(tensor.shape)")
            }
        }
        do {
            try self.init(spec: spec, tensors: file.floatTensors, standardization: standardization)
        } catch {
            throw .invalidParameters(path: path, cause: error)
        }
    }
}

extension ModelSpec {
    /// Largest width, kernel or length a loaded spec may have: far above any
    /// gateway model, low enough that a hostile file cannot demand huge buffers.
    static let maximumExtent = 1 << 16

    /// Why this spec cannot describe a network, or nil when it can. Specs from
    /// files are untrusted; the ones built in code are checked by the same rule.
    public var validationProblem: String? {
        let extents = [inputChannels, windowLength] + convChannels + convKernels + hiddenSizes
        guard extents.allSatisfy({ $0 > 0 && $0 <= Self.maximumExtent }) else {
            return "every width, kernel and length must be in 1...\(Self.maximumExtent)"
        }
        guard !convChannels.isEmpty, convChannels.count == convKernels.count, convChannels.count <= 16,
            hiddenSizes.count <= 16
        else {
            return "needs 1...16 convolutions with one kernel size each and at most 16 hidden layers"
        }
        guard convKernels.allSatisfy({ $0 % 2 == 1 }) else { return "kernel sizes must be odd" }
        guard convInputLengths.allSatisfy({ $0 >= 1 }) else { return "window too short for the pooling" }
        guard dropout >= 0, dropout < 1 else { return "dropout \(dropout) outside [0, 1)" }
        guard parameterCount <= 64 << 20 else { return "more than 64 M parameters" }
        return nil
    }
}
