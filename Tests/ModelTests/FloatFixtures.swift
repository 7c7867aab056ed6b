@testable import Model

/// Shared inputs of the float-model suites (safetensors, trainer, float model).
enum FloatFixtures {
    /// A small spec so parameter files stay tiny in tests.
    static let tinySpec = ModelSpec(
        name: "tiny", inputChannels: 3, windowLength: 12, convChannels: [4, 5], convKernels: [3, 5], hiddenSizes: [6],
        dropout: 0.25)

    /// Parameters of `spec` with distinct deterministic values.
    static func rampParameters(_ spec: ModelSpec) -> ModelParameters {
        var tensors: [String: Tensor] = [:]
        var next: Float = 0
        for (name, shape) in spec.parameterShapes {
            let count = shape.reduce(1, *)
            tensors[name] = Tensor(
                shape: shape,
                values: (0..<count).map { _ in
                    next += 0.125
                    return next - 2
                })
        }
        let standardization = Standardization(
            mean: (0..<spec.inputChannels).map { Float($0) * 1.5 },
            std: (0..<spec.inputChannels).map { Float($0) + 0.5 })
        return try! ModelParameters(spec: spec, tensors: tensors, standardization: standardization)
    }

    /// Synthetic labelled windows: anomalous ones carry a heart-rate step and more
    /// motion, so a working trainer separates them quickly.
    static func syntheticData(spec: ModelSpec, count: Int, positiveRate: Float, seed: UInt64) -> LabeledWindows {
        var generator = SplitMix64(seed: seed)
        let length = spec.windowLength
        var values: [Float] = []
        var labels: [Float] = []
        for _ in 0..<count {
            let anomalous = generator.nextUnitFloat() < positiveRate
            labels.append(anomalous ? 1 : 0)
            let heartRate = 60 + 30 * generator.nextUnitFloat()
            for channel in 0..<spec.inputChannels {
                for t in 0..<length {
                    if channel == 0 {
                        values.append(
                            heartRate + (anomalous && t >= length / 2 ? 35 : 0) + generator.nextFloat(symmetricBound: 3)
                        )
                    } else {
                        values.append(generator.nextFloat(symmetricBound: anomalous ? 1.2 : 0.4))
                    }
                }
            }
        }
        return try! LabeledWindows(values: values, labels: labels, channels: spec.inputChannels, length: length)
    }
}
