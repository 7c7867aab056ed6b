import CInt8Kernels

extension ScorerLayout {
    /// Fills the arena (packed weights, folded biases, multipliers, zero-point
    /// padding) and returns the pointers the hot path uses.
    func bind(to arena: UnsafeMutableRawPointer, model: QuantizedModel) -> ScorerPlan {
        let spec = model.spec
        let mean = (arena + self.mean).bindMemory(to: Float.self, capacity: spec.inputChannels)
        let std = (arena + self.std).bindMemory(to: Float.self, capacity: spec.inputChannels)
        for channel in 0..<spec.inputChannels {
            mean[channel] = model.standardization.mean[channel]
            std[channel] = model.standardization.std[channel]
        }

        // Padding rows hold the layer's input zero point (real 0) and are never overwritten.
        for (index, layer) in model.convolutions.enumerated() {
            let stride = Self.stride(layer.inChannels)
            let padding = layer.kernelSize / 2
            let buffer = (arena + convInputs[index]).assumingMemoryBound(to: UInt8.self)
            let zero = UInt8(layer.input.zeroPoint + 128)
            for row in 0..<convInputRows[index] where row < padding || row >= convInputRows[index] - padding {
                (buffer + row * stride).initialize(repeating: zero, count: stride)
            }
        }

        let allLayers = model.convolutions + model.linears
        let args = (arena + self.args).bindMemory(to: edge_int8_conv_args.self, capacity: allLayers.count)
        for (index, layer) in allLayers.enumerated() {
            let isConvolution = index < model.convolutions.count
            let isLastConvolution = index == model.convolutions.count - 1
            let regions = layers[index]
            pack(layer, regions: regions, arena: arena)

            let input: Int
            let output: Int
            let outputStride: Int
            var positions = 1
            var pool = 1
            if isConvolution {
                input = convInputs[index]
                positions = spec.convInputLengths[index]
                if isLastConvolution {
                    output = lastConvOutput
                    outputStride = Self.stride(layer.outChannels)
                } else {
                    let next = model.convolutions[index + 1]
                    outputStride = Self.stride(next.inChannels)
                    output = convInputs[index + 1] + (next.kernelSize / 2) * outputStride
                    positions /= 2
                    pool = 2
                }
            } else {
                let linear = index - model.convolutions.count
                input = linearBuffers[linear]
                output = linearBuffers[linear + 1]
                outputStride = Self.stride(layer.outChannels)
            }
            let outputZero = layer.output.zeroPoint + 128
            (args + index).initialize(
                to: edge_int8_conv_args(
                    input: UnsafePointer((arena + input).assumingMemoryBound(to: UInt8.self)),
                    input_stride: Int32(regions.inputStride), output_positions: Int32(positions),
                    pool: Int32(pool), quads: Int32(regions.quads), output_channels: Int32(layer.outChannels),
                    weights: UnsafePointer((arena + regions.weights).assumingMemoryBound(to: Int8.self)),
                    weights_by_tap: UnsafePointer((arena + regions.weightsByTap).assumingMemoryBound(to: Int8.self)),
                    bias: UnsafePointer((arena + regions.bias).assumingMemoryBound(to: Int32.self)),
                    multiplier: UnsafePointer((arena + regions.multiplier).assumingMemoryBound(to: Int32.self)),
                    shift: UnsafePointer((arena + regions.shift).assumingMemoryBound(to: Int32.self)),
                    output_zero_point: outputZero, clamp_low: layer.relu ? outputZero : 0, clamp_high: 255,
                    output: (arena + output).assumingMemoryBound(to: UInt8.self), output_stride: Int32(outputStride)))
        }

        let last = model.convolutions[model.convolutions.count - 1]
        let first = model.convolutions[0]
        return ScorerPlan(
            input: ScorerPlan.Input(
                mean: UnsafePointer(mean), std: UnsafePointer(std), scale: first.input.scale,
                zeroPoint: first.input.zeroPoint,
                output: (arena + convInputs[0] + (first.kernelSize / 2) * Self.stride(first.inChannels))
                    .assumingMemoryBound(to: UInt8.self),
                stride: Int32(Self.stride(first.inChannels))),
            layers: args, layerCount: allLayers.count, averageAfter: model.convolutions.count - 1,
            average: ScorerPlan.Average(
                input: UnsafePointer((arena + lastConvOutput).assumingMemoryBound(to: UInt8.self)),
                positions: Int32(spec.convInputLengths[spec.convInputLengths.count - 1]),
                stride: Int32(Self.stride(last.outChannels)), channels: Int32(last.outChannels),
                output: (arena + linearBuffers[0]).assumingMemoryBound(to: UInt8.self)),
            logit: UnsafePointer((arena + linearBuffers[linearBuffers.count - 1]).assumingMemoryBound(to: UInt8.self)))
    }

    /// Packs int8 weights as [block][quad][lane][4] and [block][quad][4][lane] with reduction
    /// index r = tap * stride + channel,
    /// and folds the input zero point (offset domain) into the bias: sum (u - zu) w = sum u w - zu sum w.
    private func pack(_ layer: QuantizedLayer, regions: LayerRegions, arena: UnsafeMutableRawPointer) {
        let weights = (arena + regions.weights).assumingMemoryBound(to: Int8.self)
        let weightsByTap = (arena + regions.weightsByTap).assumingMemoryBound(to: Int8.self)
        let bias = (arena + regions.bias).assumingMemoryBound(to: Int32.self)
        let multiplier = (arena + regions.multiplier).assumingMemoryBound(to: Int32.self)
        let shift = (arena + regions.shift).assumingMemoryBound(to: Int32.self)
        let kernel = layer.kernelSize
        let stride = regions.inputStride
        let inputZero = layer.input.zeroPoint + 128
        for out in 0..<regions.blocks * 16 {
            let block = out / 16
            let lane = out % 16
            guard out < layer.outChannels else {
                // Padding lanes: never stored; any valid shift keeps the vector code defined.
                shift[out] = 1
                continue
            }
            var sum: Int32 = 0
            for reduction in 0..<regions.quads * 4 {
                let tap = reduction / stride
                let channel = reduction % stride
                guard channel < layer.inChannels else { continue }
                let value = layer.weights[(out * layer.inChannels + channel) * kernel + tap]
                let quadBase = (block * regions.quads + reduction / 4) * 64
                weights[quadBase + lane * 4 + reduction % 4] = value
                weightsByTap[quadBase + (reduction % 4) * 16 + lane] = value
                sum += Int32(value)
            }
            bias[out] = layer.bias[out] - inputZero * sum
            multiplier[out] = layer.multipliers[out].multiplier
            shift[out] = layer.multipliers[out].shift
        }
    }
}
