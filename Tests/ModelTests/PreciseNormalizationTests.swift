import Testing

@testable import Model

@Suite struct PreciseNormalizationTests {
    /// The trainer tests' small architecture.
    let spec = TrainerTests().spec

    /// Trains two epochs in batches of 16, then runs every window through the trained
    /// network as one training-mode batch, whose batch statistics are the population's.
    func trainThenPassEveryWindowAsOneBatch(_ data: LabeledWindows) throws -> (TrainingResult, FloatNetwork) {
        let configuration = TrainingConfiguration(epochs: 2, batchSize: 16, validationFraction: 0, seed: 3)
        let result = try Trainer(spec: spec, configuration: configuration).train(data)
        let network = FloatNetwork(spec: spec, seed: 1, batchCapacity: data.count)
        network.load(result.parameters)
        data.values.withUnsafeBufferPointer {
            network.forward(
                batch: data.count, input: $0.baseAddress!, standardization: result.parameters.standardization,
                training: true)
        }
        return (result, network)
    }

    /// With equal batches, the average of the batch means is the mean over every training
    /// window, which one batch holding all of them computes directly.
    @Test func firstBatchNormMeanIsThePopulationMeanOfItsInput() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 96, positiveRate: 0.25, seed: 8)
        let (result, network) = try trainThenPassEveryWindowAsOneBatch(data)
        let runningMean = result.parameters["bn1.running_mean"].values
        for channel in 0..<spec.convChannels[0] {
            let population = network.workspace.batchMean[0][channel]
            #expect(
                abs(runningMean[channel] - population) <= 1e-4 * max(1, abs(population)),
                "channel \(channel): running \(runningMean[channel]) vs population \(population)")
        }
    }

    /// The pass must batch the windows at random, as training did. Here the windows are
    /// ordered by heart rate, as a recording's are by time (neighbours alike), so batches in
    /// index order would each hold one narrow band of rates and their variances would leave
    /// out the differences between windows.
    @Test func firstBatchNormVarianceIsThePopulationVarianceWhateverTheWindowOrder() throws {
        let mixed = FloatFixtures.syntheticData(spec: spec, count: 192, positiveRate: 0.05, seed: 8)
        let size = spec.inputChannels * spec.windowLength
        let heartRate = { (window: Int) in
            mixed.values[(window * size)..<(window * size + spec.windowLength)].reduce(0, +)
        }
        let order = mixed.labels.indices.sorted { heartRate($0) < heartRate($1) }
        let data = try LabeledWindows(
            values: order.flatMap { mixed.values[($0 * size)..<(($0 + 1) * size)] },
            labels: order.map { mixed.labels[$0] },
            channels: mixed.channels, length: mixed.length)
        let (result, network) = try trainThenPassEveryWindowAsOneBatch(data)
        let runningVariance = result.parameters["bn1.running_var"].values
        for channel in 0..<spec.convChannels[0] {
            // Shuffled batches of 16 came within 1 % of the population variance here; batches in
            // heart-rate order came out 2-18 % low.
            let inverseStd = network.workspace.batchInverseStd[0][channel]
            let population = 1 / (inverseStd * inverseStd) - FloatNetwork.normEpsilon
            #expect(
                runningVariance[channel] > 0.95 * population && runningVariance[channel] < 1.05 * population,
                "channel \(channel): running \(runningVariance[channel]) vs population \(population)")
        }
    }

    /// Without the final pass the statistics are the exponential average training left,
    /// which differs; frozen batch norm keeps its statistics either way.
    @Test func theFinalPassChangesOnlyTheStatistics() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 96, positiveRate: 0.25, seed: 8)
        var configuration = TrainingConfiguration(epochs: 2, batchSize: 16, validationFraction: 0, seed: 3)
        let precise = try Trainer(spec: spec, configuration: configuration).train(data)
        configuration.recomputesNormalizationStatistics = false
        let plain = try Trainer(spec: spec, configuration: configuration).train(data)
        #expect(precise.parameters["conv1.weight"].values == plain.parameters["conv1.weight"].values)
        #expect(precise.parameters["bn1.running_mean"].values != plain.parameters["bn1.running_mean"].values)
        #expect(precise.batchesTracked == plain.batchesTracked)
    }

    /// Before every validation pass the statistics are recomputed too, so each epoch is judged
    /// as it would be kept; training itself (losses, weights) is the same either way.
    @Test func everyValidationPassUsesRecomputedStatistics() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 160, positiveRate: 0.25, seed: 8)
        var configuration = TrainingConfiguration(
            epochs: 3, batchSize: 16, validationFraction: 0.25, patience: 0, seed: 3)
        let precise = try Trainer(spec: spec, configuration: configuration).train(data)
        configuration.recomputesNormalizationStatistics = false
        let plain = try Trainer(spec: spec, configuration: configuration).train(data)
        #expect(precise.history.map(\.trainingLoss) == plain.history.map(\.trainingLoss))
        #expect(precise.parameters["conv1.weight"].values == plain.parameters["conv1.weight"].values)
        for (a, b) in zip(precise.history, plain.history) {
            #expect(a.validationLoss != b.validationLoss, "epoch \(a.epoch)")
        }
    }
}
