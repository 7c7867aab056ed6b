import Model

/// A small seeded generator (SplitMix64) so random models and windows are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform(_ range: ClosedRange<Float>) -> Float { Float.random(in: range, using: &self) }

    /// Approximately normal (sum of 4 uniforms), enough for test data.
    mutating func normal() -> Float {
        (0..<4).reduce(Float(0)) { sum, _ in sum + uniform(-1...1) } * 0.866
    }
}

/// Random but plausible float parameters and raw windows for a spec.
enum RandomModel {
    static func parameters(spec: ModelSpec, seed: UInt64) throws -> ModelParameters {
        var generator = SeededGenerator(seed: seed)
        var tensors: [String: Tensor] = [:]
        for (name, shape) in spec.parameterShapes {
            let count = shape.reduce(1, *)
            let fanIn = Float(shape.dropFirst().reduce(1, *))
            let values: [Float] = (0..<count).map { _ in
                if name.hasSuffix("running_var") { return generator.uniform(0.3...2) }
                if name.hasSuffix("running_mean") { return generator.uniform(-0.3...0.3) }
                if name.hasPrefix("bn") && name.hasSuffix(".weight") { return generator.uniform(0.5...1.5) }
                if name.hasSuffix(".bias") { return generator.uniform(-0.2...0.2) }
                return generator.uniform(-1...1) * (3 / fanIn).squareRoot()
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        let mean: [Float] = (0..<spec.inputChannels).map { $0 == 0 ? 70 : 0 }
        let std: [Float] = (0..<spec.inputChannels).map { $0 == 0 ? 10 : 1 }
        return try ModelParameters(
            spec: spec, tensors: tensors, standardization: Standardization(mean: mean, std: std))
    }

    static func windows(spec: ModelSpec, count: Int, seed: UInt64) -> [[Float]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var window: [Float] = []
            for channel in 0..<spec.inputChannels {
                let level = channel == 0 ? Float(70) + 10 * generator.normal() : generator.normal()
                let amplitude = generator.uniform(0...2)
                for _ in 0..<spec.windowLength {
                    window.append(level + amplitude * (channel == 0 ? 5 : 1) * generator.normal())
                }
            }
            return window
        }
    }
}
