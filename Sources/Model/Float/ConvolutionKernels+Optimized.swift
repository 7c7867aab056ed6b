/// The optimized convolution kernels: register tiles of SIMD accumulators over
/// contiguous rows, unaligned vector loads, no allocation.
extension ConvolutionKernels {
    /// Forward convolution with 4 output channels × 8 time steps per register tile.
    /// A row whose length is not a multiple of 8 ends with one more tile placed
    /// flush with the row's end; it overlaps the previous tile and rewrites those
    /// outputs with identical values, which keeps the tail vectorized.
    ///
    /// `scratch` (at least `broadcastScratchCount(shape)` floats) receives the
    /// weights of each 4-channel group re-laid as 4 copies of every weight, so the
    /// inner loop loads ready-made broadcast vectors instead of shuffling scalars.
    static func forward(
        _ shape: Shape, input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) {
        guard shape.length >= 8 else {
            forwardReference(shape, input: input, weights: weights, bias: bias, output: output)
            return
        }
        let rowLength = shape.inChannels * shape.kernel
        let kernel = shape.kernel
        let lastTile = shape.length - 8
        // scratch[((group · rowLength + tap) · 4 + channel) · 4 + lane] = w[4·group + channel, tap].
        for group in 0..<(shape.outChannels / 4) {
            for tap in 0..<rowLength {
                for channel in 0..<4 {
                    let value = weights[(group * 4 + channel) * rowLength + tap]
                    let destination = scratch + ((group * rowLength + tap) * 4 + channel) * 4
                    for lane in 0..<4 { destination[lane] = value }
                }
            }
        }
        for n in 0..<shape.batch {
            let sampleIn = input + n * shape.inputSampleStride
            let sampleOut = output + n * shape.outputSampleStride
            var co = 0
            while co + 4 <= shape.outChannels {
                let packed = scratch + (co / 4) * rowLength * 16
                let b0 = bias?[co] ?? 0
                let b1 = bias?[co + 1] ?? 0
                let b2 = bias?[co + 2] ?? 0
                let b3 = bias?[co + 3] ?? 0
                let out0 = sampleOut + co * shape.outputRowStride
                let (out1, out2, out3) =
                    (out0 + shape.outputRowStride, out0 + 2 * shape.outputRowStride, out0 + 3 * shape.outputRowStride)
                var t = 0
                while true {
                    var a0 = SIMD8<Float>(repeating: b0)
                    var a1 = SIMD8<Float>(repeating: b1)
                    var a2 = SIMD8<Float>(repeating: b2)
                    var a3 = SIMD8<Float>(repeating: b3)
                    for ci in 0..<shape.inChannels {
                        let row = sampleIn + ci * shape.inputRowStride + t
                        var tapWeights = packed + ci * kernel * 16
                        for k in 0..<kernel {
                            let x = loadVector(row + k)
                            a0 = multiplyAdd(a0, x, loadBroadcast(tapWeights))
                            a1 = multiplyAdd(a1, x, loadBroadcast(tapWeights + 4))
                            a2 = multiplyAdd(a2, x, loadBroadcast(tapWeights + 8))
                            a3 = multiplyAdd(a3, x, loadBroadcast(tapWeights + 12))
                            tapWeights += 16
                        }
                    }
                    storeVector(a0, out0 + t)
                    storeVector(a1, out1 + t)
                    storeVector(a2, out2 + t)
                    storeVector(a3, out3 + t)
                    if t == lastTile { break }
                    t = min(t + 8, lastTile)
                }
                co += 4
            }
            // Leftover output channels, one row at a time.
            while co < shape.outChannels {
                let weightRow = weights + co * rowLength
                let out = sampleOut + co * shape.outputRowStride
                let b = bias?[co] ?? 0
                var t = 0
                while true {
                    var a = SIMD8<Float>(repeating: b)
                    for ci in 0..<shape.inChannels {
                        let row = sampleIn + ci * shape.inputRowStride + t
                        for k in 0..<kernel { a = multiplyAdd(a, loadVector(row + k), weightRow[ci * kernel + k]) }
                    }
                    storeVector(a, out + t)
                    if t == lastTile { break }
                    t = min(t + 8, lastTile)
                }
                co += 1
            }
        }
    }

