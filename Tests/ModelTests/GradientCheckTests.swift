import Foundation
import Testing

@testable import Model

/// Central finite differences against the analytic backward pass, for every
/// parameter of a small network whose blocks contain every layer type: Conv1d,
/// training-mode BatchNorm1d, ReLU, MaxPool1d (with an odd length, so a step is
/// dropped), global average pool, Linear, dropout (fixed mask) and the weighted
/// BCE-with-logits loss.
///
/// The differences are taken on an independent float64 forward pass written
/// below (plain loops, no shared code with the network), with h = 1e-6: rounding
/// and truncation errors are then around 1e-9 and a step almost never crosses a
/// ReLU or max-pool switch. The float32 analytic gradient must match within 1e-4
/// relative, floored at 1e-4 of the layer's largest gradient (float32 rounding).
@Suite struct GradientCheckTests {
    let spec = ModelSpec(
        name: "gradcheck", inputChannels: 2, windowLength: 11, convChannels: [3, 5], convKernels: [3, 5],
        hiddenSizes: [6, 4], dropout: 0.5)
    let batch = 3
    let labels: [Float] = [1, 0, 1]
    let positiveWeight: Float = 2

    /// Inputs and a network with non-trivial batch-norm parameters, from fixed seeds.
    private func makeNetwork(referenceKernels: Bool) -> (FloatNetwork, [Float]) {
        let network = FloatNetwork(spec: spec, seed: 11, batchCapacity: batch)
        network.usesReferenceKernels = referenceKernels
        var generator = SplitMix64(seed: 5)
        for slot in network.geometry.parameterSlots where slot.name.hasPrefix("bn") {
            for index in 0..<slot.count {
                let base: Float = slot.name.hasSuffix("weight") ? 1 : 0
                network.parameters[slot.offset + index] = base + generator.nextFloat(symmetricBound: 0.3)
            }
        }
        // Running statistics away from their defaults, for the frozen-normalization case.
        for slot in network.geometry.statisticSlots {
            for index in 0..<slot.count {
                let base: Float = slot.name.hasSuffix("var") ? 1 : 0
                network.statistics[slot.offset + index] = base + generator.nextFloat(symmetricBound: 0.4)
            }
        }
        network.fixedDropoutMask = (0..<(batch * spec.hiddenSizes[0])).map { $0 % 3 == 0 ? 0 : 2 }
        let input = (0..<(batch * spec.inputChannels * spec.windowLength)).map { _ in
            generator.nextFloat(symmetricBound: 2)
        }
        return (network, input)
    }

