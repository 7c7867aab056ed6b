/// One int8 layer: a convolution (stride 1, padding `kernel / 2`) or, with kernel 1
/// and one position, a linear layer.
///
/// Weights are symmetric per output channel, `w = weightScale[o] * q`, q in
/// -127...127 with `weightScale[o] = max|w[o]| / 127`; the bias is int32 at scale
/// `input.scale * weightScale[o]` (capped at +-2^30 so the accumulator bound in
/// `int8_kernels.h` holds); `multipliers[o]` represents
/// `input.scale * weightScale[o] / output.scale`.
public struct QuantizedLayer: Sendable, Equatable {
    /// Input channels (features).
    public let inChannels: Int
    /// Output channels (features).
    public let outChannels: Int
    /// Kernel size; 1 for linear layers.
    public let kernelSize: Int
    /// int8 weights, [out][in][kernel] (PyTorch order).
    public let weights: [Int8]
    /// Per-output-channel weight scale, > 0.
    public let weightScales: [Float]
    /// int32 bias at scale `input.scale * weightScales[o]`.
    public let bias: [Int32]
    /// Quantization of the layer's input.
    public let input: ActivationQuantization
    /// Quantization of the layer's output (after ReLU when `relu`).
    public let output: ActivationQuantization
    /// Whether ReLU is fused (as a lower clamp at the output zero point).
    public let relu: Bool
    /// Requantization multiplier per output channel.
    public let multipliers: [FixedPointMultiplier]

    /// Quantizes float weights and bias given the input and output quantization.
    init(
        inChannels: Int, outChannels: Int, kernelSize: Int, weight: [Float], bias: [Float],
        input: ActivationQuantization, output: ActivationQuantization, relu: Bool
    ) throws(QuantizationError) {
        let perOutput = inChannels * kernelSize
        var weights = [Int8](repeating: 0, count: weight.count)
        var scales = [Float](repeating: 1, count: outChannels)
        for out in 0..<outChannels {
            let row = weight[out * perOutput..<(out + 1) * perOutput]
            let largest = row.reduce(Float(0)) { Swift.max($0, abs($1)) }
            // An all-zero row quantizes to zeros with any scale; 1 keeps it finite.
            let scale = largest > 0 ? largest / 127 : 1
            scales[out] = scale
            for index in row.indices {
                let value = (weight[index] / scale).rounded(.toNearestOrEven)
                weights[index] = Int8(Swift.min(127, Swift.max(-127, value)))
            }
        }
        let biasCap = Double(1 << 30)
        let quantizedBias = (0..<outChannels).map { out in
            let value = (Double(bias[out]) / (Double(input.scale) * Double(scales[out]))).rounded(.toNearestOrEven)
            return Int32(Swift.min(biasCap, Swift.max(-biasCap, value)))
        }
        try self.init(
            inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, weights: weights,
            weightScales: scales, bias: quantizedBias, input: input, output: output, relu: relu)
    }

    /// Assembles a layer from already-quantized values (a loaded file); derives the multipliers.
    init(
        inChannels: Int, outChannels: Int, kernelSize: Int, weights: [Int8], weightScales: [Float], bias: [Int32],
        input: ActivationQuantization, output: ActivationQuantization, relu: Bool
    ) throws(QuantizationError) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.weights = weights
        self.weightScales = weightScales
        self.bias = bias
        self.input = input
        self.output = output
        self.relu = relu
        var multipliers: [FixedPointMultiplier] = []
        for scale in weightScales {
            let real = Double(input.scale) * Double(scale) / Double(output.scale)
            multipliers.append(try FixedPointMultiplier(real: real))
        }
        self.multipliers = multipliers
    }
}

/// `fedsense-cnn` as an int8 model: post-training quantization of a float model
/// (batch norm folded, min/max calibration), ready for `QuantizedScorer`.
///
/// Activation points, each quantized per tensor: the standardized input; every
/// convolution's output after ReLU (max-pool and the global average pool keep the
/// scale and zero point of their input, so they run on int8 values directly); every
/// linear layer's output (after ReLU except the last, the logit). Standardization
/// stays in float and is fused with the input quantization into one pass.
public struct QuantizedModel: Sendable, Equatable {
    /// The architecture.
    public let spec: ModelSpec
    /// Input standardization, applied before input quantization.
    public let standardization: Standardization
    /// Convolutions in order; each but the last is followed by max-pool 2, the last by global average pool.
    public let convolutions: [QuantizedLayer]
    /// Linear layers in order (fc1, fc2, ..., out); the last yields the logit.
    public let linears: [QuantizedLayer]
    /// The probability at or above which a window should be flagged, chosen when the
    /// model was trained (F1-best on its validation split); nil when not recorded.
    public var decisionThreshold: Float?

