/// How readings become windows. The defaults are the model's: 50 Hz, 250 samples, no overlap.
public struct WindowerConfiguration: Sendable, Equatable {
    /// Grid spacing in µs (20,000 = 50 Hz). Grid points are multiples of this since the Unix
    /// epoch, so every device and every replay of a file lands on the same instants.
    public var sampleIntervalMicros: Int64
    /// Samples per window per channel (250 = 5 s at 50 Hz).
    public var windowLength: Int
    /// Samples between the starts of consecutive windows: 250 (no overlap), 125 (half overlap).
    /// A hop larger than the window length skips samples between windows.
    public var hop: Int
    /// Longest allowed time between two acceleration readings (µs). A longer gap — missing
    /// readings, or readings whose values are NaN — ends the window in progress; the partial
    /// window is dropped and counted. Default 1 s.
    public var maxGapMicros: Int64
    /// How long a heart rate is held after its reading (µs). Past this the heart rate is stale:
    /// the window in progress is dropped and samples wait for a fresh reading. Default 5 s
    /// (heart rate arrives about once a second; a few lost BLE notifications are tolerated).
    public var maxHeartRateAgeMicros: Int64

    /// Channels per sample: heart rate, acceleration x, y, z (in that order).
    public static let channelCount = 4

    /// Creates a configuration; call `validate()` before use (the `Windower` does).
    public init(
        sampleIntervalMicros: Int64 = 20_000, windowLength: Int = 250, hop: Int = 250,
        maxGapMicros: Int64 = 1_000_000, maxHeartRateAgeMicros: Int64 = 5_000_000
    ) {
        self.sampleIntervalMicros = sampleIntervalMicros
        self.windowLength = windowLength
        self.hop = hop
        self.maxGapMicros = maxGapMicros
        self.maxHeartRateAgeMicros = maxHeartRateAgeMicros
    }

    /// Checks every value against its range.
    /// - Throws: `WindowerError.invalidConfiguration` naming the field, the value and the range.
    public func validate() throws(WindowerError) {
        func check(_ ok: Bool, _ field: String, _ value: Int64, _ expected: String) throws(WindowerError) {
            if !ok { throw .invalidConfiguration(field: field, value: value, expected: expected) }
        }
        try check(
            (1_000...1_000_000).contains(sampleIntervalMicros), "sampleIntervalMicros", sampleIntervalMicros,
            "1,000…1,000,000 µs")
        try check((1...100_000).contains(windowLength), "windowLength", Int64(windowLength), "1…100,000 samples")
        try check((1...1_000_000).contains(hop), "hop", Int64(hop), "1…1,000,000 samples")
        try check(
            maxGapMicros >= sampleIntervalMicros && maxGapMicros <= 3_600_000_000, "maxGapMicros", maxGapMicros,
            "one sample interval … 1 hour")
        try check(
            maxHeartRateAgeMicros >= 0 && maxHeartRateAgeMicros <= 3_600_000_000, "maxHeartRateAgeMicros",
            maxHeartRateAgeMicros, "0 … 1 hour")
    }
}

/// What the windower rejects.
public enum WindowerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration value is out of range.
    case invalidConfiguration(field: String, value: Int64, expected: String)
    /// The columns of a bulk append have different lengths.
    case columnLengthMismatch(deviceID: String, column: String, count: Int, expected: Int)

    /// A one-line explanation naming the input.
    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let value, let expected):
            return "windower configuration: \(field) is \(value), expected \(expected)"
        case .columnLengthMismatch(let deviceID, let column, let count, let expected):
            return "device \(deviceID): column \(column) has \(count) values, expected \(expected) (one per timestamp)"
        }
    }
}
