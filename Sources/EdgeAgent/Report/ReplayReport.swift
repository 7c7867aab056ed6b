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
