// The float forward pass of the folded network: plain loops, used for calibration
// and as the float reference of the int8 engine (not a hot path).

extension FoldedModel {
    /// Runs one raw window; when `recording`, widens `ranges` at every activation point.
    func forward(window: [Float], ranges: inout ActivationRanges, recording: Bool) -> Float {
        let length = spec.windowLength
        var activation = [Float](repeating: 0, count: window.count)
        for channel in 0..<spec.inputChannels {
            for time in 0..<length {
                activation[channel * length + time] = standardization.apply(
                    window[channel * length + time], channel: channel)
            }
        }
        if recording { ranges.record(activation, at: 0) }

        var width = length
        for (index, layer) in convolutions.enumerated() {
            activation = Self.convolveReLU(activation, width: width, layer: layer)
            if recording { ranges.record(activation, at: index + 1) }
            if index < convolutions.count - 1 {
                activation = Self.maxPool2(activation, channels: layer.outChannels, width: width)
                width /= 2
            } else {
                activation = Self.globalAverage(activation, channels: layer.outChannels, width: width)
            }
        }

        for (index, layer) in linears.enumerated() {
            let isLast = index == linears.count - 1
            activation = Self.linear(activation, layer: layer, relu: !isLast)
            if recording { ranges.record(activation, at: convolutions.count + 1 + index) }
        }
        return activation[0]
    }

    static func convolveReLU(_ input: [Float], width: Int, layer: FoldedConvolution) -> [Float] {
        let kernel = layer.kernelSize
        let padding = kernel / 2
        var output = [Float](repeating: 0, count: layer.outChannels * width)
        input.withUnsafeBufferPointer { x in
            layer.weight.withUnsafeBufferPointer { w in
                for out in 0..<layer.outChannels {
                    for time in 0..<width {
                        var sum = layer.bias[out]
                        for channel in 0..<layer.inChannels {
                            let weightBase = (out * layer.inChannels + channel) * kernel
                            for tap in 0..<kernel {
                                let source = time + tap - padding
                                if source >= 0 && source < width {
                                    sum += w[weightBase + tap] * x[channel * width + source]
                                }
                            }
                        }
                        output[out * width + time] = Swift.max(0, sum)
                    }
                }
            }
        }
        return output
    }

    static func maxPool2(_ input: [Float], channels: Int, width: Int) -> [Float] {
        let pooled = width / 2
        var output = [Float](repeating: 0, count: channels * pooled)
        for channel in 0..<channels {
            for time in 0..<pooled {
                output[channel * pooled + time] = Swift.max(
                    input[channel * width + 2 * time], input[channel * width + 2 * time + 1])
            }
        }
        return output
    }

    static func globalAverage(_ input: [Float], channels: Int, width: Int) -> [Float] {
        (0..<channels).map { channel in
            input[channel * width..<(channel + 1) * width].reduce(0, +) / Float(width)
        }
    }

    static func linear(_ input: [Float], layer: FoldedLinear, relu: Bool) -> [Float] {
        (0..<layer.outFeatures).map { out in
            var sum = layer.bias[out]
            for index in 0..<layer.inFeatures {
                sum += layer.weight[out * layer.inFeatures + index] * input[index]
            }
            return relu ? Swift.max(0, sum) : sum
        }
    }
}
