import SensorIO

/// What the HTML report of a replay shows. The replay fills it as it streams;
/// everything in it is bounded in size whatever the recording's length.
struct ReplayReport {
    /// One scored window.
    struct Window {
        var startMicros: Int64
        var endMicros: Int64
        var score: Float
        var isFlagged: Bool
        /// Whether the recording's labels make this window anomalous (nil when unlabelled).
        var isLabelledAnomalous: Bool?
    }

    /// Heading of the page (the recording's file name).
    var title: String
    /// Rows of the summary table, in order.
    var summary: [(name: String, value: String)] = []
    /// The flagging threshold drawn on the score panel.
    var threshold: Double = 0.5
    var heartRate = SeriesEnvelope()
    var accelerationX = SeriesEnvelope()
    var accelerationY = SeriesEnvelope()
    var accelerationZ = SeriesEnvelope()
    var score = SeriesEnvelope()
    /// Flagged windows merged into time ranges (bounded: merged as they arrive).
    private(set) var flaggedRanges: [ClosedRange<Int64>] = []
    /// Labelled anomalous windows merged into time ranges.
    private(set) var labelledRanges: [ClosedRange<Int64>] = []

    init(title: String) { self.title = title }

    /// Records a scored window: its score point and, when flagged or labelled, its range.
    mutating func add(_ window: Window) {
        score.add(timeMicros: (window.startMicros + window.endMicros) / 2, value: Double(window.score))
        if window.isFlagged { Self.extend(&flaggedRanges, window.startMicros...window.endMicros) }
        if window.isLabelledAnomalous == true { Self.extend(&labelledRanges, window.startMicros...window.endMicros) }
    }

    /// Appends `range`, merging it with the last range when they touch (within 1 s).
    private static func extend(_ ranges: inout [ClosedRange<Int64>], _ range: ClosedRange<Int64>) {
        if let last = ranges.last, range.lowerBound <= last.upperBound + 1_000_000 {
            ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
        } else {
            ranges.append(range)
        }
    }
}

extension ReplayReport {
    /// Records one scored window: its samples for the signal panels (every grid
    /// sample, channel-major hr, x, y, z), its score, and its flag and label ranges.
    mutating func record(window: WindowView, score: Float, flagged: Bool, label: Bool?) {
        let length = window.length
        let step = (window.endMicros - window.startMicros) / Int64(max(1, length))
        for index in 0..<length {
            let time = window.startMicros + Int64(index) * step
            heartRate.add(timeMicros: time, value: Double(window.samples[index]))
            accelerationX.add(timeMicros: time, value: Double(window.samples[length + index]))
            accelerationY.add(timeMicros: time, value: Double(window.samples[2 * length + index]))
            accelerationZ.add(timeMicros: time, value: Double(window.samples[3 * length + index]))
        }
        add(
            Window(
                startMicros: window.startMicros, endMicros: window.endMicros, score: score, isFlagged: flagged,
                isLabelledAnomalous: label))
    }
}
