import CInt8Kernels

/// The optimized int8 inference engine for one `QuantizedModel`.
///
/// Everything the hot path touches is allocated once in `init`: packed weights,
/// folded biases, multipliers and the channels-last activation buffers (their
/// padding rows pre-filled with each layer's input zero point). Scoring a window
/// allocates nothing. A scorer is not thread-safe; use one per thread (it is cheap:
/// tens of kilobytes). Results equal `QuantizedModel.referenceQuantizedLogit` bit
/// for bit on every CPU path. Input values are not checked: NaN quantizes to -128 and
/// infinities saturate, as in the reference, so windows with gaps must not be scored.
public final class QuantizedScorer {
    /// The model this scorer runs.
    public let model: QuantizedModel
    let plan: ScorerPlan
    /// Owns every buffer the plan points into.
    let arena: UnsafeMutableRawPointer

    /// Which kernels to run. Every path gives the same bits; a path the CPU cannot
    /// run falls back to the portable one.
    public enum KernelPath: String, Sendable, CaseIterable {
        /// The fastest path this CPU supports.
        case automatic
        /// The portable C kernels only.
        case portable
        /// x86-64 AVX-512 VNNI (vpdpbusd).
        case avx512VNNI = "avx512-vnni"
        /// x86-64 AVX2 (vpmaddwd).
        case avx2
        /// arm64 NEON with the dot-product instructions (ARMv8.2 SDOT).
        case neonDotProduct = "neon-dot"
        /// arm64 baseline NEON (ARMv8.0 SMLAL).
        case neon

        /// The kernel library's path number (see `edge_int8_active_path`).
        var code: Int32 {
            switch self {
            case .automatic: edge_int8_active_path()
            case .portable: 0
            case .avx512VNNI: 1
            case .neonDotProduct: 2
            case .neon: 3
            case .avx2: 4
            }
        }
    }

    /// The kernel path this scorer was asked to run.
    public let kernelPath: KernelPath
    /// The kernel library's number for that path.
    let pathCode: Int32

    /// Packs `model` and allocates its workspace.
    public init(model: QuantizedModel, kernelPath: KernelPath = .automatic) {
        self.model = model
        self.kernelPath = kernelPath
        self.pathCode = kernelPath.code
        let layout = ScorerLayout(model: model)
        arena = UnsafeMutableRawPointer.allocate(byteCount: layout.totalBytes, alignment: 64)
        arena.initializeMemory(as: UInt8.self, repeating: 0, count: layout.totalBytes)
        plan = layout.bind(to: arena, model: model)
    }

    deinit {
        arena.deallocate()
    }

    /// The path `.automatic` runs on this CPU.
    public static var activeKernelPath: KernelPath {
        KernelPath.allCases.first { $0 != .automatic && $0.code == edge_int8_active_path() } ?? .portable
    }

    /// Values in one raw window: channels x window length, NCW.
    public var windowSize: Int { model.windowSize }

    /// The int8 logit of one raw window (NCW, `windowSize` contiguous values).
    public func quantizedLogit(_ window: UnsafeBufferPointer<Float>) throws(QuantizationError) -> Int32 {
        guard window.count == windowSize, let base = window.baseAddress else {
            throw .windowSize(expected: windowSize, found: window.count)
        }
        return run(base)
    }

    /// The int8 logit of one raw window.
    public func quantizedLogit(_ window: [Float]) throws(QuantizationError) -> Int32 {
        try window.withUnsafeBufferPointer { (buffer) throws(QuantizationError) in try quantizedLogit(buffer) }
    }

    /// Anomaly probability of one raw window: sigmoid of the dequantized logit.
    public func score(_ window: UnsafeBufferPointer<Float>) throws(QuantizationError) -> Float {
        probability(try quantizedLogit(window))
    }

    /// Anomaly probability of one raw window.
    public func score(_ window: [Float]) throws(QuantizationError) -> Float {
        probability(try quantizedLogit(window))
    }

    /// Scores `windows` (N contiguous raw windows, NCW each) into `probabilities` (N values).
    public func score(
        batch windows: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>
    ) throws(QuantizationError) {
        let count = probabilities.count
        guard windows.count == count * windowSize else {
            throw .windowSize(expected: count * windowSize, found: windows.count)
        }
        guard count > 0, let base = windows.baseAddress else { return }
        for index in 0..<count {
            probabilities[index] = probability(run(base + index * windowSize))
        }
    }

    /// Scores N contiguous raw windows into `probabilities`, which must hold N values.
    public func score(batch windows: [Float], into probabilities: inout [Float]) throws(QuantizationError) {
        guard windows.count % windowSize == 0 else {
            throw .windowSize(expected: (windows.count / windowSize + 1) * windowSize, found: windows.count)
        }
        guard windows.count == probabilities.count * windowSize else {
            throw .outputSize(expected: windows.count / windowSize, found: probabilities.count)
        }
        try windows.withUnsafeBufferPointer { (input) throws(QuantizationError) in
            try probabilities.withUnsafeMutableBufferPointer { (output) throws(QuantizationError) in
                try score(batch: input, into: output)
            }
        }
    }

    /// Sigmoid of the dequantized int8 logit.
    func probability(_ quantized: Int32) -> Float {
        1 / (1 + QuantizedModel.exp(-model.logit.dequantize(quantized)))
    }

    /// The whole network for one window; no allocation, no checks (callers validated).
    func run(_ window: UnsafePointer<Float>) -> Int32 {
        let input = plan.input
        edge_int8_quantize_input(
            window, Int32(model.spec.inputChannels), Int32(model.spec.windowLength), input.mean, input.std,
            input.scale, input.zeroPoint, input.output, input.stride)
        for index in 0..<plan.layerCount {
            edge_int8_conv_path(plan.layers + index, pathCode)
            if index == plan.averageAfter {
                let average = plan.average
                edge_int8_global_average(
                    average.input, average.positions, average.stride, average.channels, average.output)
            }
        }
        return Int32(plan.logit.pointee) - 128
    }
}
