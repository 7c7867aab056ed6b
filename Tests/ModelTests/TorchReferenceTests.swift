import Foundation
import Testing

@testable import Model
@testable import TestSupport

/// Compares `actual` with PyTorch's `expected` under the suite's tolerance rule:
/// `|a − b| ≤ tolerance · max(|b|, peak)`, where `peak` is the largest |b| in the
/// tensor. Each element is held to 1e-5 relative to itself, except elements far
/// below the tensor's peak, which are held to 1e-5 relative to the peak: those are
/// sums that cancel, where float rounding of the large terms dominates and a
/// per-element relative bound would measure the summation order, not correctness.
func expectFloatsClose(
    _ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5, scale: Float? = nil, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(label): count", sourceLocation: sourceLocation)
    guard actual.count == expected.count else { return }
    let peak = scale ?? expected.map(abs).max() ?? 0
    var worst: (index: Int, excess: Float) = (-1, 0)
    for index in actual.indices {
        let bound = tolerance * max(abs(expected[index]), peak)
        let excess = abs(actual[index] - expected[index]) / max(bound, .leastNormalMagnitude)
        if excess > worst.excess { worst = (index, excess) }
    }
    let message =
        "\(label): element \(worst.index) is \(worst.index >= 0 ? actual[worst.index] : 0), "
        + "expected \(worst.index >= 0 ? expected[worst.index] : 0) (\(worst.excess)× the tolerance)"
    #expect(worst.excess <= 1, Comment(rawValue: message), sourceLocation: sourceLocation)
}

/// The committed PyTorch vectors (see Tests/Fixtures/model/torch/MANIFEST.md).
struct TorchVectors {
    let file: SafeTensorsFile
    let parameters: ModelParameters
    let settings: [String: Any]

    static func load() throws -> TorchVectors {
        let path = TestEnvironment.fixture("model/torch/fedsense_v1_vectors.safetensors").path
        let file = try SafeTensorsFile(contentsOf: path)
        let spec = try JSONDecoder().decode(ModelSpec.self, from: Data(file.metadata["model_spec"]!.utf8))
        var tensors: [String: Tensor] = [:]
        for (name, _) in spec.parameterShapes { tensors[name] = file.floatTensors["param.\(name)"] }
        let identity = Standardization(
            mean: [Float](repeating: 0, count: spec.inputChannels),
            std: [Float](repeating: 1, count: spec.inputChannels))
        let parameters = try ModelParameters(spec: spec, tensors: tensors, standardization: identity)
        let settings = try JSONSerialization.jsonObject(with: Data(file.metadata["settings"]!.utf8)) as! [String: Any]
        return TorchVectors(file: file, parameters: parameters, settings: settings)
    }

    subscript(name: String) -> Tensor {
        guard let tensor = file.floatTensors[name] else { preconditionFailure("fixture lacks \(name)") }
        return tensor
    }

    var batch: Int { self["labels"].count }
}

@Suite struct TorchReferenceTests {
    @Test(arguments: [false, true])
    func inferenceForwardMatchesPyTorch(referenceKernels: Bool) throws {
        let vectors = try TorchVectors.load()
        let network = FloatNetwork(parameters: vectors.parameters)
        network.usesReferenceKernels = referenceKernels
        vectors["input"].values.withUnsafeBufferPointer {
            network.forward(batch: vectors.batch, input: $0.baseAddress!, training: false)
        }
        let trace = Dictionary(
            uniqueKeysWithValues: network.activationTrace(batch: vectors.batch).map { ($0.name, $0.tensor) })
        for name in ["block1", "gap", "fc1"] {
            #expect(trace[name]?.shape == vectors["eval.\(name)"].shape)
            expectFloatsClose(trace[name]!.values, vectors["eval.\(name)"].values, "eval \(name)")
        }
        expectFloatsClose(trace["out"]!.values, vectors["eval.logits"].values, "eval logits")
    }

    @Test func floatModelScoresLikePyTorch() throws {
        let vectors = try TorchVectors.load()
        let model = FloatModel(parameters: vectors.parameters, batchCapacity: 3)
        let logits = model.logits(windows: vectors["input"].values, count: vectors.batch, standardized: true)
        expectFloatsClose(logits, vectors["eval.logits"].values, "FloatModel logits")
        let loss = WeightedBinaryCrossEntropy(positiveWeight: 3).evaluate(
            logits: logits, labels: vectors["labels"].values)
        expectFloatsClose([loss], vectors["eval.loss"].values, "eval loss")
    }

