// The reference int8 inference: the quantization scheme written as plain loops in
// the int8 domain, exactly as `QuantizedModel` documents it. The optimized engine
// (`QuantizedScorer`) must equal it bit for bit.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension QuantizedModel {
    /// The int8 logit of one raw window (NCW, `windowSize` values), by the reference loops.
    public func referenceQuantizedLogit(window: [Float]) throws(QuantizationError) -> Int32 {
        guard window.count == windowSize else { throw .windowSize(expected: windowSize, found: window.count) }
        let length = spec.windowLength

        // Standardize, then quantize (round half to even).
        var activation = [Int32](repeating: 0, count: window.count)
        for channel in 0..<spec.inputChannels {
            for time in 0..<length {
                let index = channel * length + time
                // The input quantization clamps to the calibrated range, which lies within any clip.
                activation[index] = input.quantize(standardization.apply(window[index], channel: channel))
            }
        }

        var width = length
        for (index, layer) in convolutions.enumerated() {
            activation = Self.referenceConvolution(activation, width: width, layer: layer)
            if index < convolutions.count - 1 {
                activation = Self.referenceMaxPool2(activation, channels: layer.outChannels, width: width)
                width /= 2
            } else {
                activation = Self.referenceAverage(activation, channels: layer.outChannels, width: width)
                width = 1
            }
        }
        for layer in linears {
            activation = Self.referenceConvolution(activation, width: 1, layer: layer)
        }
        return activation[0]
    }

    /// Probability of one raw window by the reference loops: sigmoid of the dequantized logit.
    public func referenceProbability(window: [Float]) throws(QuantizationError) -> Float {
        let logitValue = logit.dequantize(try referenceQuantizedLogit(window: window))
        return 1 / (1 + Self.exp(-logitValue))
    }

    /// Convolution (or linear layer when `width` is 1 and the kernel 1), int32
    /// accumulation of `(x - zx) * w` with zero padding in the real domain,
    /// requantization, output zero point, clamp (ReLU clamps at the zero point).
    static func referenceConvolution(_ input: [Int32], width: Int, layer: QuantizedLayer) -> [Int32] {
        let kernel = layer.kernelSize
        let padding = kernel / 2
        let inputZero = layer.input.zeroPoint
        let outputZero = layer.output.zeroPoint
        let low = layer.relu ? Swift.max(-128, outputZero) : -128
        var output = [Int32](repeating: 0, count: layer.outChannels * width)
        for out in 0..<layer.outChannels {
            for time in 0..<width {
                var accumulator = layer.bias[out]
                for channel in 0..<layer.inChannels {
                    for tap in 0..<kernel {
                        let source = time + tap - padding
                        // Padding is real 0, i.e. the zero point, which contributes nothing.
                        guard source >= 0 && source < width else { continue }
                        let x = input[channel * width + source] - inputZero
                        accumulator += x * Int32(layer.weights[(out * layer.inChannels + channel) * kernel + tap])
                    }
                }
                let scaled = layer.multipliers[out].apply(accumulator) + Int64(outputZero)
                output[out * width + time] = Int32(Swift.min(127, Swift.max(Int64(low), scaled)))
            }
        }
        return output
    }

    /// Max-pool by 2 (floor), on int8 values with the input's quantization.
    static func referenceMaxPool2(_ input: [Int32], channels: Int, width: Int) -> [Int32] {
        let pooled = width / 2
        var output = [Int32](repeating: 0, count: channels * pooled)
        for channel in 0..<channels {
            for time in 0..<pooled {
                output[channel * pooled + time] = Swift.max(
                    input[channel * width + 2 * time], input[channel * width + 2 * time + 1])
            }
        }
        return output
    }

    /// Global average pool on int8 values: the mean rounded half to even (as ONNX
    /// Runtime rounds), same quantization as the input.
    static func referenceAverage(_ input: [Int32], channels: Int, width: Int) -> [Int32] {
        (0..<channels).map { channel in
            let sum = input[channel * width..<(channel + 1) * width].reduce(0, +)
            let mean = (Double(sum) / Double(width)).rounded(.toNearestOrEven)
            return Int32(mean)
        }
    }

    /// e^x from the C library (the library target avoids Foundation).
    static func exp(_ value: Float) -> Float {
        expf(value)
    }
}