    @Test(arguments: [(false, false), (true, false), (false, true)])
    func everyParameterGradientMatchesFiniteDifferences(referenceKernels: Bool, frozenNormalization: Bool) {
        let (network, input) = makeNetwork(referenceKernels: referenceKernels)
        network.freezesNormalization = frozenNormalization
        input.withUnsafeBufferPointer { network.forward(batch: batch, input: $0.baseAddress!, training: true) }
        let logits = network.workspace.features[network.geometry.linears.count]
        var gradLogits = [Float](repeating: 0, count: batch)
        let floatLoss = labels.withUnsafeBufferPointer { labelBuffer in
            gradLogits.withUnsafeMutableBufferPointer {
                WeightedBinaryCrossEntropy(positiveWeight: positiveWeight).evaluate(
                    logits: logits, labels: labelBuffer.baseAddress!, count: batch, gradient: $0.baseAddress!)
            }
        }
        gradLogits.withUnsafeBufferPointer { network.backward(batch: batch, gradLogits: $0.baseAddress!) }
        let analytic = Array(UnsafeBufferPointer(start: network.gradients, count: network.geometry.parameterCount))

        var reference = DoubleReferenceNetwork(
            network: network, input: input, labels: labels, positiveWeight: positiveWeight)
        if frozenNormalization {
            #expect(network.batchesTracked == 0)
        }
        #expect(abs(reference.loss() - Double(floatLoss)) <= 1e-5 * abs(reference.loss()))
        let step = 1e-6
        for slot in network.geometry.parameterSlots {
            // A convolution bias under training-mode batch norm has exactly zero gradient;
            // its float32 value is rounding noise, measured against the layer's weights.
            let scaleSlot =
                slot.name.hasPrefix("conv") && slot.name.hasSuffix(".bias")
                ? network.geometry.parameterSlots.first { $0.name == slot.name.dropLast(4) + "weight" }! : slot
            let peak = analytic[scaleSlot.offset..<(scaleSlot.offset + scaleSlot.count)].map(abs).max() ?? 0
            for index in slot.offset..<(slot.offset + slot.count) {
                let original = reference.parameters[index]
                reference.parameters[index] = original + step
                let plus = reference.loss()
                reference.parameters[index] = original - step
                let minus = reference.loss()
                reference.parameters[index] = original
                let numeric = Float((plus - minus) / (2 * step))
                let bound = 1e-4 * max(abs(numeric), peak)
                #expect(
                    abs(numeric - analytic[index]) <= bound,
                    "\(slot.name)[\(index - slot.offset)]: analytic \(analytic[index]), numeric \(numeric)")
            }
        }
    }

    @Test func lossGradientMatchesFiniteDifferences() {
        let loss = WeightedBinaryCrossEntropy(positiveWeight: 3.5)
        let logits: [Float] = [-30, -2.5, -0.1, 0, 0.7, 4, 25]
        let labels: [Float] = [1, 0, 1, 0, 1, 1, 0]
        var gradient = [Float](repeating: 0, count: logits.count)
        _ = logits.withUnsafeBufferPointer { logitBuffer in
            labels.withUnsafeBufferPointer { labelBuffer in
                gradient.withUnsafeMutableBufferPointer {
                    loss.evaluate(
                        logits: logitBuffer.baseAddress!, labels: labelBuffer.baseAddress!, count: logits.count,
                        gradient: $0.baseAddress!)
                }
            }
        }
        for index in logits.indices {
            var shifted = logits
            shifted[index] += 1e-2
            let plus = Double(loss.evaluate(logits: shifted, labels: labels))
            shifted[index] -= 2e-2
            let minus = Double(loss.evaluate(logits: shifted, labels: labels))
            let numeric = Float((plus - minus) / 2e-2)
            // Float32 differences with h = 1e-2: rounding noise about 1e-5 absolute.
            #expect(abs(numeric - gradient[index]) <= 1e-2 * max(abs(gradient[index]), 0.01), "logit \(logits[index])")
        }
    }

    /// Closed forms: with pos_weight w, loss(x, 1) = w·log(1 + e^(−x)) and
    /// loss(x, 0) = log(1 + e^x); huge logits stay finite (softplus never overflows).
    @Test func lossMatchesClosedFormAndStaysFinite() {
        let loss = WeightedBinaryCrossEntropy(positiveWeight: 2)
        #expect(abs(loss.evaluate(logits: [0], labels: [1]) - 2 * 0.693_147_2) < 1e-6)
        #expect(abs(loss.evaluate(logits: [0], labels: [0]) - 0.693_147_2) < 1e-6)
        #expect(abs(loss.evaluate(logits: [-100], labels: [1]) - 200) < 1e-3)
        #expect(abs(loss.evaluate(logits: [100], labels: [0]) - 100) < 1e-3)
        #expect(loss.evaluate(logits: [1e30, -1e30], labels: [1, 0]) == 0)
    }
}

/// An independent float64 forward pass of the same architecture, in plain loops
/// over `[sample][channel][time]`, reading the parameters in state-dict order.
struct DoubleReferenceNetwork {
    let spec: ModelSpec
    let geometry: NetworkGeometry
    var parameters: [Double]
    let input: [Double]
    let labels: [Double]
    let mask: [Double]
    let positiveWeight: Double
    let batch: Int
    /// Running statistics in state order, used instead of batch statistics when frozen.
    let statistics: [Double]
    let frozen: Bool

