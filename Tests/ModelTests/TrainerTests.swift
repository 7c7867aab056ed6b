import Testing

@testable import Model

@Suite struct TrainerTests {
    let spec = ModelSpec(
        name: "small", inputChannels: 4, windowLength: 40, convChannels: [8, 8, 16], convKernels: [5, 3, 3],
        hiddenSizes: [16, 8], dropout: 0.2)

    @Test func learnsASeparableProblemAndReportsHistory() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 400, positiveRate: 0.2, seed: 3)
        let configuration = TrainingConfiguration(
            epochs: 8, batchSize: 32, validationFraction: 0.25, patience: 3, seed: 9)
        var reports = 0
        var completed: [Int] = []
        let result = try Trainer(spec: spec, configuration: configuration).train(data) { progress in
            reports += 1
            if let record = progress.completedEpoch { completed.append(record.epoch) }
        }
        // Stratified: each class gives round(25 %) of its windows to validation.
        let positives = data.positiveCount
        let held = Int((0.25 * Double(positives)).rounded()) + Int((0.25 * Double(400 - positives)).rounded())
        #expect(result.validationCount == held)
        #expect(result.trainingCount == 400 - held)
        #expect(completed == result.history.map(\.epoch))
        #expect(reports == result.history.count * (10 + 1))
        #expect(result.history.last!.trainingLoss < result.history.first!.trainingLoss)
        let validation = try #require(result.validationMetrics)
        #expect(validation.rocAUC! > 0.95)
        #expect(validation.f1 > 0.8)
        let threshold = try #require(result.recommendedThreshold)
        #expect(threshold > 0 && threshold < 1)
        // Class weight from the training split's balance.
        let trainingPositives = Float(
            result.trainingMetrics.confusion.truePositives + result.trainingMetrics.confusion.falseNegatives)
        let trainingNegatives = Float(result.trainingCount) - trainingPositives
        #expect(abs(result.positiveWeight - trainingNegatives / trainingPositives) < 1e-5)
        // Standardization comes from the training data: heart rate has mean near 75 + 0.2 × 17.5.
        #expect(abs(result.parameters.standardization.mean[0] - 78.5) < 3)
        #expect(result.parameters.standardization.std.allSatisfy { $0 > 0 })
    }

    @Test func sameSeedGivesIdenticalParameters() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 120, positiveRate: 0.3, seed: 4)
        let configuration = TrainingConfiguration(epochs: 2, batchSize: 16, seed: 77)
        let first = try Trainer(spec: spec, configuration: configuration).train(data)
        let second = try Trainer(spec: spec, configuration: configuration).train(data)
        #expect(first.parameters == second.parameters)
        var other = configuration
        other.seed = 78
        let third = try Trainer(spec: spec, configuration: other).train(data)
        #expect(third.parameters != first.parameters)
    }

    /// Windows whose labels are coin flips: nothing generalizes, so validation stops improving.
    func randomlyLabelledData() throws -> LabeledWindows {
        let data = FloatFixtures.syntheticData(spec: spec, count: 160, positiveRate: 0.5, seed: 5)
        var generator = SplitMix64(seed: 1)
        return try LabeledWindows(
            values: data.values, labels: data.labels.map { _ in generator.nextUnitFloat() < 0.5 ? 1 : 0 },
            channels: data.channels, length: data.length)
    }

    @Test func earlyStoppingKeepsTheBestEpoch() throws {
        let data = try randomlyLabelledData()
        let configuration = TrainingConfiguration(
            epochs: 40, batchSize: 16, optimizer: .adam(learningRate: 1e-2), validationFraction: 0.3, patience: 2,
            seed: 3)
        let result = try Trainer(spec: spec, configuration: configuration).train(data)
        #expect(result.stoppedEarly)
        #expect(result.history.count == result.bestEpoch + 2)
        let best = result.history[result.bestEpoch - 1].validationLoss!
        #expect(result.history.allSatisfy { $0.validationLoss! >= best })
    }

    @Test func earlyStoppingOnAUCKeepsTheBestRankingEpoch() throws {
        let data = try randomlyLabelledData()
        let configuration = TrainingConfiguration(
            epochs: 40, batchSize: 16, optimizer: .adam(learningRate: 1e-2), validationFraction: 0.3, monitor: .auc,
            patience: 3, seed: 3)
        let result = try Trainer(spec: spec, configuration: configuration).train(data)
        #expect(result.stoppedEarly)
        #expect(result.history.count == result.bestEpoch + 3)
        let aucs = result.history.map { $0.validationMetrics!.rocAUC! }
        let best = aucs[result.bestEpoch - 1]
        #expect(aucs.allSatisfy { $0 <= best })
        #expect(aucs[..<(result.bestEpoch - 1)].allSatisfy { $0 < best }, "the first epoch reaching the best is kept")
    }

    @Test func latestSplitValidatesOnTheLastWindows() throws {
        // The last quarter holds no anomalies: its validation AUC is undefined, a stratified one is not.
        var data = FloatFixtures.syntheticData(spec: spec, count: 200, positiveRate: 0.3, seed: 6)
        data = try LabeledWindows(
            values: data.values, labels: data.labels.enumerated().map { $0.offset >= 150 ? 0 : $0.element },
            channels: data.channels, length: data.length)
        var configuration = TrainingConfiguration(
            epochs: 1, batchSize: 32, validationFraction: 0.25, validationSplit: .latest, seed: 2)
        let latest = try Trainer(spec: spec, configuration: configuration).train(data)
        #expect(latest.trainingCount == 150 && latest.validationCount == 50)
        #expect(latest.validationMetrics?.rocAUC == nil)
        #expect(latest.validationMetrics?.confusion.total == 50)
        configuration.validationSplit = .stratified
        let stratified = try Trainer(spec: spec, configuration: configuration).train(data)
        #expect((49...51).contains(stratified.validationCount), "a quarter of each class, each rounded")
        #expect(stratified.validationMetrics?.rocAUC != nil)
    }

    @Test func continuesFromGivenParametersWithTheirStandardization() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 64, positiveRate: 0.25, seed: 6)
        let configuration = TrainingConfiguration(epochs: 1, batchSize: 16, validationFraction: 0, seed: 1)
        let first = try Trainer(spec: spec, configuration: configuration).train(data)
        var initial = first.parameters
        initial.standardization = Standardization(mean: [70, 0, 0, 0], std: [10, 1, 1, 1])
        let second = try Trainer(spec: spec, configuration: configuration).train(data, startingFrom: initial)
        #expect(second.parameters.standardization == initial.standardization)
        #expect(second.parameters != initial)
        #expect(second.validationMetrics == nil)
    }

    @Test func sgdTrainsToo() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 200, positiveRate: 0.3, seed: 8)
        let configuration = TrainingConfiguration(
            epochs: 6, batchSize: 16, optimizer: .sgd(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-4), seed: 2)
        let result = try Trainer(spec: spec, configuration: configuration).train(data)
        #expect(result.validationMetrics!.rocAUC! > 0.9)
    }

    @Test func badInputsAreRejectedWithReasons() throws {
        #expect(throws: TrainingError.shapeMismatch(expectedValues: 8, foundValues: 7)) {
            try LabeledWindows(values: [Float](repeating: 0, count: 7), labels: [0, 1], channels: 2, length: 2)
        }
        #expect(throws: TrainingError.invalidLabel(window: 1, value: 0.5)) {
            try LabeledWindows(values: [Float](repeating: 0, count: 8), labels: [0, 0.5], channels: 2, length: 2)
        }
        #expect(throws: TrainingError.nonFiniteValue(window: 1)) {
            try LabeledWindows(values: [0, 0, 0, 0, 0, .nan, 0, 0], labels: [0, 1], channels: 2, length: 2)
        }
        let data = FloatFixtures.syntheticData(spec: spec, count: 10, positiveRate: 0.5, seed: 1)
        #expect(throws: TrainingError.self) { try Trainer(spec: .fedsenseV1).train(data) }
        var configuration = TrainingConfiguration()
        configuration.batchSize = 0
        #expect(throws: TrainingError.self) { try Trainer(spec: spec, configuration: configuration).train(data) }
        configuration = TrainingConfiguration(optimizer: .adam(learningRate: -1))
        #expect(throws: TrainingError.self) { try Trainer(spec: spec, configuration: configuration).train(data) }
    }

    @Test func divergenceIsReportedNotHidden() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 64, positiveRate: 0.5, seed: 2)
        let configuration = TrainingConfiguration(
            epochs: 3, batchSize: 16, optimizer: .sgd(learningRate: 1e30, momentum: 0), validationFraction: 0, seed: 1)
        #expect(throws: TrainingError.self) { try Trainer(spec: spec, configuration: configuration).train(data) }
    }
}

