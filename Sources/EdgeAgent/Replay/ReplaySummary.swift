import Model
import SensorIO
import Store

/// Everything `edge-agent replay` reports at the end, in one value that renders
/// as text for people or JSON for scripts.
struct ReplaySummary {
    /// The recording.
    var file: String
    /// The device id its windows are stored under.
    var deviceID: String
    /// The model version that scored.
    var modelVersion: String
    /// Rows read from the file and its row groups.
    var rowsRead = 0
    var rowGroupsRead = 0
    var rowGroupCount = 0
    /// First and last timestamp seen (µs), nil for an empty file.
    var firstMicros: Int64?
    var lastMicros: Int64?
    /// What the windower did (windows emitted and dropped, readings dropped, with reasons).
    var windowing = WindowerCounters()
    /// Windows scored and windows flagged at the threshold.
    var windowsScored = 0
    var windowsFlagged = 0
    var threshold: Double
    /// Windows committed to the database.
    var windowsCommitted = 0
    /// The database written to, nil for a temporary one.
    var databasePath: String?
    /// Episodes of flagged windows, from the store.
    var events: [EventRecord] = []
    /// Window-level metrics against the recording's labels (nil without labels).
    var metrics: ClassificationMetrics?
    /// Windows with a label and how many of them are anomalous under the label rule.
    var labelledWindows = 0
    var anomalousWindows = 0
    /// Wall-clock seconds the replay took.
    var elapsedSeconds = 0.0
    /// Whether SIGINT/SIGTERM stopped the replay early.
    var interrupted = false

    /// Duration of the recording replayed, in seconds.
    var durationSeconds: Double {
        guard let firstMicros, let lastMicros else { return 0 }
        return Double(lastMicros - firstMicros) / 1e6
    }
}
