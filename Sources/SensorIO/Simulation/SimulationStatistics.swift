/// Running counts of a simulation, gathered while samples are generated.
struct SimulationStatistics {
    private let sampleRateHz: Int
    /// Grid samples generated (rows plus samples lost in dropout gaps).
    private(set) var gridSamples = 0
    /// Rows emitted.
    private(set) var rows = 0
    /// Rows labelled anomalous.
    private(set) var labelledRows = 0
    /// Episodes started, per kind.
    private(set) var episodes = [Int](repeating: 0, count: AnomalyKind.allCases.count)
    /// Labelled rows, per kind.
    private(set) var labelledRowsByKind = [Int](repeating: 0, count: AnomalyKind.allCases.count)
    /// Grid samples per activity.
    private(set) var activitySamples = [Int](repeating: 0, count: Activity.allCases.count)
    private(set) var heartRateSum = 0.0
    private(set) var normalHeartRateSum = 0.0
    private(set) var normalHeartRateMinimum = Double.infinity
    private(set) var normalHeartRateMaximum = -Double.infinity
    private(set) var motionSum = 0.0
    /// Windows holding at least one row, and of those the anomalous ones.
    private(set) var windows = 0
    private(set) var anomalousWindows = 0
    private var currentWindow = -1
    private var currentWindowRows = 0
    private var currentWindowLabelled = 0

    /// Creates empty statistics.
    init(sampleRateHz: Int) {
        self.sampleRateHz = sampleRateHz
    }

    /// Counts an episode start.
    mutating func recordEpisode(_ kind: AnomalyKind) {
        episodes[kind.rawValue] += 1
    }

    /// Counts a grid sample lost in a gap.
    mutating func recordGap(at index: Int, activity: Activity) {
        gridSamples += 1
        activitySamples[activity.rawValue] += 1
        enterWindow(of: index)
    }

    /// Counts an emitted row.
    mutating func recordRow(
        at index: Int, heartRate: Double, acceleration: Vector3, activity: Activity, kind: AnomalyKind?
    ) {
        gridSamples += 1
        rows += 1
        activitySamples[activity.rawValue] += 1
        enterWindow(of: index)
        currentWindowRows += 1
        heartRateSum += heartRate
        motionSum += abs(acceleration.length - SignalGenerator.gravity)
        if let kind {
            labelledRows += 1
            labelledRowsByKind[kind.rawValue] += 1
            currentWindowLabelled += 1
        } else {
            normalHeartRateSum += heartRate
            normalHeartRateMinimum = min(normalHeartRateMinimum, heartRate)
            normalHeartRateMaximum = max(normalHeartRateMaximum, heartRate)
        }
    }

    /// Closes the last window.
    mutating func finish() {
        closeWindow()
        currentWindow = -1
    }

    private mutating func enterWindow(of index: Int) {
        let window = index / WindowLabelRule.windowLength
        if window != currentWindow {
            closeWindow()
            currentWindow = window
        }
    }

    private mutating func closeWindow() {
        guard currentWindow >= 0, currentWindowRows > 0 else { return }
        windows += 1
        if WindowLabelRule.isAnomalous(labelledSamples: currentWindowLabelled) { anomalousWindows += 1 }
        currentWindowRows = 0
        currentWindowLabelled = 0
    }
}
