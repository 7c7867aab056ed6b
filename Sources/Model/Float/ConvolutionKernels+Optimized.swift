/// The optimized convolution kernels: register tiles of SIMD accumulators over
/// contiguous rows, unaligned vector loads, no allocation.
extension ConvolutionKernels {
    /// Forward convolution with 4 output channels × 8 time steps per register tile.
    static func forward(
        _ shape: Shape, input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>
    ) {
        let rowLength = shape.inChannels * shape.kernel
        let kernel = shape.kernel
        let vectorEnd = shape.length - shape.length % 8
        for n in 0..<shape.batch {
            let sampleIn = input + n * shape.inputSampleStride
            let sampleOut = output + n * shape.outputSampleStride
            var co = 0
            while co + 4 <= shape.outChannels {
                let w0 = weights + co * rowLength
                let (w1, w2, w3) = (w0 + rowLength, w0 + 2 * rowLength, w0 + 3 * rowLength)
                let b0 = bias?[co] ?? 0
                let b1 = bias?[co + 1] ?? 0
                let b2 = bias?[co + 2] ?? 0
                let b3 = bias?[co + 3] ?? 0
                let out0 = sampleOut + co * shape.outputRowStride
                let (out1, out2, out3) =
                    (out0 + shape.outputRowStride, out0 + 2 * shape.outputRowStride, out0 + 3 * shape.outputRowStride)
                var t = 0
                while t < vectorEnd {
                    var a0 = SIMD8<Float>(repeating: b0)
                    var a1 = SIMD8<Float>(repeating: b1)
                    var a2 = SIMD8<Float>(repeating: b2)
                    var a3 = SIMD8<Float>(repeating: b3)
                    for ci in 0..<shape.inChannels {
                        let row = sampleIn + ci * shape.inputRowStride + t
                        let offset = ci * kernel
                        for k in 0..<kernel {
                            let x = loadVector(row + k)
                            a0 = multiplyAdd(a0, x, w0[offset + k])
                            a1 = multiplyAdd(a1, x, w1[offset + k])
                            a2 = multiplyAdd(a2, x, w2[offset + k])
                            a3 = multiplyAdd(a3, x, w3[offset + k])
                        }
                    }
                    storeVector(a0, out0 + t)
                    storeVector(a1, out1 + t)
                    storeVector(a2, out2 + t)
                    storeVector(a3, out3 + t)
                    t += 8
                }
                for channel in 0..<4 {
                    forwardTail(
                        shape, sampleIn: sampleIn, weightRow: w0 + channel * rowLength,
                        bias: bias?[co + channel] ?? 0, out: out0 + channel * shape.outputRowStride, from: vectorEnd)
                }
                co += 4
            }
            // Leftover output channels, one row at a time.
            while co < shape.outChannels {
                let weightRow = weights + co * rowLength
                let out = sampleOut + co * shape.outputRowStride
                let b = bias?[co] ?? 0
                var t = 0
                while t < vectorEnd {
                    var a = SIMD8<Float>(repeating: b)
                    for ci in 0..<shape.inChannels {
                        let row = sampleIn + ci * shape.inputRowStride + t
                        for k in 0..<kernel { a = multiplyAdd(a, loadVector(row + k), weightRow[ci * kernel + k]) }
                    }
                    storeVector(a, out + t)
                    t += 8
                }
                forwardTail(shape, sampleIn: sampleIn, weightRow: weightRow, bias: b, out: out, from: vectorEnd)
                co += 1
            }
        }
    }

    /// Scalar forward for the time steps after the last full vector of a row.
    @inline(__always)
    private static func forwardTail(
        _ shape: Shape, sampleIn: UnsafePointer<Float>, weightRow: UnsafePointer<Float>, bias: Float,
        out: UnsafeMutablePointer<Float>, from start: Int
    ) {
        for t in start..<shape.length {
            var sum = bias
            for ci in 0..<shape.inChannels {
                let row = sampleIn + ci * shape.inputRowStride + t
                for k in 0..<shape.kernel { sum += weightRow[ci * shape.kernel + k] * row[k] }
            }
            out[t] = sum
        }
    }

