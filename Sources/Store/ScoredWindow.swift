/// One scored window on its way into the store.
public struct ScoredWindow: Sendable {
    /// The device the window came from (external id: BLE address, port, file name).
    public var deviceID: String
    /// Time of the first sample (µs since the Unix epoch).
    public var startMicros: Int64
    /// Time just after the last sample (µs): start + samples × 20,000 at 50 Hz.
    public var endMicros: Int64
    /// The samples, channel-major `[channels][samplesPerChannel]` (hr, accel x, y, z).
    public var samples: [Float]
    /// Number of channels in `samples` (4).
    public var channels: Int
    /// The model's probability for this window, 0…1.
    public var score: Double
    /// True when the score crossed the threshold; flagged windows become events.
    public var flagged: Bool
    /// The window's label when the source carried one (decided by the shared label rule).
    public var label: Bool?
    /// How many of the window's samples were labelled anomalous, when the source had labels.
    public var labelledSamples: Int?
    /// How many samples carried a label (normally all of them), when the source had labels.
    public var totalSamples: Int?
    /// The model version that produced `score`.
    public var modelVersion: String

    /// Creates a scored window.
    public init(
        deviceID: String, startMicros: Int64, endMicros: Int64, samples: [Float], channels: Int = 4,
        score: Double, flagged: Bool, label: Bool? = nil, labelledSamples: Int? = nil, totalSamples: Int? = nil,
        modelVersion: String
    ) {
        self.deviceID = deviceID
        self.startMicros = startMicros
        self.endMicros = endMicros
        self.samples = samples
        self.channels = channels
        self.score = score
        self.flagged = flagged
        self.label = label
        self.labelledSamples = labelledSamples
        self.totalSamples = totalSamples
        self.modelVersion = modelVersion
    }
}

/// A window read back from the store (samples decoded).
public struct StoredWindow: Sendable {
    /// `windows.id`.
    public var rowID: Int64
    /// The stored window (samples decoded, within the codec's stated precision).
    public var window: ScoredWindow
}

/// An episode: flagged windows of one device merged over time.
public struct EventRecord: Sendable, Equatable {
    /// `events.id`.
    public var id: Int64
    /// The device's external id.
    public var deviceID: String
    /// Start of the first flagged window (µs).
    public var startMicros: Int64
    /// End of the last flagged window (µs).
    public var endMicros: Int64
    /// The highest score of its windows.
    public var peakScore: Double
    /// How many flagged windows it spans.
    public var windowCount: Int
    /// When an operator acknowledged it (µs), or nil.
    public var acknowledgedMicros: Int64?
}

/// Per-device counts for a report.
public struct DeviceSummary: Sendable, Equatable {
    /// The device's external id.
    public var deviceID: String
    /// Windows stored in the range.
    public var windows: Int
    /// Of those, flagged.
    public var flaggedWindows: Int
    /// Of those, carrying a label; and labelled anomalous.
    public var labelledWindows: Int
    /// Windows whose label is anomalous.
    public var anomalousLabelledWindows: Int
    /// First window start and last window end (µs); 0 when there are no windows.
    public var firstStartMicros: Int64
    /// See `firstStartMicros`.
    public var lastEndMicros: Int64
}

/// What a replay or status report needs: per-device counts and the events, over a time range.
public struct StoreSummary: Sendable, Equatable {
    /// One entry per device with windows in the range, by device id.
    public var devices: [DeviceSummary]
    /// Events overlapping the range, by start time.
    public var events: [EventRecord]
    /// Total windows over all devices.
    public var totalWindows: Int { devices.reduce(0) { $0 + $1.windows } }
    /// Total flagged windows over all devices.
    public var totalFlaggedWindows: Int { devices.reduce(0) { $0 + $1.flaggedWindows } }
}