    /// Weight and bias gradients with 4 output channels × 2 (input channel, tap)
    /// pairs per tile, summing over time (and over `samplesPerReduction` samples)
    /// in SIMD4 accumulators before each horizontal reduction. Accumulates into
    /// `gradWeights` and `gradBias`.
    ///
    /// When the length is not a multiple of 4, one more step covers the last 4
    /// time steps with the lanes already summed masked to zero in the gradient.
    static func weightGradient(
        _ shape: Shape, input: UnsafePointer<Float>, gradOutput: UnsafePointer<Float>,
        gradWeights: UnsafeMutablePointer<Float>, gradBias: UnsafeMutablePointer<Float>
    ) {
        guard shape.length >= 4 else {
            weightGradientReference(
                shape, input: input, gradOutput: gradOutput, gradWeights: gradWeights, gradBias: gradBias)
            return
        }
        let kernel = shape.kernel
        let taps = shape.inChannels * kernel
        let vectorEnd = shape.length - shape.length % 4
        let tailStart = shape.length - 4
        // Lanes of the flush-right tail step that the full steps already covered.
        let covered = 4 - shape.length % 4
        let tailMask = SIMD4<Float>((0..<4).map { $0 < covered ? 0 : 1 })
        let hasTail = shape.length % 4 != 0
        for n in 0..<shape.batch {
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
        }

        // Samples are taken in groups: the accumulators run over the group's rows
        // before one horizontal reduction, which costs as much as several vector steps.
        for groupStart in stride(from: 0, to: shape.batch, by: samplesPerReduction) {
            let groupEnd = min(groupStart + samplesPerReduction, shape.batch)
            var co = 0
            while co < shape.outChannels {
                let channels = min(4, shape.outChannels - co)
                // A partial tile reads channel `co` again for the missing rows and discards them.
                let rowStep1 = channels > 1 ? shape.outputRowStride : 0
                let rowStep2 = channels > 2 ? 2 * shape.outputRowStride : 0
                let rowStep3 = channels > 3 ? 3 * shape.outputRowStride : 0
                var tap = 0
                while tap < taps {
                    let pair = min(2, taps - tap)
                    let offset0 = (tap / kernel) * shape.inputRowStride + tap % kernel
                    let next = tap + pair - 1
                    let offset1 = (next / kernel) * shape.inputRowStride + next % kernel
                    var a00 = SIMD4<Float>()
                    var a01 = SIMD4<Float>()
                    var a10 = SIMD4<Float>()
                    var a11 = SIMD4<Float>()
                    var a20 = SIMD4<Float>()
                    var a21 = SIMD4<Float>()
                    var a30 = SIMD4<Float>()
                    var a31 = SIMD4<Float>()
                    for n in groupStart..<groupEnd {
                        let sampleIn = input + n * shape.inputSampleStride
                        let (x0, x1) = (sampleIn + offset0, sampleIn + offset1)
                        let g0 = gradOutput + n * shape.outputSampleStride + co * shape.outputRowStride
                        let (g1, g2, g3) = (g0 + rowStep1, g0 + rowStep2, g0 + rowStep3)
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
                        if hasTail {
                            let v0 = loadVector4(x0 + tailStart)
                            let v1 = loadVector4(x1 + tailStart)
                            let h0 = loadVector4(g0 + tailStart) * tailMask
                            let h1 = loadVector4(g1 + tailStart) * tailMask
                            let h2 = loadVector4(g2 + tailStart) * tailMask
                            let h3 = loadVector4(g3 + tailStart) * tailMask
                            a00 = multiplyAdd(a00, h0, v0)
                            a01 = multiplyAdd(a01, h0, v1)
                            a10 = multiplyAdd(a10, h1, v0)
                            a11 = multiplyAdd(a11, h1, v1)
                            a20 = multiplyAdd(a20, h2, v0)
                            a21 = multiplyAdd(a21, h2, v1)
                            a30 = multiplyAdd(a30, h3, v0)
                            a31 = multiplyAdd(a31, h3, v1)
                        }
                    }
                    let (s00, s01, s10, s11) = (a00.sum(), a01.sum(), a10.sum(), a11.sum())
                    let (s20, s21, s30, s31) = (a20.sum(), a21.sum(), a30.sum(), a31.sum())
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

extension ConvolutionKernels {
    /// Samples whose products share one set of accumulators in `weightGradient`:
    /// their rows (about 24 KB each for the default model's third block) stay in L2.
    static let samplesPerReduction = 4

    /// Floats of scratch `forward` needs for `shape`.
    static func broadcastScratchCount(_ shape: Shape) -> Int {
        (shape.outChannels / 4) * shape.inChannels * shape.kernel * 16
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

/// Four equal floats at `pointer` as an eight-lane vector (both halves the same register).
@inline(__always)
func loadBroadcast(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    let half = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    return SIMD8(lowHalf: half, highHalf: half)
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
