import Model
import Testing

@Suite struct QuantizedScorerTests {
    /// A spec with widths that are not multiples of 4 or 16, an odd window and 3 inputs,
    /// so channel padding, partial lanes and odd pooling are all exercised.
    static let oddSpec = ModelSpec(
        name: "odd", inputChannels: 3, windowLength: 101, convChannels: [6, 20, 40], convKernels: [5, 3, 3],
        hiddenSizes: [24, 7], dropout: 0)

    func assertEngineEqualsReference(spec: ModelSpec, seed: UInt64, windows count: Int) throws {
        let parameters = try RandomModel.parameters(spec: spec, seed: seed)
        let calibration = RandomModel.windows(spec: spec, count: 24, seed: seed &+ 1)
        let model = try QuantizedModel(parameters: parameters, calibrationWindows: calibration)
        // Every path; those this CPU lacks run the portable code, which is compared too.
        let scorers = QuantizedScorer.KernelPath.allCases.map { QuantizedScorer(model: model, kernelPath: $0) }
        var distinct = Set<Int32>()
        for window in RandomModel.windows(spec: spec, count: count, seed: seed &+ 2) {
            let expected = try model.referenceQuantizedLogit(window: window)
            distinct.insert(expected)
            for scorer in scorers {
                #expect(try scorer.quantizedLogit(window) == expected, "path \(scorer.kernelPath)")
            }
        }
        // Guards against a degenerate model whose outputs are all the same value.
        #expect(distinct.count > 5)
    }

    @Test func optimizedEqualsReferenceBitForBitOnTheDefaultModel() throws {
        try assertEngineEqualsReference(spec: .fedsenseV1, seed: 11, windows: 60)
    }

    @Test func optimizedEqualsReferenceWithPaddedChannelsAndPartialBlocks() throws {
        try assertEngineEqualsReference(spec: Self.oddSpec, seed: 23, windows: 200)
    }

    @Test func batchScoringEqualsSingleWindowScoring() throws {
        let spec = Self.oddSpec
        let model = try QuantizedModel(
            parameters: try RandomModel.parameters(spec: spec, seed: 5),
            calibrationWindows: RandomModel.windows(spec: spec, count: 16, seed: 6))
        let scorer = QuantizedScorer(model: model)
        let windows = RandomModel.windows(spec: spec, count: 40, seed: 7)
        var batch = [Float](repeating: -1, count: windows.count)
        try scorer.score(batch: windows.flatMap { $0 }, into: &batch)
        for (index, window) in windows.enumerated() {
            #expect(batch[index] == (try scorer.score(window)))
            #expect(batch[index] == (try model.referenceProbability(window: window)))
        }
    }

    @Test func int8LogitTracksTheFloatLogit() throws {
        let spec = ModelSpec.fedsenseV1
        let parameters = try RandomModel.parameters(spec: spec, seed: 31)
        let calibration = RandomModel.windows(spec: spec, count: 32, seed: 32)
        let model = try QuantizedModel(parameters: parameters, calibrationWindows: calibration)
        let folded = try FoldedModel(parameters: parameters)
        let scorer = QuantizedScorer(model: model)
        var worst: Float = 0
        for window in RandomModel.windows(spec: spec, count: 30, seed: 33) {
            let int8 = model.logit.dequantize(try scorer.quantizedLogit(window))
            worst = max(worst, abs(int8 - folded.logit(window: window)))
        }
        // Quantization noise accumulated over 6 layers stays within 5 % of the calibrated
        // logit range (255 steps); a wrong scale, zero point or fold is off by far more.
        #expect(worst <= 0.05 * 255 * model.logit.scale)
    }

    @Test func batchNormFoldingMatchesTheEvalModeFloatNetwork() throws {
        // FloatModel runs conv -> batch norm (running statistics) -> ReLU unfolded and is
        // itself checked against PyTorch, so this checks the fold independently.
        let spec = ModelSpec.fedsenseV1
        let parameters = try RandomModel.parameters(spec: spec, seed: 41)
        let folded = try FoldedModel(parameters: parameters)
        let windows = RandomModel.windows(spec: spec, count: 8, seed: 42)
        let expected = FloatModel(parameters: parameters).logits(windows: windows.flatMap { $0 }, count: windows.count)
        for (window, reference) in zip(windows, expected) {
            let logit = folded.logit(window: window)
            #expect(abs(logit - reference) <= 1e-4 * max(1, abs(reference)), "\(logit) vs \(reference)")
        }
    }

    @Test func rejectsWrongSizesAndEmptyCalibration() throws {
        let spec = Self.oddSpec
        let parameters = try RandomModel.parameters(spec: spec, seed: 1)
        #expect(throws: QuantizationError.emptyCalibration) {
            try QuantizedModel(parameters: parameters, calibrationWindows: [])
        }
        #expect(throws: QuantizationError.windowSize(expected: 303, found: 2)) {
            try QuantizedModel(parameters: parameters, calibrationWindows: [[1, 2]])
        }
        var broken = RandomModel.windows(spec: spec, count: 2, seed: 2)
        broken[1][17] = .nan
        #expect(throws: QuantizationError.nonFiniteActivation(layer: "standardized input")) {
            try QuantizedModel(parameters: parameters, calibrationWindows: broken)
        }
        let model = try QuantizedModel(
            parameters: parameters, calibrationWindows: RandomModel.windows(spec: spec, count: 2, seed: 2))
        let scorer = QuantizedScorer(model: model)
        #expect(throws: QuantizationError.windowSize(expected: 303, found: 302)) {
            try scorer.score([Float](repeating: 0, count: 302))
        }
        var output = [Float](repeating: 0, count: 2)
        #expect(throws: QuantizationError.outputSize(expected: 1, found: 2)) {
            try scorer.score(batch: [Float](repeating: 0, count: 303), into: &output)
        }
    }
}
