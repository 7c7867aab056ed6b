/// Where each layer of a spec's network keeps its parameters in the flat
/// parameter vector, and the buffer extents of its activations.
///
/// Trainable parameters live in one contiguous float vector, in PyTorch
/// state-dict order (`conv1.weight`, `conv1.bias`, `bn1.weight`, `bn1.bias`, ...,
/// `out.bias`), so the optimizers update them in a single pass. Batch-norm running
/// statistics are buffers, not parameters, and live in a separate vector.
struct NetworkGeometry {
    /// One Conv1d → BatchNorm1d → ReLU → pool block.
    struct ConvolutionBlock {
        var inChannels: Int
        var outChannels: Int
        var kernel: Int
        /// `kernel / 2` zeros on each side.
        var padding: Int
        /// Time steps in and out of the convolution.
        var length: Int
        /// `length + 2 * padding`: the padded input row length.
        var paddedLength: Int
        /// Whether max-pool by 2 follows (false: global average pool).
        var pooled: Bool
        /// Offsets into the parameter vector.
        var convWeight: Int
        var convBias: Int
        var normWeight: Int
        var normBias: Int
        /// Offsets into the running-statistics vector.
        var runningMean: Int
        var runningVariance: Int
    }

    /// One Linear layer.
    struct LinearLayer {
        var name: String
        var inputs: Int
        var outputs: Int
        var weight: Int
        var bias: Int
    }

    /// A named slice of the parameter or statistics vector.
    struct Slot {
        var name: String
        var shape: [Int]
        var offset: Int
        var count: Int { shape.reduce(1, *) }
    }

    var blocks: [ConvolutionBlock] = []
    var linears: [LinearLayer] = []
    /// Trainable parameters, in state-dict order.
    var parameterSlots: [Slot] = []
    /// Running mean and variance of every batch norm.
    var statisticSlots: [Slot] = []
    var parameterCount = 0
    var statisticCount = 0

    init(spec: ModelSpec) {
        let lengths = spec.convInputLengths
        var inChannels = spec.inputChannels
        for (index, outChannels) in spec.convChannels.enumerated() {
            let layer = index + 1
            let kernel = spec.convKernels[index]
            let convWeight = addParameter("conv\(layer).weight", [outChannels, inChannels, kernel])
            let convBias = addParameter("conv\(layer).bias", [outChannels])
            let normWeight = addParameter("bn\(layer).weight", [outChannels])
            let normBias = addParameter("bn\(layer).bias", [outChannels])
            let runningMean = addStatistic("bn\(layer).running_mean", outChannels)
            let runningVariance = addStatistic("bn\(layer).running_var", outChannels)
            blocks.append(
                ConvolutionBlock(
                    inChannels: inChannels, outChannels: outChannels, kernel: kernel, padding: kernel / 2,
                    length: lengths[index], paddedLength: lengths[index] + 2 * (kernel / 2),
                    pooled: index < spec.convChannels.count - 1, convWeight: convWeight, convBias: convBias,
                    normWeight: normWeight, normBias: normBias, runningMean: runningMean,
                    runningVariance: runningVariance))
            inChannels = outChannels
        }
        let names = spec.hiddenSizes.indices.map { "fc\($0 + 1)" } + ["out"]
        let sizes = [inChannels] + spec.hiddenSizes + [1]
        for (index, name) in names.enumerated() {
            let (inputs, outputs) = (sizes[index], sizes[index + 1])
            let weight = addParameter("\(name).weight", [outputs, inputs])
            let bias = addParameter("\(name).bias", [outputs])
            linears.append(LinearLayer(name: name, inputs: inputs, outputs: outputs, weight: weight, bias: bias))
        }
    }

    private mutating func addParameter(_ name: String, _ shape: [Int]) -> Int {
        let slot = Slot(name: name, shape: shape, offset: parameterCount)
        parameterSlots.append(slot)
        parameterCount += slot.count
        return slot.offset
    }

    private mutating func addStatistic(_ name: String, _ count: Int) -> Int {
        let slot = Slot(name: name, shape: [count], offset: statisticCount)
        statisticSlots.append(slot)
        statisticCount += count
        return slot.offset
    }
}
