import Testing

@testable import Model

/// PyTorch's default initialization: Conv1d and Linear weights and biases
/// uniform in ±1/sqrt(fan_in) (Kaiming uniform with a = sqrt(5)); batch norm
/// weight 1, bias 0, running mean 0, running variance 1.
@Suite struct NetworkInitializationTests {
    @Test func boundsAndBatchNormDefaultsFollowPyTorch() {
        let network = FloatNetwork(spec: .fedsenseV1, seed: 1)
        let tensors = network.exportTensors()
        let fanIn = ["conv1": 28, "conv2": 80, "conv3": 96, "fc1": 64, "fc2": 32, "out": 16]
        for (layer, inputs) in fanIn {
            let bound = 1 / Float(inputs).squareRoot()
            for field in ["weight", "bias"] {
                let values = tensors["\(layer).\(field)"]!.values
                #expect(values.allSatisfy { abs($0) <= bound }, "\(layer).\(field) within ±\(bound)")
                if values.count >= 500 {
                    // A uniform sample spreads over the range and centres on zero.
                    #expect(values.map(abs).max()! > 0.95 * bound)
                    let mean = values.reduce(0, +) / Float(values.count)
                    #expect(abs(mean) < 0.1 * bound)
                }
            }
        }
        for layer in 1...3 {
            #expect(tensors["bn\(layer).weight"]!.values.allSatisfy { $0 == 1 })
            #expect(tensors["bn\(layer).bias"]!.values.allSatisfy { $0 == 0 })
            #expect(tensors["bn\(layer).running_mean"]!.values.allSatisfy { $0 == 0 })
            #expect(tensors["bn\(layer).running_var"]!.values.allSatisfy { $0 == 1 })
        }
    }

    @Test func seedsAreReproducibleAndDistinct() {
        let first = FloatNetwork(spec: .fedsenseV1, seed: 7).exportTensors()
        let again = FloatNetwork(spec: .fedsenseV1, seed: 7).exportTensors()
        let other = FloatNetwork(spec: .fedsenseV1, seed: 8).exportTensors()
        #expect(first == again)
        #expect(first["conv1.weight"] != other["conv1.weight"])
    }

    /// SplitMix64's published first outputs for seed 0 (from the reference C code),
    /// so the sequence, and every seeded model, is the same on every platform.
    @Test func splitMixMatchesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }
}
