import Testing

@testable import Model

@Suite struct FloatModelTests {
    /// Raw windows for `spec`, heart rate around 70 and small accelerations.
    private func windows(_ spec: ModelSpec, count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<(count * spec.inputChannels * spec.windowLength)).map { index in
            let channel = (index / spec.windowLength) % spec.inputChannels
            return channel == 0 ? 70 + generator.nextFloat(symmetricBound: 10) : generator.nextFloat(symmetricBound: 1)
        }
    }

    private func parameters(_ spec: ModelSpec, standardization: Standardization) -> ModelParameters {
        let network = FloatNetwork(spec: spec, seed: 3)
        return network.exportParameters(standardization: standardization)
    }

    @Test func chunkedScoringEqualsOneBatch() {
        let spec = ModelSpec.fedsenseV1
        let model = FloatModel(
            parameters: parameters(spec, standardization: Standardization(mean: [70, 0, 0, 0], std: [5, 1, 1, 1])),
            batchCapacity: 4)
        let input = windows(spec, count: 11, seed: 1)
        let chunked = model.logits(windows: input, count: 11)
        let whole = FloatModel(parameters: model.parameters, batchCapacity: 11).logits(windows: input, count: 11)
        #expect(chunked == whole)
        // Each window scores independently of its batch neighbours in inference mode.
        let first = model.logits(windows: Array(input[0..<(spec.inputChannels * spec.windowLength)]), count: 1)
        #expect(first[0] == whole[0])
        #expect(model.probabilities(windows: input, count: 11) == whole.map(sigmoid))
    }

    @Test func standardizationIsAppliedToRawWindows() {
        let spec = ModelSpec(
            name: "s", inputChannels: 2, windowLength: 16, convChannels: [4], convKernels: [3], hiddenSizes: [],
            dropout: 0)
        let standardization = Standardization(mean: [70, 0.5], std: [5, 2])
        let model = FloatModel(parameters: parameters(spec, standardization: standardization))
        let raw = windows(spec, count: 3, seed: 2)
        let standardized = raw.enumerated().map { index, value in
            let channel = (index / spec.windowLength) % spec.inputChannels
            return (value - standardization.mean[channel]) / standardization.std[channel]
        }
        #expect(
            model.logits(windows: raw, count: 3) == model.logits(windows: standardized, count: 3, standardized: true))
    }

    @Test func activationTraceNamesAndShapesFollowTheNetwork() {
        let spec = ModelSpec.fedsenseV1
        let model = FloatModel(
            parameters: parameters(spec, standardization: Standardization(mean: [0, 0, 0, 0], std: [1, 1, 1, 1])))
        let input = windows(spec, count: 2, seed: 4)
        let trace = model.activations(windows: input, count: 2)
        #expect(
            trace.map(\.name) == [
                "input", "conv1", "block1", "pool1", "conv2", "block2", "pool2", "conv3", "block3", "gap", "fc1",
                "fc2", "out",
            ])
        let shapes = Dictionary(uniqueKeysWithValues: trace.map { ($0.name, $0.tensor.shape) })
        #expect(shapes["input"] == [2, 4, 250])
        #expect(shapes["pool1"] == [2, 16, 125])
        #expect(shapes["pool2"] == [2, 32, 62])
        #expect(shapes["block3"] == [2, 64, 62])
        #expect(shapes["gap"] == [2, 64])
        #expect(shapes["out"] == [2, 1])
        #expect(trace.last!.tensor.values == model.logits(windows: input, count: 2))
        #expect(trace.first!.tensor.values == input)
        // Block outputs are post-ReLU.
        #expect(trace.filter { $0.name.hasPrefix("block") }.allSatisfy { $0.tensor.values.allSatisfy { $0 >= 0 } })
    }

    @Test func sigmoidIsStableAtTheExtremes() {
        #expect(sigmoid(0) == 0.5)
        #expect(sigmoid(100) == 1)
        #expect(sigmoid(-80) > 0 && sigmoid(-80) < 1e-30)
        #expect(sigmoid(-1000) == 0)
        #expect(!sigmoid(1e30).isNaN && !sigmoid(-1e30).isNaN)
    }
}

@Suite struct FloatModelEvaluationTests {
    @Test func metricsOnLabelledWindowsUseTheModelsScores() throws {
        let spec = ModelSpec(
            name: "s", inputChannels: 4, windowLength: 40, convChannels: [8, 8, 16], convKernels: [5, 3, 3],
            hiddenSizes: [16, 8], dropout: 0.2)
        let data = FloatFixtures.syntheticData(spec: spec, count: 50, positiveRate: 0.3, seed: 12)
        let result = try Trainer(spec: spec, configuration: TrainingConfiguration(epochs: 2, validationFraction: 0))
            .train(data)
        let model = FloatModel(parameters: result.parameters)
        let metrics = try model.metrics(on: data, threshold: 0.5)
        let scores = model.probabilities(windows: data.values, count: data.count)
        #expect(metrics == ClassificationMetrics(scores: scores, labels: data.labels, threshold: 0.5))
        #expect(metrics == result.trainingMetrics)
        let wrong = FloatFixtures.syntheticData(spec: .fedsenseV1, count: 2, positiveRate: 0.5, seed: 1)
        #expect(throws: TrainingError.self) { try model.metrics(on: wrong) }
    }
}