    init(network: FloatNetwork, input: [Float], labels: [Float], positiveWeight: Float) {
        statistics = (0..<network.geometry.statisticCount).map { Double(network.statistics[$0]) }
        frozen = network.freezesNormalization
        spec = network.spec
        geometry = network.geometry
        parameters = (0..<network.geometry.parameterCount).map { Double(network.parameters[$0]) }
        self.input = input.map(Double.init)
        self.labels = labels.map(Double.init)
        mask = network.fixedDropoutMask!.map(Double.init)
        self.positiveWeight = Double(positiveWeight)
        batch = labels.count
    }

    func loss() -> Double {
        let length0 = spec.windowLength
        var x: [[[Double]]] = (0..<batch).map { n in
            (0..<spec.inputChannels).map { c in
                Array(input[((n * spec.inputChannels + c) * length0)..<((n * spec.inputChannels + c + 1) * length0)])
            }
        }
        for block in geometry.blocks {
            let padding = block.kernel / 2
            let length = x[0][0].count
            // Convolution with zero padding.
            var y = [[[Double]]](
                repeating: [[Double]](repeating: [Double](repeating: 0, count: length), count: block.outChannels),
                count: batch)
            for n in 0..<batch {
                for o in 0..<block.outChannels {
                    for t in 0..<length {
                        var sum = parameters[block.convBias + o]
                        for i in 0..<block.inChannels {
                            for k in 0..<block.kernel where t + k - padding >= 0 && t + k - padding < length {
                                let weight = parameters[
                                    block.convWeight + (o * block.inChannels + i) * block.kernel + k]
                                sum += weight * x[n][i][t + k - padding]
                            }
                        }
                        y[n][o][t] = sum
                    }
                }
            }
            // Batch norm with batch statistics (biased variance) or frozen running ones, then ReLU.
            for o in 0..<block.outChannels {
                let values = (0..<batch).flatMap { y[$0][o] }
                var mean = values.reduce(0, +) / Double(values.count)
                var variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
                if frozen {
                    mean = statistics[block.runningMean + o]
                    variance = statistics[block.runningVariance + o]
                }
                let scale = 1 / (variance + 1e-5).squareRoot()
                for n in 0..<batch {
                    for t in 0..<length {
                        let normalized = (y[n][o][t] - mean) * scale
                        y[n][o][t] = max(
                            0, parameters[block.normWeight + o] * normalized + parameters[block.normBias + o])
                    }
                }
            }
            // Max-pool by 2 (floor), or keep for the global average.
            x =
                block.pooled
                ? y.map { $0.map { row in (0..<(row.count / 2)).map { max(row[2 * $0], row[2 * $0 + 1]) } } } : y
        }
        var features = x.map { $0.map { $0.reduce(0, +) / Double($0.count) } }
        for (index, linear) in geometry.linears.enumerated() {
            features = features.enumerated().map { n, inputs in
                (0..<linear.outputs).map { o in
                    var sum = parameters[linear.bias + o]
                    for i in 0..<linear.inputs { sum += parameters[linear.weight + o * linear.inputs + i] * inputs[i] }
                    guard index < geometry.linears.count - 1 else { return sum }
                    return max(0, sum) * (index == 0 ? mask[n * linear.outputs + o] : 1)
                }
            }
        }
        var total = 0.0
        for n in 0..<batch {
            let logit = features[n][0]
            let softplusNegative = max(-logit, 0) + log1p(exp(-abs(logit)))
            let softplusPositive = max(logit, 0) + log1p(exp(-abs(logit)))
            total += positiveWeight * labels[n] * softplusNegative + (1 - labels[n]) * softplusPositive
        }
        return total / Double(batch)
    }
}