@Suite struct TrainerCancellationTests {
    @Test func cancelledTaskStopsTraining() async throws {
        let spec = ModelSpec(
            name: "small", inputChannels: 4, windowLength: 40, convChannels: [8, 8, 16], convKernels: [5, 3, 3],
            hiddenSizes: [16, 8], dropout: 0.2)
        let data = FloatFixtures.syntheticData(spec: spec, count: 64, positiveRate: 0.25, seed: 6)
        let task = Task {
            // Wait until cancelled, then train: the first batch must see the cancellation.
            while !Task.isCancelled { await Task.yield() }
            return try Trainer(spec: spec, configuration: TrainingConfiguration(epochs: 50, batchSize: 8)).train(data)
        }
        task.cancel()
        await #expect(throws: TrainingError.cancelled(epoch: 1)) { try await task.value }
    }
}

@Suite struct FrozenNormalizationTests {
    let spec = ModelSpec(
        name: "small", inputChannels: 4, windowLength: 40, convChannels: [8, 8, 16], convKernels: [5, 3, 3],
        hiddenSizes: [16, 8], dropout: 0)

    /// Gradients of the mean loss over `indices` of `data`.
    private func gradient(_ network: FloatNetwork, _ data: LabeledWindows, _ indices: [Int]) -> [Float] {
        let values = indices.flatMap { data.values[($0 * data.valuesPerWindow)..<(($0 + 1) * data.valuesPerWindow)] }
        let labels = indices.map { data.labels[$0] }
        values.withUnsafeBufferPointer {
            network.forward(batch: indices.count, input: $0.baseAddress!, training: true)
        }
        var gradLogits = [Float](repeating: 0, count: indices.count)
        let logits = network.workspace.features[network.geometry.linears.count]
        _ = labels.withUnsafeBufferPointer { labelBuffer in
            gradLogits.withUnsafeMutableBufferPointer {
                WeightedBinaryCrossEntropy().evaluate(
                    logits: logits, labels: labelBuffer.baseAddress!, count: indices.count, gradient: $0.baseAddress!)
            }
        }
        gradLogits.withUnsafeBufferPointer { network.backward(batch: indices.count, gradLogits: $0.baseAddress!) }
        return Array(UnsafeBufferPointer(start: network.gradients, count: network.geometry.parameterCount))
    }