    /// Quantization of the standardized input.
    public var input: ActivationQuantization { convolutions[0].input }
    /// Quantization of the logit.
    public var logit: ActivationQuantization { linears[linears.count - 1].output }
    /// Values in one raw window: channels x window length, NCW.
    public var windowSize: Int { spec.inputChannels * spec.windowLength }

    /// The share of calibration windows a training run's activation ranges cover
    /// (see `ActivationRanges`): the rarest 1 % of windows clip.
    public static let recommendedWindowCoverage = 0.99

    /// Folds batch norm, calibrates activation ranges over `calibrationWindows`
    /// (raw windows, NCW, `windowSize` values each; the standardization is applied
    /// first) and quantizes every layer. Each range contains the whole of a
    /// `windowCoverage` share of the windows (1: plain min/max over all of them), except
    /// a clipped input's (`Standardization.clip`), which contains all of them.
    public init(
        parameters: ModelParameters, calibrationWindows: [[Float]], windowCoverage: Double = 1
    ) throws(QuantizationError) {
        let folded = try FoldedModel(parameters: parameters)
        guard !calibrationWindows.isEmpty else { throw .emptyCalibration }
        guard windowCoverage > 0.5, windowCoverage <= 1 else { throw .invalidCoverage(windowCoverage) }
        var ranges = ActivationRanges(count: 1 + folded.convolutions.count + folded.linears.count)
        for window in calibrationWindows {
            guard window.count == folded.windowSize else {
                throw .windowSize(expected: folded.windowSize, found: window.count)
            }
            _ = folded.forward(window: window, ranges: &ranges, recording: true)
        }
        if let point = ranges.firstNonFinitePoint {
            throw .nonFiniteActivation(layer: point == 0 ? "standardized input" : "activation \(point)")
        }
        var points: [ActivationQuantization] = []
        for index in 0..<ranges.count {
            // A clipped input is bounded, so its range is the plain min/max: the rare windows
            // at the clip (accelerometer rails) keep the value the float model saw.
            let coverage = index == 0 && folded.standardization.clip != nil ? 1 : windowCoverage
            let (low, high) = ranges.range(at: index, coverage: coverage)
            guard low.isFinite, high.isFinite else { throw .nonFiniteActivation(layer: "activation \(index)") }
            points.append(ActivationQuantization(minimum: low, maximum: high))
        }
        try self.init(folded: folded, activations: points)
    }

    /// Quantizes a folded model with given activation quantization, one per
    /// activation point in order (input, convolutions, linear layers).
    public init(folded: FoldedModel, activations: [ActivationQuantization]) throws(QuantizationError) {
        let expected = 1 + folded.convolutions.count + folded.linears.count
        guard activations.count == expected else {
            throw .malformedFile(reason: "\(activations.count) activation quantizations, expected \(expected)")
        }
        var convolutions: [QuantizedLayer] = []
        for (index, layer) in folded.convolutions.enumerated() {
            convolutions.append(
                try QuantizedLayer(
                    inChannels: layer.inChannels, outChannels: layer.outChannels, kernelSize: layer.kernelSize,
                    weight: layer.weight, bias: layer.bias, input: activations[index],
                    output: activations[index + 1], relu: true))
        }
        var linears: [QuantizedLayer] = []
        let base = folded.convolutions.count
        for (index, layer) in folded.linears.enumerated() {
            linears.append(
                try QuantizedLayer(
                    inChannels: layer.inFeatures, outChannels: layer.outFeatures, kernelSize: 1,
                    weight: layer.weight, bias: layer.bias, input: activations[base + index],
                    output: activations[base + index + 1], relu: index < folded.linears.count - 1))
        }
        self.init(
            spec: folded.spec, standardization: folded.standardization, convolutions: convolutions, linears: linears)
    }

    /// Assembles a model from quantized layers (used by the file loader).
    init(spec: ModelSpec, standardization: Standardization, convolutions: [QuantizedLayer], linears: [QuantizedLayer]) {
        self.spec = spec
        self.standardization = standardization
        self.convolutions = convolutions
        self.linears = linears
    }

    /// The activation quantizations in order: input, each convolution's output, each linear layer's output.
    public var activations: [ActivationQuantization] {
        [input] + convolutions.map(\.output) + linears.map(\.output)
    }
}
