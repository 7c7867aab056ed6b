/// A dense float32 array with a shape, row-major (the last index varies fastest).
public struct Tensor: Sendable, Equatable {
    /// Extent of each dimension, outermost first.
    public var shape: [Int]
    /// `shape.reduce(1, *)` values in row-major order.
    public var values: [Float]

    /// Creates a tensor; traps when `values.count` does not match the shape,
    /// which is a programmer error (loaders validate untrusted shapes first).
    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "tensor shape \(shape) needs \(shape.reduce(1, *)) values")
        self.shape = shape
        self.values = values
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.init(shape: shape, values: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    /// Number of elements.
    public var count: Int { values.count }
}

/// Per-channel standardization applied to windows before the network:
/// `(x - mean[c]) / std[c]`, limited to ±`clip` when the model has one, computed from
/// training data and stored with the model.
public struct Standardization: Sendable, Equatable, Codable {
    /// Mean of each input channel, in the channel's own unit.
    public var mean: [Float]
    /// Standard deviation of each input channel; strictly positive.
    public var std: [Float]
    /// Limit of the standardized values (positive), or nil for none. Accelerometer rails
    /// (±8 g, about 24 standard deviations) are otherwise so far out that the few windows
    /// holding them dominate the batch-norm variances, and the int8 input range (which
    /// covers 99 % of windows) clips them anyway, so float and int8 would see different inputs.
    public var clip: Float?

    /// Creates standardization statistics for `mean.count` channels.
    public init(mean: [Float], std: [Float], clip: Float? = nil) {
        precondition(mean.count == std.count, "mean and std need one value per channel")
        self.mean = mean
        self.std = std
        self.clip = clip
    }

    /// Whether the statistics can be used: one finite mean and positive std per channel, a
    /// positive finite clip if any.
    public var isValid: Bool {
        mean.count == std.count && std.allSatisfy { $0.isFinite && $0 > 0 } && mean.allSatisfy(\.isFinite)
            && (clip.map { $0.isFinite && $0 > 0 } ?? true)
    }

    /// `value` of `channel`, standardized (and clipped).
    @inline(__always)
    public func apply(_ value: Float, channel: Int) -> Float {
        let standardized = (value - mean[channel]) / std[channel]
        guard let clip else { return standardized }
        return min(max(standardized, -clip), clip)
    }
}

/// The float parameters of a model by PyTorch state-dict name, validated against
/// a spec, plus the standardization statistics the model was trained with.
///
/// This is the exchange format between training, weight files, federation
/// (Flower array records) and quantization.
public struct ModelParameters: Sendable, Equatable {
    /// The architecture these parameters belong to.
    public var spec: ModelSpec
    /// Parameters by name; exactly the names of `spec.parameterShapes`.
    public var tensors: [String: Tensor]
    /// Input standardization the network expects.
    public var standardization: Standardization

    /// Validates names and shapes against the spec.
    public init(spec: ModelSpec, tensors: [String: Tensor], standardization: Standardization) throws(ModelError) {
        let expected = spec.parameterShapes
        for (name, shape) in expected {
            guard let tensor = tensors[name] else { throw .missingParameter(name: name) }
            guard tensor.shape == shape else {
                throw .shapeMismatch(name: name, expected: shape, found: tensor.shape)
            }
        }
        let known = Set(expected.map(\.name))
        if let extra = tensors.keys.sorted().first(where: { !known.contains($0) }) {
            throw .unexpectedParameter(name: extra)
        }
        guard standardization.mean.count == spec.inputChannels else {
            throw .shapeMismatch(
                name: "standardization", expected: [spec.inputChannels], found: [standardization.mean.count])
        }
        self.spec = spec
        self.tensors = tensors
        self.standardization = standardization
    }

    /// The tensor named `name`; traps for a name outside the spec (programmer error).
    public subscript(name: String) -> Tensor {
        guard let tensor = tensors[name] else { preconditionFailure("no parameter named \(name)") }
        return tensor
    }
}

/// What went wrong loading, validating or running a model.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// A parameter the spec requires is absent.
    case missingParameter(name: String)
    /// A parameter is present that the spec does not have.
    case unexpectedParameter(name: String)
    /// A parameter's shape differs from the spec's.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// A weight file or array is malformed; `reason` says how.
    case malformedFile(path: String, reason: String)

    /// A sentence for the person who sees the error.
    public var description: String {
        switch self {
        case .missingParameter(let name): "model parameter \(name) is missing"
        case .unexpectedParameter(let name): "model parameter \(name) is not part of the model spec"
        case .shapeMismatch(let name, let expected, let found):
            "model parameter \(name) has shape \(found), expected \(expected)"
        case .malformedFile(let path, let reason): "\(path): \(reason)"
        }
    }
}
