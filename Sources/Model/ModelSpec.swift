/// The architecture of a `fedsense-cnn` model: three Conv1d → BatchNorm1d → ReLU
/// blocks (max-pool by 2 after all but the last, global average pool after the
/// last), then fully connected layers down to one logit.
///
/// Widths, kernel sizes and hidden sizes are configuration. Parameter names are
/// PyTorch state-dict names (`conv1.weight`, `bn1.running_mean`, `fc1.weight`,
/// `out.bias`), so a Python twin of the model loads the same arrays.
///
/// Shorthand used throughout this module: N = batch, C = channels, W = time
/// steps (NCW layout, row-major), k = kernel size, logit = pre-sigmoid score.
public struct ModelSpec: Sendable, Equatable, Codable {
    /// Model family name stored with the weights, e.g. `fedsense-cnn-v1`.
    public var name: String
    /// Input channels (hr, accel_x, accel_y, accel_z).
    public var inputChannels: Int
    /// Time steps per window (samples on the 50 Hz grid).
    public var windowLength: Int
    /// Output channels of conv1, conv2, conv3, ...
    public var convChannels: [Int]
    /// Kernel size of each convolution; odd, padded by `k / 2` on both sides.
    public var convKernels: [Int]
    /// Sizes of the hidden fully connected layers (fc1, fc2, ...).
    public var hiddenSizes: [Int]
    /// Dropout probability after fc1 during training, in [0, 1).
    public var dropout: Float

    /// Creates a spec; the defaults are `fedsense-cnn-v1` from the design.
    public init(
        name: String = "fedsense-cnn-v1",
        inputChannels: Int = 4,
        windowLength: Int = 250,
        convChannels: [Int] = [16, 32, 64],
        convKernels: [Int] = [7, 5, 3],
        hiddenSizes: [Int] = [32, 16],
        dropout: Float = 0.2
    ) {
        self.name = name
        self.inputChannels = inputChannels
        self.windowLength = windowLength
        self.convChannels = convChannels
        self.convKernels = convKernels
        self.hiddenSizes = hiddenSizes
        self.dropout = dropout
    }

    /// `fedsense-cnn-v1` exactly as the design fixes it.
    public static let fedsenseV1 = ModelSpec()

    /// Time steps entering each convolution: pooling by 2 (floor) after every
    /// convolution except the last.
    public var convInputLengths: [Int] {
        var lengths: [Int] = []
        var length = windowLength
        for index in convChannels.indices {
            lengths.append(length)
            if index < convChannels.count - 1 { length /= 2 }
        }
        return lengths
    }

    /// Multiply-adds for one window at inference (convolutions and linear layers).
    public var multiplyAddsPerWindow: Int {
        var total = 0
        var inChannels = inputChannels
        for (index, outChannels) in convChannels.enumerated() {
            total += outChannels * inChannels * convKernels[index] * convInputLengths[index]
            inChannels = outChannels
        }
        for (inputs, outputs) in zip([inChannels] + hiddenSizes, hiddenSizes + [1]) {
            total += inputs * outputs
        }
        return total
    }

    /// Every trainable or stored parameter with its PyTorch name and shape, in
    /// state-dict order. `bnN.num_batches_tracked` is omitted: it is an integer
    /// counter that inference never reads.
    public var parameterShapes: [(name: String, shape: [Int])] {
        var shapes: [(name: String, shape: [Int])] = []
        var inChannels = inputChannels
        for (index, outChannels) in convChannels.enumerated() {
            let layer = index + 1
            shapes.append(("conv\(layer).weight", [outChannels, inChannels, convKernels[index]]))
            shapes.append(("conv\(layer).bias", [outChannels]))
            for field in ["weight", "bias", "running_mean", "running_var"] {
                shapes.append(("bn\(layer).\(field)", [outChannels]))
            }
            inChannels = outChannels
        }
        let linearNames = hiddenSizes.indices.map { "fc\($0 + 1)" } + ["out"]
        for (name, (inputs, outputs)) in zip(linearNames, zip([inChannels] + hiddenSizes, hiddenSizes + [1])) {
            shapes.append(("\(name).weight", [outputs, inputs]))
            shapes.append(("\(name).bias", [outputs]))
        }
        return shapes
    }

    /// Total number of stored float parameters (weights, biases, BN statistics).
    public var parameterCount: Int {
        parameterShapes.reduce(0) { $0 + $1.shape.reduce(1, *) }
    }
}
