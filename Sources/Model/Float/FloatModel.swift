#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Float32 inference for a trained model: standardizes raw windows with the
/// model's stored statistics and returns logits or probabilities, batch norm
/// in inference mode (running statistics), no dropout.
///
/// This is the float reference the int8 path is checked against, and the source
/// of activation ranges for calibration (`activations(windows:count:)`).
/// Not thread-safe (it owns reusable buffers): one instance per thread.
public final class FloatModel {
    /// The parameters this model runs.
    public let parameters: ModelParameters
    private let network: FloatNetwork

    /// Prepares buffers for batches of up to `batchCapacity` windows (larger ones grow them).
    public init(parameters: ModelParameters, batchCapacity: Int = 64) {
        self.parameters = parameters
        network = FloatNetwork(parameters: parameters, batchCapacity: batchCapacity)
    }

    /// Values per window: `inputChannels × windowLength`.
    public var valuesPerWindow: Int { parameters.spec.inputChannels * parameters.spec.windowLength }

    /// Logits for `count` windows laid out `[count, inputChannels, windowLength]`.
    /// Raw windows are standardized with the model's statistics unless `standardized`
    /// says they already are. Traps when `windows.count` does not match (a caller bug).
    public func logits(windows: [Float], count: Int, standardized: Bool = false) -> [Float] {
        precondition(count >= 0 && windows.count == count * valuesPerWindow, "windows must be [count, C, W]")
        var logits = [Float](repeating: 0, count: count)
        let chunk = max(network.workspace.capacity, 1)
        windows.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < count {
                let batch = min(chunk, count - start)
                network.forward(
                    batch: batch, input: buffer.baseAddress! + start * valuesPerWindow,
                    standardization: standardized ? nil : parameters.standardization, training: false)
                let output = network.workspace.features[network.geometry.linears.count]
                for index in 0..<batch { logits[start + index] = output[index] }
                start += batch
            }
        }
        return logits
    }

    /// Anomaly probabilities `sigmoid(logit)` for `count` windows (see `logits`).
    public func probabilities(windows: [Float], count: Int, standardized: Bool = false) -> [Float] {
        logits(windows: windows, count: count, standardized: standardized).map(sigmoid)
    }

    /// Every intermediate tensor of an inference pass over `count` windows (one
    /// batch), in network order. Names: `input` (standardized), `convN` (before
    /// batch norm), `blockN` (after batch norm and ReLU), `poolN` (after max-pool),
    /// `gap`, `fcN` (after ReLU), `out` (logits, shape `[count, 1]`).
    public func activations(
        windows: [Float], count: Int, standardized: Bool = false
    ) -> [(name: String, tensor: Tensor)] {
        precondition(count > 0 && windows.count == count * valuesPerWindow, "windows must be [count, C, W]")
        windows.withUnsafeBufferPointer { buffer in
            network.forward(
                batch: count, input: buffer.baseAddress!,
                standardization: standardized ? nil : parameters.standardization, training: false)
        }
        return network.activationTrace(batch: count)
    }
}

/// The logistic function, written to stay finite for any float input.
@inline(__always)
public func sigmoid(_ logit: Float) -> Float {
    logit >= 0 ? 1 / (1 + (-logit).exponential) : logit.exponential / (1 + logit.exponential)
}

extension Float {
    /// e raised to this value.
    @inline(__always)
    var exponential: Float { expf(self) }
}

extension FloatNetwork {
    /// Copies the activations of the last forward pass out of the workspace.
    func activationTrace(batch: Int) -> [(name: String, tensor: Tensor)] {
        func copy(
            _ pointer: UnsafeMutablePointer<Float>, rowLength: Int, rows: Int, padding: Int, shape: [Int]
        ) -> Tensor {
            var values: [Float] = []
            values.reserveCapacity(shape.reduce(1, *))
            for row in 0..<rows {
                let start = pointer + row * rowLength + padding
                values.append(contentsOf: UnsafeBufferPointer(start: start, count: shape.last!))
            }
            return Tensor(shape: shape, values: values)
        }
        var trace: [(name: String, tensor: Tensor)] = []
        for (index, block) in geometry.blocks.enumerated() {
            let layer = index + 1
            let inputShape = [batch, block.inChannels, block.length]
            let input = copy(
                workspace.paddedInputs[index], rowLength: block.paddedLength, rows: batch * block.inChannels,
                padding: block.padding, shape: inputShape)
            trace.append((index == 0 ? "input" : "pool\(index)", input))
            let outputShape = [batch, block.outChannels, block.length]
            let rows = batch * block.outChannels
            trace.append(
                (
                    "conv\(layer)",
                    copy(
                        workspace.convOutputs[index], rowLength: block.length, rows: rows, padding: 0,
                        shape: outputShape)
                ))
            trace.append(
                (
                    "block\(layer)",
                    copy(
                        workspace.activations[index], rowLength: block.length, rows: rows, padding: 0,
                        shape: outputShape)
                ))
        }
        for (index, linear) in geometry.linears.enumerated() {
            let name = index == 0 ? "gap" : geometry.linears[index - 1].name
            trace.append(
                (
                    name,
                    copy(
                        workspace.features[index], rowLength: linear.inputs, rows: batch, padding: 0,
                        shape: [batch, linear.inputs])
                ))
        }
        trace.append(
            (
                "out",
                copy(
                    workspace.features[geometry.linears.count], rowLength: 1, rows: batch, padding: 0,
                    shape: [batch, 1])
            ))
        return trace
    }
}
