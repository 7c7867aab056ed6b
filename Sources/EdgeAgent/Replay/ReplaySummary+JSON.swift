import FoundationEssentials
import SensorIO

extension ReplaySummary {
    /// The summary as one JSON document (snake_case keys, times as ISO-8601 UTC).
    func json() throws(CommandFailure) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            return String(decoding: try encoder.encode(ReplayDocument(self)), as: UTF8.self) + "\n"
        } catch {
            throw CommandFailure(.software, "cannot encode the summary as JSON: \(error)")
        }
    }
}

/// The JSON shape of a replay summary.
private struct ReplayDocument: Encodable {
    struct Recording: Encodable {
        var start: String?
        var end: String?
        var durationSeconds: Double
        var rows: Int
        var rowGroupsRead: Int
        var rowGroups: Int
    }

    struct Windows: Encodable {
        var scored: Int
        var flagged: Int
        var threshold: Double
        var committed: Int
        var dropped: Int
        var droppedForGap: Int
        var droppedForStaleHeartRate: Int
        var droppedAtEndOfInput: Int
    }

    struct Readings: Encodable {
        var accepted: Int
        var dropped: Int
        var duplicate: Int
        var outOfOrder: Int
        var withoutValues: Int
        var timestampOutOfRange: Int
        var gaps: Int
    }

    struct Event: Encodable {
        var start: String
        var end: String
        var windows: Int
        var peakScore: Double
    }

    struct Labels: Encodable {
        var rule: String
        var labelledWindows: Int
        var anomalousWindows: Int
    }

    struct Metrics: Encodable {
        var truePositives: Int
        var falsePositives: Int
        var trueNegatives: Int
        var falseNegatives: Int
        var precision: Double
        var recall: Double
        var f1: Double
        var rocAuc: Double?
        var accuracy: Double
    }

    var file: String
    var device: String
    var model: String
    var interrupted: Bool
    var recording: Recording
    var windows: Windows
    var readings: Readings
    var events: [Event]
    var labels: Labels?
    var metrics: Metrics?
    var database: String?
    var elapsedSeconds: Double
    var windowsPerSecond: Double
    var rowsPerSecond: Double

    init(_ summary: ReplaySummary) {
        file = summary.file
        device = summary.deviceID
        model = summary.modelVersion
        interrupted = summary.interrupted
        recording = Recording(
            start: summary.firstMicros.map { UTCTime.iso8601(micros: $0, fractionDigits: 6) },
            end: summary.lastMicros.map { UTCTime.iso8601(micros: $0, fractionDigits: 6) },
            durationSeconds: summary.durationSeconds, rows: summary.rowsRead, rowGroupsRead: summary.rowGroupsRead,
            rowGroups: summary.rowGroupCount)
        let counters = summary.windowing
        windows = Windows(
            scored: summary.windowsScored, flagged: summary.windowsFlagged, threshold: summary.threshold,
            committed: summary.windowsCommitted, dropped: counters.windowsDropped,
            droppedForGap: counters.windowsDroppedForGap,
            droppedForStaleHeartRate: counters.windowsDroppedForStaleHeartRate,
            droppedAtEndOfInput: counters.windowsDroppedAtEnd)
        readings = Readings(
            accepted: counters.readingsAccepted, dropped: counters.readingsDropped,
            duplicate: counters.readingsDuplicate, outOfOrder: counters.readingsOutOfOrder,
            withoutValues: counters.readingsWithoutValues, timestampOutOfRange: counters.readingsTimestampOutOfRange,
            gaps: counters.gaps)
        events = summary.events.map {
            Event(
                start: UTCTime.iso8601(micros: $0.startMicros, fractionDigits: 6),
                end: UTCTime.iso8601(micros: $0.endMicros, fractionDigits: 6), windows: $0.windowCount,
                peakScore: $0.peakScore)
        }
        if let metrics = summary.metrics {
            labels = Labels(
                rule: WindowLabelRule.description, labelledWindows: summary.labelledWindows,
                anomalousWindows: summary.anomalousWindows)
            self.metrics = Metrics(
                truePositives: metrics.confusion.truePositives, falsePositives: metrics.confusion.falsePositives,
                trueNegatives: metrics.confusion.trueNegatives, falseNegatives: metrics.confusion.falseNegatives,
                precision: metrics.precision, recall: metrics.recall, f1: metrics.f1, rocAuc: metrics.rocAUC,
                accuracy: metrics.accuracy)
        }
        database = summary.databasePath
        elapsedSeconds = summary.elapsedSeconds
        windowsPerSecond = summary.elapsedSeconds > 0 ? Double(summary.windowsScored) / summary.elapsedSeconds : 0
        rowsPerSecond = summary.elapsedSeconds > 0 ? Double(summary.rowsRead) / summary.elapsedSeconds : 0
    }
}
