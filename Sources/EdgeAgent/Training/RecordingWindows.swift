import Model
import Parquet
import SensorIO

/// The labelled windows of a recording, cut by the same windower and label rule
/// as replay, so training, evaluation and replay agree on what a window is.
struct RecordingWindows {
    /// `[count][4][250]` raw (unstandardized) values.
    var values: [Float] = []
    /// 0 or 1 per window.
    var labels: [Float] = []
    /// Each window's first grid instant, µs since the epoch (ascending: one device).
    var startMicros: [Int64] = []
    /// Each window's end (its last grid instant plus one interval), µs since the epoch.
    var endMicros: [Int64] = []
    /// Windows the file gave that had no complete label (skipped).
    var unlabelledWindows = 0
    var windowLength = 250

    var count: Int { labels.count }

    /// Reads `path` and windows it with `hop`; fails when the file has no labels.
    static func load(_ path: String, hop: Int) throws(CommandFailure) -> RecordingWindows {
        try CommandFailure.requireReadable(path)
        var result = RecordingWindows()
        do {
            let reader = try ReplayTableReader(path: path)
            guard reader.hasLabels else {
                throw CommandFailure(.dataError, "\(path) has no label column; training needs labelled data")
            }
            let windower = try Windower(configuration: WindowerConfiguration(hop: hop))
            let deviceID = "file:" + (path.split(separator: "/").last.map(String.init) ?? path)
            for index in 0..<reader.rowGroupCount {
                let batch = try reader.readRowGroup(index)
                try windower.append(
                    deviceID: deviceID, timestamps: batch.timestampMicros, heartRate: batch.heartRate,
                    accelerationX: batch.accelX, accelerationY: batch.accelY, accelerationZ: batch.accelZ,
                    labels: batch.labels
                ) { window in
                    guard
                        let label = WindowLabelRule.isAnomalous(
                            anomalousSamples: window.anomalousSamples, labelledSamples: window.labelledSamples,
                            windowLength: window.length)
                    else {
                        result.unlabelledWindows += 1
                        return
                    }
                    result.windowLength = window.length
                    result.values.append(contentsOf: window.samples)
                    result.labels.append(label ? 1 : 0)
                    result.startMicros.append(window.startMicros)
                    result.endMicros.append(window.endMicros)
                }
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch let error as ParquetError {
            throw CommandFailure(error)
        } catch {
            throw CommandFailure(.dataError, "\(path): \(error)")
        }
        guard result.count > 0 else {
            throw CommandFailure(.dataError, "\(path) gave no labelled windows (is it shorter than 5 seconds?)")
        }
        return result
    }

    /// The windows as the trainer's input type.
    func labeled() throws(CommandFailure) -> LabeledWindows {
        do {
            return try LabeledWindows(values: values, labels: labels, channels: 4, length: windowLength)
        } catch {
            throw CommandFailure(.dataError, "\(error)")
        }
    }

    /// The training windows (cut with `hop`) and the held-out test windows of a recording.
    ///
    /// The held-out part is the last `fraction` of the recording by time (adjacent windows
    /// are alike, so a random split would leak), cut exactly as replay cuts it: hop 250, no
    /// overlap, whatever hop training uses. Training windows end at or before the first
    /// held-out window starts, so overlapping training windows never reach into it.
    static func loadSplittingByTime(
        _ path: String, hop: Int, holdoutFraction fraction: Double
    ) throws(CommandFailure) -> (training: RecordingWindows, heldOut: RecordingWindows) {
        let scored = try load(path, hop: WindowerConfiguration().hop)
        let all = hop == WindowerConfiguration().hop ? scored : try load(path, hop: hop)
        let cut = scored.count - Int((Double(scored.count) * fraction).rounded())
        guard cut < scored.count else { return (all, scored.windows(in: scored.count..<scored.count)) }
        let heldOutStart = scored.startMicros[cut]
        let trainingCount = all.endMicros.firstIndex { $0 > heldOutStart } ?? all.count
        return (all.windows(in: 0..<trainingCount), scored.windows(in: cut..<scored.count))
    }

    /// The windows at `range`, in order.
    func windows(in range: Range<Int>) -> RecordingWindows {
        let size = 4 * windowLength
        var part = self
        part.values = Array(values[(range.lowerBound * size)..<(range.upperBound * size)])
        part.labels = Array(labels[range])
        part.startMicros = Array(startMicros[range])
        part.endMicros = Array(endMicros[range])
        return part
    }

    /// Up to `limit` windows spread evenly over the recording, for int8 calibration.
    ///
    /// Anomalous windows stay in: calibrating on normal windows only left the logit's
    /// range below the decision threshold's logit (every int8 probability under 0.92, F1 0
    /// at a threshold of 0.97). Rare extreme windows are handled by the coverage of the
    /// ranges instead (`QuantizedModel.recommendedWindowCoverage`).
    func sample(limit: Int) -> [[Float]] {
        let size = 4 * windowLength
        let step = max(1, count / max(1, limit))
        return stride(from: 0, to: count, by: step).prefix(limit).map { index in
            Array(values[(index * size)..<((index + 1) * size)])
        }
    }
}
