import Foundation
import Model
import TestSupport
import Testing

/// The int8 engine against independent runtimes on the same quantized model, using the
/// committed vectors of `scripts/reference/make_quant_fixtures.sh` (no Python needed).
@Suite struct Int8ReferenceEquivalenceTests {
    static func fixture(_ name: String) -> String {
        TestEnvironment.fixture("model/onnx/\(name)").path
    }

    static func floats(_ path: String) throws -> [Float] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return stride(from: 0, to: data.count, by: 4).map { offset in
            Float(bitPattern: data[offset..<offset + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
    }

    static func windows(_ path: String, spec: ModelSpec) throws -> [[Float]] {
        try ReferenceFiles.windows(
            float16Contents: ReferenceFiles.read(path), windowSize: spec.inputChannels * spec.windowLength)
    }

    @Test func quantizerReproducesTheCommittedInt8Model() throws {
        let parameters = try ModelParameters(safeTensorsAt: Self.fixture("float_model.safetensors"))
        let calibration = try Self.windows(Self.fixture("calibration.f16"), spec: parameters.spec)
        let model = try QuantizedModel(parameters: parameters, calibrationWindows: calibration)
        let committed = try QuantizedModel.load(from: Self.fixture("model.int8.safetensors"))
        #expect(model == committed)
        #expect(try model.fileContents() == ReferenceFiles.read(Self.fixture("model.int8.safetensors")))
        #expect(try QuantizedModel(fileContents: model.fileContents()) == model)
    }

    @Test func int8LogitsEqualOnnxRuntimeWithinOneStep() throws {
        let model = try QuantizedModel.load(from: Self.fixture("model.int8.safetensors"))
        let windows = try Self.windows(Self.fixture("windows.f16"), spec: model.spec)
        let expected = try Self.floats(Self.fixture("onnxruntime_logits.f32"))
        try #require(windows.count >= 1000 && expected.count == windows.count)

        let scorer = QuantizedScorer(model: model)
        var exact = 0
        for (window, reference) in zip(windows, expected) {
            let logit = model.logit.dequantize(try scorer.quantizedLogit(window))
            let steps = abs(logit - reference) / model.logit.scale
            #expect(steps <= 1.001, "int8 logit \(logit) vs ONNX Runtime \(reference)")
            if steps < 0.001 { exact += 1 }
        }
        // Same scheme, same rounding: nearly all outputs agree exactly, not just within a step.
        #expect(exact >= windows.count * 99 / 100)
    }

    @Test func int8LogitsTrackLiteRTOnTheSameModel() throws {
        let model = try QuantizedModel.load(from: Self.fixture("model.int8.safetensors"))
        let windows = try Self.windows(Self.fixture("windows.f16"), spec: model.spec)
        let expected = try Self.floats(TestEnvironment.fixture("model/litert/litert_logits.f32").path)
        try #require(expected.count == windows.count)

        let scorer = QuantizedScorer(model: model)
        var withinOneStep = 0
        for (window, reference) in zip(windows, expected) {
            let logit = model.logit.dequantize(try scorer.quantizedLogit(window))
            let steps = abs(logit - reference) / model.logit.scale
            // LiteRT rounds differently in places (XNNPACK's requantization, average pool
            // ties away from zero), and differences can compound over layers by a few steps.
            #expect(steps <= 4.001, "int8 logit \(logit) vs LiteRT \(reference)")
            if steps <= 1.001 { withinOneStep += 1 }
        }
        #expect(withinOneStep >= windows.count * 99 / 100)
    }

    @Test func floatToInt8RocAucDropIsAtMostHalfAPercentagePoint() throws {
        let parameters = try ModelParameters(safeTensorsAt: Self.fixture("float_model.safetensors"))
        let folded = try FoldedModel(parameters: parameters)
        let model = try QuantizedModel.load(from: Self.fixture("model.int8.safetensors"))
        let windows = try Self.windows(Self.fixture("windows.f16"), spec: model.spec)
        let labels = try ReferenceFiles.read(Self.fixture("labels.u8"))
        try #require(labels.count == windows.count && labels.contains(1) && labels.contains(0))

        let scorer = QuantizedScorer(model: model)
        let floatScores = windows.map { folded.logit(window: $0) }
        let int8Scores = try windows.map { try scorer.score($0) }
        let targets = labels.map { Float($0) }
        let floatAUC = try #require(ROCCurve.areaUnderCurve(scores: floatScores, labels: targets))
        let int8AUC = try #require(ROCCurve.areaUnderCurve(scores: int8Scores, labels: targets))
        // The fixture model is a real (imperfect) detector, so the comparison means something.
        #expect(floatAUC > 0.75 && floatAUC < 0.99)
        #expect(floatAUC - int8AUC <= 0.005, "float AUC \(floatAUC), int8 AUC \(int8AUC)")
    }

    @Test func pythonSafetensorsReadsTheInt8FileSwiftWrites() throws {
        let spec = QuantizedScorerTests.oddSpec
        let model = try QuantizedModel(
            parameters: try RandomModel.parameters(spec: spec, seed: 9),
            calibrationWindows: RandomModel.windows(spec: spec, count: 4, seed: 10))
        let path = try TestEnvironment.temporaryDirectory("int8-file").appendingPathComponent("m.safetensors").path
        try model.save(to: path)
        let script = """
            import json, sys
            from safetensors import safe_open
            with safe_open(sys.argv[1], framework="numpy") as f:
                meta = f.metadata()
                out = {k: [str(f.get_tensor(k).dtype), list(f.get_tensor(k).shape)] for k in f.keys()}
                out["conv2.weight[0,0,0]"] = int(f.get_tensor("conv2.weight")[0, 0, 0])
                out["zero_points"] = f.get_tensor("activations.zero_point").tolist()
            print(json.dumps({"meta": meta, "tensors": out}))
            """
        let result = try runPython(["-c", script, path])
        try #require(result.status == 0, "\(result.standardError)")
        let text = result.standardOutput
        #expect(text.contains("\"conv1.weight\": [\"int8\", [6, 3, 5]]"))
        #expect(text.contains("\"fc2.weight\": [\"int8\", [7, 24]]"))
        #expect(text.contains("\"out.bias\": [\"int32\", [1]]"))
        #expect(text.contains("\"activations.scale\": [\"float32\", [7]]"))
        #expect(text.contains("\"conv2.weight[0,0,0]\": \(model.convolutions[1].weights[0])"))
        #expect(text.contains("\"zero_points\": \(model.activations.map(\.zeroPoint))"))
        #expect(text.contains("\"format\": \"edge-agent-int8\""))
    }

    @Test func malformedInt8FilesAreRejectedWithAReason() throws {
        let bytes = try ReferenceFiles.read(Self.fixture("model.int8.safetensors"))
        #expect(throws: QuantizationError.self) { try QuantizedModel(fileContents: Array(bytes.prefix(7))) }
        #expect(throws: QuantizationError.self) { try QuantizedModel(fileContents: Array(bytes.dropLast(100))) }
        var hugeHeader = bytes
        hugeHeader[6] = 0x10
        #expect(throws: QuantizationError.self) { try QuantizedModel(fileContents: hugeHeader) }
        // Change every I8 dtype in the header to U8: dtypes must match the spec exactly.
        let needle = Array("\"dtype\":\"I8\"".utf8)
        var corrupted = bytes
        var replaced = 0
        for start in 0..<(bytes.count - needle.count) where Array(bytes[start..<start + needle.count]) == needle {
            corrupted[start + 9] = UInt8(ascii: "U")
            replaced += 1
        }
        try #require(replaced == 6)
        do {
            _ = try QuantizedModel(fileContents: corrupted)
            Issue.record("a U8 weight tensor was accepted")
        } catch {
            #expect(error.description.contains("weight"))
        }
    }
}