    /// Weight and bias gradients with 4 output channels × 2 (input channel, tap)
    /// pairs per tile, summing over time in SIMD4 accumulators that are reduced
    /// once per sample. Accumulates into `gradWeights` and `gradBias`.
    static func weightGradient(
        _ shape: Shape, input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
        gradWeights: UnsafeMutablePointer<Float>, gradBias: UnsafeMutablePointer<Float>
    ) {
        let kernel = shape.kernel
        let taps = shape.inChannels * kernel
        let vectorEnd = shape.length - shape.length % 4
        for n in 0..<shape.batch {
            let sampleIn = input + n * shape.inputSampleStride
            let sampleGrad = gradOutput + n * shape.outputSampleStride
            for co in 0..<shape.outChannels {
                let g = sampleGrad + co * shape.outputRowStride
                var sum = SIMD4<Float>()
                var t = 0
                while t < vectorEnd {
                    sum += loadVector4(g + t)
                    t += 4
                }
                var total = sum.sum()
                for tail in vectorEnd..<shape.length { total += g[tail] }
                gradBias[co] += total
            }

            var co = 0
            while co < shape.outChannels {
                let channels = min(4, shape.outChannels - co)
                // A partial tile reads channel `co` again for the missing rows and discards them.
                let g0 = sampleGrad + co * shape.outputRowStride
                let g1 = channels > 1 ? g0 + shape.outputRowStride : g0
                let g2 = channels > 2 ? g0 + 2 * shape.outputRowStride : g0
                let g3 = channels > 3 ? g0 + 3 * shape.outputRowStride : g0
                var tap = 0
                while tap < taps {
                    let pair = min(2, taps - tap)
                    let x0 = sampleIn + (tap / kernel) * shape.inputRowStride + tap % kernel
                    let next = tap + pair - 1
                    let x1 = sampleIn + (next / kernel) * shape.inputRowStride + next % kernel
                    var a00 = SIMD4<Float>()
                    var a01 = SIMD4<Float>()
                    var a10 = SIMD4<Float>()
                    var a11 = SIMD4<Float>()
                    var a20 = SIMD4<Float>()
                    var a21 = SIMD4<Float>()
                    var a30 = SIMD4<Float>()
                    var a31 = SIMD4<Float>()
                    var t = 0
                    while t < vectorEnd {
                        let v0 = loadVector4(x0 + t)
                        let v1 = loadVector4(x1 + t)
                        let h0 = loadVector4(g0 + t)
                        let h1 = loadVector4(g1 + t)
                        let h2 = loadVector4(g2 + t)
                        let h3 = loadVector4(g3 + t)
                        a00 = multiplyAdd(a00, h0, v0)
                        a01 = multiplyAdd(a01, h0, v1)
                        a10 = multiplyAdd(a10, h1, v0)
                        a11 = multiplyAdd(a11, h1, v1)
                        a20 = multiplyAdd(a20, h2, v0)
                        a21 = multiplyAdd(a21, h2, v1)
                        a30 = multiplyAdd(a30, h3, v0)
                        a31 = multiplyAdd(a31, h3, v1)
                        t += 4
                    }
                    var s00 = a00.sum()
                    var s01 = a01.sum()
                    var s10 = a10.sum()
                    var s11 = a11.sum()
                    var s20 = a20.sum()
                    var s21 = a21.sum()
                    var s30 = a30.sum()
                    var s31 = a31.sum()
                    for tail in vectorEnd..<shape.length {
                        s00 += g0[tail] * x0[tail]
                        s01 += g0[tail] * x1[tail]
                        s10 += g1[tail] * x0[tail]
                        s11 += g1[tail] * x1[tail]
                        s20 += g2[tail] * x0[tail]
                        s21 += g2[tail] * x1[tail]
                        s30 += g3[tail] * x0[tail]
                        s31 += g3[tail] * x1[tail]
                    }
                    let base = co * taps + tap
                    gradWeights[base] += s00
                    if pair == 2 { gradWeights[base + 1] += s01 }
                    if channels > 1 {
                        gradWeights[base + taps] += s10
                        if pair == 2 { gradWeights[base + taps + 1] += s11 }
                    }
                    if channels > 2 {
                        gradWeights[base + 2 * taps] += s20
                        if pair == 2 { gradWeights[base + 2 * taps + 1] += s21 }
                    }
                    if channels > 3 {
                        gradWeights[base + 3 * taps] += s30
                        if pair == 2 { gradWeights[base + 3 * taps + 1] += s31 }
                    }
                    tap += pair
                }
                co += channels
            }
        }
    }
}

// MARK: - Vector helpers

/// `accumulator + a · b` for 8 lanes; fused on arm64 (NEON FMA is baseline there),
/// separate multiply and add elsewhere because a fused call without hardware FMA
/// would fall back to a slow library routine.
@inline(__always)
func multiplyAdd(_ accumulator: SIMD8<Float>, _ a: SIMD8<Float>, _ b: Float) -> SIMD8<Float> {
    #if arch(arm64)
    accumulator.addingProduct(a, b)
    #else
    accumulator + a * b
    #endif
}

/// `accumulator + a · b` for 4 lanes (see the 8-lane version).
@inline(__always)
func multiplyAdd(_ accumulator: SIMD4<Float>, _ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    #if arch(arm64)
    accumulator.addingProduct(a, b)
    #else
    accumulator + a * b
    #endif
}

/// Eight floats from any float address.
@inline(__always)
func loadVector(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

/// Four floats from any float address.
@inline(__always)
func loadVector4(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
}

/// Stores eight floats at any float address.
@inline(__always)
func storeVector(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}
