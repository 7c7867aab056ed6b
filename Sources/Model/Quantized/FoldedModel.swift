/// A convolution with its batch norm folded in: `weight` [out, in, kernel] (PyTorch
/// order), `bias` [out], stride 1, padding `kernel / 2`.
public struct FoldedConvolution: Sendable, Equatable {
    /// Input channels.
    public let inChannels: Int
    /// Output channels.
    public let outChannels: Int
    /// Kernel size (odd).
    public let kernelSize: Int
    /// Folded weights, [out][in][kernel].
    public let weight: [Float]
    /// Folded bias, [out].
    public let bias: [Float]
}

/// A fully connected layer: `weight` [out, in], `bias` [out].
public struct FoldedLinear: Sendable, Equatable {
    /// Input features.
    public let inFeatures: Int
    /// Output features.
    public let outFeatures: Int
    /// Weights, [out][in].
    public let weight: [Float]
    /// Bias, [out].
    public let bias: [Float]
}

/// The float network in inference form, batch norm folded into the convolutions:
/// the starting point of quantization and the float reference for its error.
///
/// Eval-mode batch norm is `y = gamma * (x - mean) / sqrt(var + eps) + beta` with
/// the running statistics, so for `a = gamma / sqrt(var + eps)` the convolution
/// becomes `w' = a * w` and `b' = a * (b - mean) + beta` (computed in Double, then
/// rounded once to Float).
public struct FoldedModel: Sendable, Equatable {
    /// The architecture.
    public let spec: ModelSpec
    /// Input standardization.
    public let standardization: Standardization
    /// Convolutions in order (conv1, conv2, ...).
    public let convolutions: [FoldedConvolution]
    /// Linear layers in order (fc1, fc2, ..., out); all but the last end in ReLU.
    public let linears: [FoldedLinear]

    /// Folds the batch norms of `parameters` (PyTorch's eps 1e-5 by default).
    public init(parameters: ModelParameters, epsilon: Double = 1e-5) throws(QuantizationError) {
        let spec = parameters.spec
        // The same caps as a loaded file: they bound every buffer the int8 kernels use.
        try QuantizedModel.validate(spec: spec, standardization: parameters.standardization)
        var convolutions: [FoldedConvolution] = []
        var inChannels = spec.inputChannels
        for (index, outChannels) in spec.convChannels.enumerated() {
            let layer = index + 1
            let kernel = spec.convKernels[index]
            guard kernel % 2 == 1 else { throw .evenKernel(layer: "conv\(layer)", kernel: kernel) }
            let weight = parameters["conv\(layer).weight"].values
            let bias = parameters["conv\(layer).bias"].values
            let gamma = parameters["bn\(layer).weight"].values
            let beta = parameters["bn\(layer).bias"].values
            let mean = parameters["bn\(layer).running_mean"].values
            let variance = parameters["bn\(layer).running_var"].values

            let perOutput = inChannels * kernel
            var foldedWeight = [Float](repeating: 0, count: weight.count)
            var foldedBias = [Float](repeating: 0, count: outChannels)
            for output in 0..<outChannels {
                let factor = Double(gamma[output]) / (Double(variance[output]) + epsilon).squareRoot()
                for index in output * perOutput..<(output + 1) * perOutput {
                    foldedWeight[index] = Float(factor * Double(weight[index]))
                }
                foldedBias[output] = Float(
                    factor * (Double(bias[output]) - Double(mean[output])) + Double(beta[output]))
            }
            convolutions.append(
                FoldedConvolution(
                    inChannels: inChannels, outChannels: outChannels, kernelSize: kernel,
                    weight: foldedWeight, bias: foldedBias))
            inChannels = outChannels
        }

        let names = spec.hiddenSizes.indices.map { "fc\($0 + 1)" } + ["out"]
        let sizes = zip([inChannels] + spec.hiddenSizes, spec.hiddenSizes + [1])
        self.linears = zip(names, sizes).map { name, size in
            FoldedLinear(
                inFeatures: size.0, outFeatures: size.1,
                weight: parameters["\(name).weight"].values, bias: parameters["\(name).bias"].values)
        }
        self.spec = spec
        self.standardization = parameters.standardization
        self.convolutions = convolutions
    }

    /// Values in one raw window: channels x window length, NCW.
    public var windowSize: Int { spec.inputChannels * spec.windowLength }

    /// The float logit of one raw (unstandardized) window, NCW.
    public func logit(window: [Float]) -> Float {
        var ranges = ActivationRanges(count: 0)
        return forward(window: window, ranges: &ranges, recording: false)
    }
}
