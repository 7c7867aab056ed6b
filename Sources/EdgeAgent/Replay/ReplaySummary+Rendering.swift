import Model
import SensorIO

extension ReplaySummary {
    /// The summary for people.
    func text() -> String {
        var lines: [String] = []
        let status = interrupted ? " (interrupted: the windows below were committed)" : ""
        lines.append("Replay of \(file)\(status)")
        lines.append("  device       \(deviceID)   model \(modelVersion)")
        if let firstMicros, let lastMicros {
            lines.append(
                "  recording    \(UTCTime.iso8601(micros: firstMicros)) to \(UTCTime.iso8601(micros: lastMicros))"
                    + " (\(Self.duration(durationSeconds)), \(rowsRead) rows, \(rowGroupsRead) of \(rowGroupCount) row groups)"
            )
        } else {
            lines.append("  recording    no rows")
        }
        lines.append(
            "  windows      \(windowsScored) scored, \(windowsFlagged) flagged at threshold \(Self.fixed(threshold, 3)), "
                + "\(windowing.windowsDropped) dropped\(droppedWindowReasons())")
        if windowing.readingsDropped > 0 {
            lines.append("  readings     \(windowing.readingsDropped) dropped\(droppedReadingReasons())")
        }
        lines.append("  events       \(events.count)")
        for (index, event) in events.prefix(20).enumerated() {
            let seconds = Double(event.endMicros - event.startMicros) / 1e6
            lines.append(
                "    \(index + 1). \(UTCTime.iso8601(micros: event.startMicros)) to "
                    + "\(UTCTime.timeOfDay(micros: event.endMicros)) (\(Self.duration(seconds)), "
                    + "\(event.windowCount) windows, peak \(Self.fixed(event.peakScore, 3)))")
        }
        if events.count > 20 { lines.append("    … \(events.count - 20) more (see --json or the database)") }
        if let metrics {
            lines.append(
                "  labels       \(labelledWindows) labelled windows, \(anomalousWindows) anomalous "
                    + "(\(WindowLabelRule.description))")
            let confusion = metrics.confusion
            lines.append(
                "  confusion    TP \(confusion.truePositives)  FP \(confusion.falsePositives)  "
                    + "TN \(confusion.trueNegatives)  FN \(confusion.falseNegatives)")
            lines.append(
                "  metrics      precision \(Self.fixed(metrics.precision, 3))  recall \(Self.fixed(metrics.recall, 3))  "
                    + "F1 \(Self.fixed(metrics.f1, 3))  ROC AUC \(metrics.rocAUC.map { Self.fixed($0, 4) } ?? "n/a")  "
                    + "accuracy \(Self.fixed(metrics.accuracy, 3))")
        } else {
            lines.append("  labels       none in the file: no metrics")
        }
        lines.append(
            "  store        \(windowsCommitted) windows committed to \(databasePath ?? "a temporary database (removed)")"
        )
        let rate = elapsedSeconds > 0 ? Double(windowsScored) / elapsedSeconds : 0
        lines.append(
            "  speed        \(Self.fixed(elapsedSeconds, 2)) s: \(Int(rate)) windows/s, "
                + "\(Int(elapsedSeconds > 0 ? Double(rowsRead) / elapsedSeconds : 0)) rows/s")
        return lines.joined(separator: "\n") + "\n"
    }

    private func droppedWindowReasons() -> String {
        let reasons = [
            ("gap", windowing.windowsDroppedForGap), ("stale heart rate", windowing.windowsDroppedForStaleHeartRate),
            ("end of input", windowing.windowsDroppedAtEnd),
        ].filter { $0.1 > 0 }
        return reasons.isEmpty ? "" : " (" + reasons.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")"
    }

    private func droppedReadingReasons() -> String {
        let reasons = [
            ("duplicate", windowing.readingsDuplicate), ("out of order", windowing.readingsOutOfOrder),
            ("no values", windowing.readingsWithoutValues),
            ("timestamp out of range", windowing.readingsTimestampOutOfRange),
        ].filter { $0.1 > 0 }
        return reasons.isEmpty ? "" : " (" + reasons.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")"
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        } else if digits > 0 {
            text += "." + String(repeating: "0", count: digits)
        }
        return text
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \(total / 60 % 60) min"
    }
}

extension ReplaySummary {
    /// The summary table of the HTML report.
    func reportRows() -> [(name: String, value: String)] {
        var rows: [(name: String, value: String)] = [
            ("recording", file), ("device", deviceID), ("model", modelVersion),
            ("duration replayed", Self.duration(durationSeconds)), ("rows read", String(rowsRead)),
            ("windows scored", String(windowsScored)),
            ("windows flagged", "\(windowsFlagged) (threshold \(Self.fixed(threshold, 3)))"),
            ("windows dropped", String(windowing.windowsDropped)), ("events", String(events.count)),
        ]
        if let metrics {
            let confusion = metrics.confusion
            rows.append(("labelled windows", "\(labelledWindows) (\(anomalousWindows) anomalous)"))
            rows.append(
                (
                    "confusion matrix",
                    "TP \(confusion.truePositives), FP \(confusion.falsePositives), "
                        + "TN \(confusion.trueNegatives), FN \(confusion.falseNegatives)"
                ))
            rows.append(("precision", Self.fixed(metrics.precision, 3)))
            rows.append(("recall", Self.fixed(metrics.recall, 3)))
            rows.append(("F1", Self.fixed(metrics.f1, 3)))
            rows.append(("ROC AUC", metrics.rocAUC.map { Self.fixed($0, 4) } ?? "n/a"))
        }
        return rows
    }
}