    /// With frozen statistics the batch gradient is the mean of per-window
    /// gradients (what per-example clipping relies on); with batch statistics it is not.
    @Test func frozenGradientsArePerWindowSeparable() {
        let data = FloatFixtures.syntheticData(spec: spec, count: 2, positiveRate: 0.5, seed: 4)
        let network = FloatNetwork(spec: spec, seed: 2, batchCapacity: 2)
        network.freezesNormalization = true
        let pair = gradient(network, data, [0, 1])
        let first = gradient(network, data, [0])
        let second = gradient(network, data, [1])
        expectFloatsClose(pair, zip(first, second).map { ($0 + $1) / 2 }, tolerance: 1e-5, "frozen batch gradient")
        #expect(network.batchesTracked == 0)

        network.freezesNormalization = false
        let mixed = gradient(network, data, [0, 1])
        let alone = zip(gradient(network, data, [0]), gradient(network, data, [1])).map { ($0 + $1) / 2 }
        #expect(zip(mixed, alone).contains { abs($0 - $1) > 1e-3 * max(abs($1), 1e-3) })
    }

    @Test func frozenTrainingKeepsRunningStatistics() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 64, positiveRate: 0.25, seed: 6)
        let base = try Trainer(spec: spec, configuration: TrainingConfiguration(epochs: 1, batchSize: 16)).train(data)
        let configuration = TrainingConfiguration(epochs: 2, batchSize: 16, freezesBatchNormalization: true)
        let tuned = try Trainer(spec: spec, configuration: configuration).train(data, startingFrom: base.parameters)
        for name in ["bn1.running_mean", "bn2.running_var", "bn3.running_mean"] {
            #expect(tuned.parameters[name] == base.parameters[name])
        }
        #expect(tuned.parameters["bn1.weight"] != base.parameters["bn1.weight"])
        #expect(tuned.batchesTracked == 0)
    }
}
