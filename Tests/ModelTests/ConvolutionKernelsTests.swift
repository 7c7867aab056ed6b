import Testing

@testable import Model

/// The optimized convolution kernels against the plain reference loops, on
/// shapes that exercise every path: channel counts that are and are not
/// multiples of 4, lengths below, at and between vector widths, padded strides.
/// Tolerance: the `expectClose` rule at 1e-5 (they sum in different orders).
@Suite struct ConvolutionKernelsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var batch: Int
        var inChannels: Int
        var outChannels: Int
        var kernel: Int
        var length: Int
        var testDescription: String { "n\(batch) ci\(inChannels) co\(outChannels) k\(kernel) L\(length)" }
    }

    static let cases = [
        Case(batch: 2, inChannels: 4, outChannels: 16, kernel: 7, length: 250),
        Case(batch: 3, inChannels: 16, outChannels: 32, kernel: 5, length: 125),
        Case(batch: 2, inChannels: 32, outChannels: 64, kernel: 3, length: 62),
        Case(batch: 1, inChannels: 3, outChannels: 7, kernel: 3, length: 13),
        Case(batch: 2, inChannels: 5, outChannels: 2, kernel: 1, length: 8),
        Case(batch: 2, inChannels: 1, outChannels: 5, kernel: 5, length: 7),
        Case(batch: 1, inChannels: 2, outChannels: 4, kernel: 3, length: 3),
        Case(batch: 2, inChannels: 6, outChannels: 9, kernel: 9, length: 17),
        Case(batch: 9, inChannels: 3, outChannels: 6, kernel: 3, length: 21),
    ]

    private func shape(_ c: Case) -> ConvolutionKernels.Shape {
        let padded = c.length + c.kernel - 1
        return ConvolutionKernels.Shape(
            batch: c.batch, inChannels: c.inChannels, outChannels: c.outChannels, kernel: c.kernel, length: c.length,
            inputRowStride: padded, inputSampleStride: c.inChannels * padded, outputRowStride: c.length + 3,
            outputSampleStride: c.outChannels * (c.length + 3))
    }

    private func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in generator.nextFloat(symmetricBound: 1) }
    }

    @Test(arguments: cases)
    func forwardMatchesReference(_ c: Case) {
        let s = shape(c)
        let input = random(s.batch * s.inputSampleStride, seed: 1)
        let weights = random(c.outChannels * c.inChannels * c.kernel, seed: 2)
        let bias = random(c.outChannels, seed: 3)
        // Sentinels in the output gaps catch writes outside the rows.
        var expected = [Float](repeating: 99, count: c.batch * s.outputSampleStride)
        var actual = expected
        var scratch = [Float](repeating: 0, count: ConvolutionKernels.broadcastScratchCount(s))
        input.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    expected.withUnsafeMutableBufferPointer {
                        ConvolutionKernels.forwardReference(
                            s, input: x.baseAddress!, weights: w.baseAddress!, bias: b.baseAddress!,
                            output: $0.baseAddress!)
                    }
                    actual.withUnsafeMutableBufferPointer { out in
                        scratch.withUnsafeMutableBufferPointer {
                            ConvolutionKernels.forward(
                                s, input: x.baseAddress!, weights: w.baseAddress!, bias: b.baseAddress!,
                                output: out.baseAddress!, scratch: $0.baseAddress!)
                        }
                    }
                }
            }
        }
        expectFloatsClose(actual, expected, "forward \(c.testDescription)")
        #expect(actual.filter { $0 == 99 }.count == expected.filter { $0 == 99 }.count)
    }

    @Test(arguments: cases)
    func weightGradientMatchesReference(_ c: Case) {
        let s = shape(c)
        let input = random(s.batch * s.inputSampleStride, seed: 4)
        let gradOutput = random(c.batch * s.outputSampleStride, seed: 5)
        // Both accumulate onto the same non-zero starting values.
        var expectedWeights = random(c.outChannels * c.inChannels * c.kernel, seed: 6)
        var expectedBias = random(c.outChannels, seed: 7)
        var actualWeights = expectedWeights
        var actualBias = expectedBias
        input.withUnsafeBufferPointer { x in
            gradOutput.withUnsafeBufferPointer { g in
                expectedWeights.withUnsafeMutableBufferPointer { w in
                    expectedBias.withUnsafeMutableBufferPointer {
                        ConvolutionKernels.weightGradientReference(
                            s, input: x.baseAddress!, gradOutput: g.baseAddress!, gradWeights: w.baseAddress!,
                            gradBias: $0.baseAddress!)
                    }
                }
                actualWeights.withUnsafeMutableBufferPointer { w in
                    actualBias.withUnsafeMutableBufferPointer {
                        ConvolutionKernels.weightGradient(
                            s, input: x.baseAddress!, gradOutput: g.baseAddress!, gradWeights: w.baseAddress!,
                            gradBias: $0.baseAddress!)
                    }
                }
            }
        }
        expectFloatsClose(actualWeights, expectedWeights, "weight gradient \(c.testDescription)")
        expectFloatsClose(actualBias, expectedBias, "bias gradient \(c.testDescription)")
    }

    /// The input gradient is the forward kernel with transposed, flipped weights:
    /// check that identity against a direct sum over the definition.
    @Test func transposedFlippedForwardIsTheInputGradient() {
        let (batch, inChannels, outChannels, kernel, length) = (2, 3, 4, 5, 9)
        let padding = kernel / 2
        let weights = random(outChannels * inChannels * kernel, seed: 8)
        let gradOutput = random(batch * outChannels * length, seed: 9)
        var expected = [Float](repeating: 0, count: batch * inChannels * length)
        for n in 0..<batch {
            for o in 0..<outChannels {
                for i in 0..<inChannels {
                    for k in 0..<kernel {
                        for t in 0..<length where t + k - padding >= 0 && t + k - padding < length {
                            expected[(n * inChannels + i) * length + t + k - padding] +=
                                weights[(o * inChannels + i) * kernel + k]
                                * gradOutput[(n * outChannels + o) * length + t]
                        }
                    }
                }
            }
        }
        let padded = length + 2 * padding
        var paddedGradient = [Float](repeating: 0, count: batch * outChannels * padded)
        for row in 0..<(batch * outChannels) {
            for t in 0..<length { paddedGradient[row * padded + padding + t] = gradOutput[row * length + t] }
        }
        var flipped = [Float](repeating: 0, count: weights.count)
        var actual = [Float](repeating: 0, count: expected.count)
        let s = ConvolutionKernels.Shape(
            batch: batch, inChannels: outChannels, outChannels: inChannels, kernel: kernel, length: length,
            inputRowStride: padded, inputSampleStride: outChannels * padded, outputRowStride: length,
            outputSampleStride: inChannels * length)
        var scratch = [Float](repeating: 0, count: ConvolutionKernels.broadcastScratchCount(s))
        weights.withUnsafeBufferPointer { w in
            flipped.withUnsafeMutableBufferPointer {
                ConvolutionKernels.transposeAndFlip(
                    weights: w.baseAddress!, outChannels: outChannels, inChannels: inChannels, kernel: kernel,
                    into: $0.baseAddress!)
            }
        }
        paddedGradient.withUnsafeBufferPointer { g in
            flipped.withUnsafeBufferPointer { w in
                actual.withUnsafeMutableBufferPointer { out in
                    scratch.withUnsafeMutableBufferPointer {
                        ConvolutionKernels.forward(
                            s, input: g.baseAddress!, weights: w.baseAddress!, bias: nil, output: out.baseAddress!,
                            scratch: $0.baseAddress!)
                    }
                }
            }
        }
        expectFloatsClose(actual, expected, "input gradient")
    }
}
