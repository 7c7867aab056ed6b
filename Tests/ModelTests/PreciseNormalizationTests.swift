import Testing

@testable import Model

@Suite struct PreciseNormalizationTests {
    /// The trainer tests' small architecture.
    let spec = TrainerTests().spec

    /// With equal batches, the average of the batch means is the mean over every training
    /// window, which one batch holding all of them computes directly.
    @Test func firstBatchNormMeanIsThePopulationMeanOfItsInput() throws {
        let data = FloatFixtures.syntheticData(spec: spec, count: 96, positiveRate: 0.25, seed: 8)
        let configuration = TrainingConfiguration(epochs: 2, batchSize: 16, validationFraction: 0, seed: 3)
        let result = try Trainer(spec: spec, configuration: configuration).train(data)
        let runningMean = result.parameters["bn1.running_mean"].values

        let network = FloatNetwork(spec: spec, seed: 1, batchCapacity: data.count)
        network.load(result.parameters)
        data.values.withUnsafeBufferPointer {
            network.forward(
                batch: data.count, input: $0.baseAddress!, standardization: result.parameters.standardization,
                training: true)
        }
        for channel in 0..<spec.convChannels[0] {
            let population = network.workspace.batchMean[0][channel]
            #expect(
                abs(runningMean[channel] - population) <= 1e-4 * max(1, abs(population)),
                "channel \(channel): running \(runningMean[channel]) vs population \(population)")
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
}
