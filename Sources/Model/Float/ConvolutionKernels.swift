/// Float32 Conv1d kernels (stride 1) over padded NCW buffers.
///
/// Layout: input rows are pre-padded, so row `ci` of sample `n` starts at
/// `input + n * inputSampleStride + ci * inputRowStride` and holds at least
/// `length + kernel - 1` readable values (the zero padding is part of the buffer).
/// Weights are `[outChannels, inChannels, kernel]` row-major. The kernels compute
/// `out[n, co, t] = bias[co] + Σ_ci Σ_k w[co, ci, k] · in[n, ci, t + k]` for
/// `t < length`, which is PyTorch's cross-correlation with padding `kernel / 2`
/// once the padding is in the buffer.
///
/// Each kernel exists twice: a plain reference loop, and an optimized one that
/// keeps a tile of 4 output channels × 8 time steps in SIMD accumulators. The
/// optimized kernels sum in a different order, so they agree with the reference
/// within float rounding (tested at 1e-5 relative), not bit for bit.
enum ConvolutionKernels {
    /// Geometry of one convolution call.
    struct Shape {
        /// Samples in the batch.
        var batch: Int
        /// Input channels.
        var inChannels: Int
        /// Output channels.
        var outChannels: Int
        /// Kernel size.
        var kernel: Int
        /// Output time steps per row.
        var length: Int
        /// Distance between input rows (padded length).
        var inputRowStride: Int
        /// Distance between input samples.
        var inputSampleStride: Int
        /// Distance between output rows.
        var outputRowStride: Int
        /// Distance between output samples.
        var outputSampleStride: Int
    }

    // MARK: - Reference

    /// Forward convolution, plain loops.
    static func forwardReference(
        _ shape: Shape, input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>
    ) {
        for n in 0..<shape.batch {
            for co in 0..<shape.outChannels {
                for t in 0..<shape.length {
                    var sum = bias?[co] ?? 0
                    for ci in 0..<shape.inChannels {
                        let row = input + n * shape.inputSampleStride + ci * shape.inputRowStride + t
                        let weightRow = weights + (co * shape.inChannels + ci) * shape.kernel
                        for k in 0..<shape.kernel { sum += weightRow[k] * row[k] }
                    }
                    output[n * shape.outputSampleStride + co * shape.outputRowStride + t] = sum
                }
            }
        }
    }

    /// Accumulates `gradWeights += Σ_n Σ_t gradOut[n, co, t] · in[n, ci, t + k]` and
    /// `gradBias += Σ_n Σ_t gradOut[n, co, t]`, plain loops. `gradOut` uses the output strides.
    static func weightGradientReference(
        _ shape: Shape, input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
        gradWeights: UnsafeMutablePointer<Float>, gradBias: UnsafeMutablePointer<Float>
    ) {
        for n in 0..<shape.batch {
            for co in 0..<shape.outChannels {
                let gradRow = gradOutput + n * shape.outputSampleStride + co * shape.outputRowStride
                for t in 0..<shape.length { gradBias[co] += gradRow[t] }
                for ci in 0..<shape.inChannels {
                    let row = input + n * shape.inputSampleStride + ci * shape.inputRowStride
                    for k in 0..<shape.kernel {
                        var sum: Float = 0
                        for t in 0..<shape.length { sum += gradRow[t] * row[t + k] }
                        gradWeights[(co * shape.inChannels + ci) * shape.kernel + k] += sum
                    }
                }
            }
        }
    }

    /// Writes the weights of the convolution that maps the output gradient back to
    /// the input gradient: `flipped[ci, co, k] = w[co, ci, kernel - 1 - k]`. Running
    /// the forward kernel with these weights over the zero-padded output gradient
    /// gives `gradIn[ci, s] = Σ_co Σ_k w[co, ci, k] · gradOut[co, s - k + padding]`.
    static func transposeAndFlip(
        weights: UnsafePointer<Float>, outChannels: Int, inChannels: Int, kernel: Int,
        into flipped: UnsafeMutablePointer<Float>
    ) {
        for co in 0..<outChannels {
            for ci in 0..<inChannels {
                for k in 0..<kernel {
                    flipped[(ci * outChannels + co) * kernel + (kernel - 1 - k)] =
                        weights[(co * inChannels + ci) * kernel + k]
                }
            }
        }
    }
}
