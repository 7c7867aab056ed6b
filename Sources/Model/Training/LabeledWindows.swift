/// What went wrong preparing or running training.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// There are no windows to train on (or none left after the validation split).
    case emptyDataset(reason: String)
    /// The window buffer does not match count × channels × length.
    case shapeMismatch(expectedValues: Int, foundValues: Int)
    /// The windows do not fit the model spec.
    case specMismatch(reason: String)
    /// A label is neither 0 nor 1.
    case invalidLabel(window: Int, value: Float)
    /// A window contains NaN or infinity.
    case nonFiniteValue(window: Int)
    /// A configuration value is out of range.
    case invalidConfiguration(reason: String)
    /// The training loss became NaN or infinite.
    case diverged(epoch: Int, batch: Int)
    /// The task running the training was cancelled (shutdown, round deadline).
    case cancelled(epoch: Int)

    /// A sentence for the person who sees the error.
    public var description: String {
        switch self {
        case .emptyDataset(let reason): "no training data: \(reason)"
        case .shapeMismatch(let expected, let found):
            "window buffer has \(found) values, expected \(expected) (count × channels × length)"
        case .specMismatch(let reason): "windows do not fit the model: \(reason)"
        case .invalidLabel(let window, let value): "label of window \(window) is \(value), expected 0 or 1"
        case .nonFiniteValue(let window): "window \(window) contains NaN or infinity"
        case .invalidConfiguration(let reason): "invalid training configuration: \(reason)"
        case .diverged(let epoch, let batch):
            "training diverged (loss not finite) in epoch \(epoch) batch \(batch); lower the learning rate"
        case .cancelled(let epoch): "training was cancelled in epoch \(epoch)"
        }
    }
}

/// Labelled windows for training: `[count, channels, length]` float values (raw,
/// not standardized) and one 0/1 label per window (1 = anomalous).
public struct LabeledWindows: Sendable {
    /// Row-major values, window after window.
    public let values: [Float]
    /// 0 or 1 per window.
    public let labels: [Float]
    /// Channels per window.
    public let channels: Int
    /// Time steps per window.
    public let length: Int

    /// Validates the buffer sizes, the labels and that every value is finite.
    public init(values: [Float], labels: [Float], channels: Int, length: Int) throws(TrainingError) {
        guard channels > 0, length > 0 else {
            throw .invalidConfiguration(reason: "channels and length must be positive")
        }
        let (perWindow, overflow1) = channels.multipliedReportingOverflow(by: length)
        let (expected, overflow2) = labels.count.multipliedReportingOverflow(by: perWindow)
        guard !overflow1, !overflow2, values.count == expected else {
            throw .shapeMismatch(expectedValues: overflow1 || overflow2 ? Int.max : expected, foundValues: values.count)
        }
        if let index = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw .invalidLabel(window: index, value: labels[index])
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteValue(window: index / (channels * length))
        }
        self.values = values
        self.labels = labels
        self.channels = channels
        self.length = length
    }

    /// Number of windows.
    public var count: Int { labels.count }

    /// Values per window.
    public var valuesPerWindow: Int { channels * length }

    /// Windows labelled 1.
    public var positiveCount: Int { labels.reduce(0) { $0 + ($1 == 1 ? 1 : 0) } }
}

extension Standardization {
    /// Per-channel mean and population standard deviation over the windows at
    /// `indices` of `data`, accumulated in double precision. A channel whose
    /// standard deviation is below 1e-6 (constant) gets 1, so it maps to
    /// `x − mean` instead of dividing by almost zero.
    public init(fitting data: LabeledWindows, indices: [Int]) {
        precondition(!indices.isEmpty, "standardization needs at least one window")
        var means: [Float] = []
        var stds: [Float] = []
        for channel in 0..<data.channels {
            var sum = 0.0
            for index in indices {
                let start = index * data.valuesPerWindow + channel * data.length
                for t in 0..<data.length { sum += Double(data.values[start + t]) }
            }
            let count = Double(indices.count * data.length)
            let mean = sum / count
            var squares = 0.0
            for index in indices {
                let start = index * data.valuesPerWindow + channel * data.length
                for t in 0..<data.length {
                    let deviation = Double(data.values[start + t]) - mean
                    squares += deviation * deviation
                }
            }
            let std = (squares / count).squareRoot()
            means.append(Float(mean))
            stds.append(std < 1e-6 ? 1 : Float(std))
        }
        self.init(mean: means, std: stds)
    }
}