    @Test(arguments: [false, true])
    func trainingForwardLossAndGradientsMatchPyTorch(referenceKernels: Bool) throws {
        let vectors = try TorchVectors.load()
        let network = FloatNetwork(parameters: vectors.parameters)
        network.usesReferenceKernels = referenceKernels
        network.fixedDropoutMask = vectors["dropout_mask"].values
        let batch = vectors.batch
        vectors["input"].values.withUnsafeBufferPointer {
            network.forward(batch: batch, input: $0.baseAddress!, training: true)
        }
        let trace = Dictionary(uniqueKeysWithValues: network.activationTrace(batch: batch).map { ($0.name, $0.tensor) })
        for name in ["block1", "pool2", "block3", "gap", "fc1", "fc2", "out"] {
            #expect(trace[name]?.shape == vectors["train.\(name)"].shape, "\(name) shape")
            expectFloatsClose(trace[name]!.values, vectors["train.\(name)"].values, "train \(name)")
        }

        let positiveWeight = Float(vectors.settings["pos_weight"] as! Double)
        var gradLogits = [Float](repeating: 0, count: batch)
        let logits = trace["out"]!.values
        let loss = logits.withUnsafeBufferPointer { logitBuffer in
            vectors["labels"].values.withUnsafeBufferPointer { labelBuffer in
                gradLogits.withUnsafeMutableBufferPointer {
                    WeightedBinaryCrossEntropy(positiveWeight: positiveWeight).evaluate(
                        logits: logitBuffer.baseAddress!, labels: labelBuffer.baseAddress!, count: batch,
                        gradient: $0.baseAddress!)
                }
            }
        }
        expectFloatsClose([loss], vectors["train.loss"].values, "train loss")

        gradLogits.withUnsafeBufferPointer { network.backward(batch: batch, gradLogits: $0.baseAddress!) }
        let gradients = network.exportGradients()
        for slot in network.geometry.parameterSlots {
            // A convolution bias feeding training-mode batch norm has exactly zero gradient
            // (the batch mean absorbs it); both sides hold rounding noise, so the scale is
            // the same layer's weight gradient.
            let scale =
                slot.name.hasPrefix("conv") && slot.name.hasSuffix(".bias")
                ? vectors["grad.\(slot.name.dropLast(4))weight"].values.map(abs).max() : nil
            expectFloatsClose(
                gradients[slot.name]!.values, vectors["grad.\(slot.name)"].values, scale: scale, "grad \(slot.name)")
        }
        let tensors = network.exportTensors()
        for slot in network.geometry.statisticSlots {
            expectFloatsClose(tensors[slot.name]!.values, vectors["running.\(slot.name)"].values, slot.name)
        }
        #expect(network.batchesTracked == 1)
    }

    @Test(arguments: ["adam", "adamdecay", "sgd"])
    func optimizerStepsMatchPyTorch(label: String) throws {
        let vectors = try TorchVectors.load()
        let settings = vectors.settings[label] as! [String: Any]
        let configuration: OptimizerConfiguration
        if label == "sgd" {
            configuration = .sgd(
                learningRate: Float(settings["lr"] as! Double), momentum: Float(settings["momentum"] as! Double),
                weightDecay: Float(settings["weight_decay"] as! Double))
        } else {
            let betas = settings["betas"] as! [Double]
            configuration = .adam(
                learningRate: Float(settings["lr"] as! Double), beta1: Float(betas[0]), beta2: Float(betas[1]),
                epsilon: Float(settings["eps"] as! Double), weightDecay: Float(settings["weight_decay"] as! Double))
        }
        let network = FloatNetwork(parameters: vectors.parameters)
        var gradients = [Float](repeating: 0, count: network.geometry.parameterCount)
        for slot in network.geometry.parameterSlots {
            for (index, value) in vectors["grad.\(slot.name)"].values.enumerated() {
                gradients[slot.offset + index] = value
            }
        }
        let optimizer = Optimizer(configuration, parameterCount: network.geometry.parameterCount)
        for _ in 0..<(vectors.settings["steps"] as! Int) {
            gradients.withUnsafeBufferPointer {
                optimizer.step(parameters: network.parameters, gradients: $0.baseAddress!)
            }
        }
        let tensors = network.exportTensors()
        for slot in network.geometry.parameterSlots {
            expectFloatsClose(
                tensors[slot.name]!.values, vectors["\(label).\(slot.name)"].values, "\(label) \(slot.name)")
        }
    }

    @Test func pyTorchStateDictLoadsWithAGivenSpec() throws {
        let path = TestEnvironment.fixture("model/torch/fedsense_v1_state_dict.safetensors").path
        let identity = Standardization(mean: [0, 0, 0, 0], std: [1, 1, 1, 1])
        let loaded = try ModelParameters(safeTensorsAt: path, spec: .fedsenseV1, standardization: identity)
        let vectors = try TorchVectors.load()
        #expect(loaded.tensors == vectors.parameters.tensors)
        let file = try SafeTensorsFile(contentsOf: path)
        #expect(file.integerTensors["bn1.num_batches_tracked"]?.values == [5])
    }
}
