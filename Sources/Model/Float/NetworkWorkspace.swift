/// Preallocated activation and gradient buffers for batches of up to `capacity`
/// windows. Allocated once (and again only when a larger batch arrives), zeroed
/// at allocation so the padding columns of padded buffers stay zero forever:
/// the kernels write only the interior of those rows.
final class NetworkWorkspace {
    let capacity: Int
    /// Per block: `[N, inChannels, paddedLength]` convolution input with zero padding.
    var paddedInputs: [UnsafeMutablePointer<Float>] = []
    /// Per block: `[N, outChannels, length]` convolution output before batch norm.
    var convOutputs: [UnsafeMutablePointer<Float>] = []
    /// Per block: `[N, outChannels, length]` batch-normalized values x̂ (training only).
    var normalized: [UnsafeMutablePointer<Float>] = []
    /// Per block: `[N, outChannels, length]` block output after ReLU.
    var activations: [UnsafeMutablePointer<Float>] = []
    /// Per block: gradient with respect to the batch-norm output (pooling gradient through the ReLU mask).
    var gradActivations: [UnsafeMutablePointer<Float>] = []
    /// Per block: `[N, outChannels, paddedLength]` gradient with respect to the
    /// convolution output, zero-padded for the input-gradient convolution.
    var gradConvPadded: [UnsafeMutablePointer<Float>] = []
    /// Per block: `[N, inChannels, length]` gradient with respect to the block input.
    var gradInputs: [UnsafeMutablePointer<Float>] = []
    /// Per block: batch mean and 1/sqrt(var + eps) of each channel.
    var batchMean: [UnsafeMutablePointer<Float>] = []
    var batchInverseStd: [UnsafeMutablePointer<Float>] = []
    /// Per block: transposed, flipped weights for the input-gradient convolution.
    var flippedWeights: [UnsafeMutablePointer<Float>] = []
    /// Per block: scratch for the convolution kernels' broadcast weights (16 floats per weight).
    var broadcastWeights: [UnsafeMutablePointer<Float>] = []
    /// Per linear layer `j`: `[N, inputs]` input features (index 0 is the global
    /// average pool); the last entry is `[N, 1]` logits.
    var features: [UnsafeMutablePointer<Float>] = []
    /// Gradients with respect to `features`, same shapes.
    var gradFeatures: [UnsafeMutablePointer<Float>] = []
    /// `[N, hidden[0]]` dropout multipliers (0 or 1 / (1 - p)) of the last training batch.
    var dropoutMask: UnsafeMutablePointer<Float>

    private var owned: [(UnsafeMutablePointer<Float>, Int)] = []

    init(geometry: NetworkGeometry, capacity: Int) {
        self.capacity = capacity
        func zeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: 0, count: max(count, 1))
            return pointer
        }
        var allocations: [(UnsafeMutablePointer<Float>, Int)] = []
        func make(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = zeroed(count)
            allocations.append((pointer, max(count, 1)))
            return pointer
        }
        dropoutMask = make(capacity * (geometry.linears.first?.outputs ?? 1))
        for block in geometry.blocks {
            let output = capacity * block.outChannels * block.length
            paddedInputs.append(make(capacity * block.inChannels * block.paddedLength))
            convOutputs.append(make(output))
            normalized.append(make(output))
            activations.append(make(output))
            gradActivations.append(make(output))
            gradConvPadded.append(make(capacity * block.outChannels * block.paddedLength))
            gradInputs.append(make(capacity * block.inChannels * block.length))
            batchMean.append(make(block.outChannels))
            batchInverseStd.append(make(block.outChannels))
            flippedWeights.append(make(block.outChannels * block.inChannels * block.kernel))
            broadcastWeights.append(make(4 * block.outChannels * block.inChannels * block.kernel))
        }
        for linear in geometry.linears {
            features.append(make(capacity * linear.inputs))
            gradFeatures.append(make(capacity * linear.inputs))
        }
        features.append(make(capacity))
        gradFeatures.append(make(capacity))
        owned = allocations
    }

    deinit {
        for (pointer, count) in owned {
            pointer.deinitialize(count: count)
            pointer.deallocate()
        }
    }
}
