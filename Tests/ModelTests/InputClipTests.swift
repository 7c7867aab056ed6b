import Testing

@testable import Model

/// `Standardization.clip`: standardized inputs limited to ±clip in the float network, the
/// folded reference and the int8 model alike, and carried in the weight files.
@Suite struct InputClipTests {
    @Test func applyClipsOnlyWhenTheModelHasAClip() {
        var standardization = Standardization(mean: [70, 0], std: [10, 2])
        #expect(standardization.apply(370, channel: 0) == 30)
        standardization.clip = 4
        #expect(standardization.apply(370, channel: 0) == 4)
        #expect(standardization.apply(-100, channel: 1) == -4)
        #expect(standardization.apply(75, channel: 0) == 0.5)
        #expect(standardization.isValid)
        for bad: Float in [0, -1, .infinity, .nan] {
            standardization.clip = bad
            #expect(!standardization.isValid, "clip \(bad)")
        }
    }

    @Test func clipTravelsInBothWeightFilesAndOlderFilesHaveNone() throws {
        var parameters = try RandomModel.parameters(spec: QuantizedScorerTests.oddSpec, seed: 5)
        let unclipped = try ModelParameters(safeTensors: parameters.safeTensors(batchesTracked: 1), path: "memory")
        #expect(unclipped.standardization.clip == nil)
        parameters.standardization.clip = 3.5
        let loaded = try ModelParameters(safeTensors: parameters.safeTensors(batchesTracked: 1), path: "memory")
        #expect(loaded.standardization.clip == 3.5)

        let windows = RandomModel.windows(spec: parameters.spec, count: 8, seed: 6)
        let quantized = try QuantizedModel(parameters: parameters, calibrationWindows: windows)
        let reloaded = try QuantizedModel(fileContents: quantized.fileContents())
        #expect(reloaded.standardization.clip == 3.5)
    }

    /// A window pushed far past the clip scores as if it sat at the clip, in float and int8;
    /// and that window no longer widens the int8 input range beyond ±clip.
    @Test func valuesBeyondTheClipScoreAsTheClip() throws {
        var parameters = try RandomModel.parameters(spec: QuantizedScorerTests.oddSpec, seed: 7)
        parameters.standardization.clip = 2
        var windows = RandomModel.windows(spec: parameters.spec, count: 12, seed: 8)
        let length = parameters.spec.windowLength
        var railed = windows[0]
        var atClip = windows[0]
        for time in 0..<length {
            railed[length + time] = 1_000  // channel 1 (mean 0, std 1) pinned far out
            atClip[length + time] = 2
        }
        windows.append(railed)

        let folded = try FoldedModel(parameters: parameters)
        var ranges = ActivationRanges(count: 1 + folded.convolutions.count + folded.linears.count)
        #expect(
            folded.forward(window: railed, ranges: &ranges, recording: false)
                == folded.forward(window: atClip, ranges: &ranges, recording: false))

        let network = FloatNetwork(spec: parameters.spec, seed: 1, batchCapacity: 2)
        network.load(parameters)
        let pair = railed + atClip
        pair.withUnsafeBufferPointer {
            network.forward(
                batch: 2, input: $0.baseAddress!, standardization: parameters.standardization, training: false)
        }
        let logits = network.workspace.features[network.geometry.linears.count]
        #expect(logits[0] == logits[1])

        let quantized = try QuantizedModel(parameters: parameters, calibrationWindows: windows, windowCoverage: 0.9)
        let low = Float(Int(-128) - Int(quantized.input.zeroPoint)) * quantized.input.scale
        let high = Float(Int(127) - Int(quantized.input.zeroPoint)) * quantized.input.scale
        #expect(low >= -2 - quantized.input.scale && high <= 2 + quantized.input.scale, "range \(low)...\(high)")
        #expect(high >= 2 - quantized.input.scale, "the railed window reaches the clip: \(low)...\(high)")
        #expect(
            try quantized.referenceQuantizedLogit(window: railed) == quantized.referenceQuantizedLogit(window: atClip))
    }

    @Test func trainerStoresTheConfiguredClipOnlyOnANewStandardization() throws {
        let spec = TrainerTests().spec
        let data = FloatFixtures.syntheticData(spec: spec, count: 64, positiveRate: 0.25, seed: 4)
        var configuration = TrainingConfiguration(epochs: 1, batchSize: 16, validationFraction: 0, seed: 2)
        configuration.inputClip = 5
        let first = try Trainer(spec: spec, configuration: configuration).train(data)
        #expect(first.parameters.standardization.clip == 5)
        configuration.inputClip = 3
        let continued = try Trainer(spec: spec, configuration: configuration).train(
            data, startingFrom: first.parameters)
        #expect(continued.parameters.standardization.clip == 5)
        configuration.inputClip = 0
        #expect(configuration.validationProblem != nil)
    }
}
