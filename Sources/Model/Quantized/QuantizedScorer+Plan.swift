import CInt8Kernels

/// Where each buffer of a scorer lives inside its arena (byte offsets, 64-aligned).
struct ScorerLayout {
    struct LayerRegions {
        var weights = 0
        var weightsByTap = 0
        var bias = 0
        var multiplier = 0
        var shift = 0
        var blocks = 0
        var quads = 0
        var inputStride = 0
    }

    var totalBytes = 0
    var mean = 0
    var std = 0
    var args = 0
    /// Padded channels-last input buffer of each convolution.
    var convInputs: [Int] = []
    var convInputRows: [Int] = []
    /// Output of the last convolution, before the global average.
    var lastConvOutput = 0
    /// Input buffer of each linear layer (the first is the average pool's output), then the logit.
    var linearBuffers: [Int] = []
    var layers: [LayerRegions] = []

    init(model: QuantizedModel) {
        let spec = model.spec
        mean = take(4 * spec.inputChannels)
        std = take(4 * spec.inputChannels)
        let allLayers = model.convolutions + model.linears
        args = take(MemoryLayout<edge_int8_conv_args>.stride * allLayers.count)

        for (index, layer) in model.convolutions.enumerated() {
            let rows = spec.convInputLengths[index] + 2 * (layer.kernelSize / 2)
            convInputRows.append(rows)
            convInputs.append(take(rows * Self.stride(layer.inChannels)))
        }
        let last = model.convolutions[model.convolutions.count - 1]
        lastConvOutput = take(spec.convInputLengths[spec.convInputLengths.count - 1] * Self.stride(last.outChannels))
        for layer in model.linears {
            linearBuffers.append(take(Self.stride(layer.inChannels)))
        }
        linearBuffers.append(take(Self.stride(1)))

        for layer in allLayers {
            var regions = LayerRegions()
            regions.inputStride = Self.stride(layer.inChannels)
            regions.quads = layer.kernelSize * regions.inputStride / 4
            regions.blocks = (layer.outChannels + 15) / 16
            regions.weights = take(regions.blocks * regions.quads * 64)
            regions.weightsByTap = take(regions.blocks * regions.quads * 64)
            regions.bias = take(regions.blocks * 64)
            regions.multiplier = take(regions.blocks * 64)
            regions.shift = take(regions.blocks * 64)
            layers.append(regions)
        }
    }

    /// Bytes per position of a channels-last buffer: channels rounded up to whole quads.
    static func stride(_ channels: Int) -> Int { (channels + 3) / 4 * 4 }

    private mutating func take(_ bytes: Int) -> Int {
        let offset = totalBytes
        totalBytes += (bytes + 63) / 64 * 64
        return offset
    }
}

/// Pointers into a scorer's arena: what `QuantizedScorer.run` hands to the kernels.
struct ScorerPlan {
    struct Input {
        var mean: UnsafePointer<Float>
        var std: UnsafePointer<Float>
        var scale: Float
        var zeroPoint: Int32
        var output: UnsafeMutablePointer<UInt8>
        var stride: Int32
    }

    struct Average {
        var input: UnsafePointer<UInt8>
        var positions: Int32
        var stride: Int32
        var channels: Int32
        var output: UnsafeMutablePointer<UInt8>
    }

    var input: Input
    var layers: UnsafeMutablePointer<edge_int8_conv_args>
    var layerCount: Int
    /// Index of the layer after which the global average pool runs (the last convolution).
    var averageAfter: Int
    var average: Average
    var logit: UnsafePointer<UInt8>
}
