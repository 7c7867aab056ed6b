import Foundation
import TestSupport
import Testing

@testable import EdgeAgent

@Suite struct ReplayReportTests {
    @Test func envelopeStaysBoundedAndKeepsExtremes() {
        var envelope = SeriesEnvelope(maximumBuckets: 64)
        // One hour at 50 Hz with a single spike.
        for index in 0..<180_000 {
            let value = index == 123_456 ? 250.0 : 70.0 + Double(index % 10)
            envelope.add(timeMicros: 1_700_000_000_000_000 + Int64(index) * 20_000, value: value)
        }
        #expect(envelope.buckets.count <= 64)
        #expect(envelope.valueRange == 70...250)
        let total = envelope.buckets.compactMap { $0?.count }.reduce(0, +)
        #expect(total == 180_000)
    }

    @Test func utcFormattingMatchesTheCalendar() {
        #expect(UTCTime.iso8601(micros: 0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.iso8601(micros: 1_700_000_000_000_000) == "2023-11-14T22:13:20Z")
        #expect(UTCTime.iso8601(micros: 951_782_400_123_456, fractionDigits: 6) == "2000-02-29T00:00:00.123456Z")
        #expect(UTCTime.iso8601(micros: -1) == "1969-12-31T23:59:59Z")
        #expect(UTCTime.iso8601(micros: 4_102_444_800_000_000, fractionDigits: 3) == "2100-01-01T00:00:00.000Z")
    }

    private func sampleReport() -> ReplayReport {
        var report = ReplayReport(title: "ward <B> & co.parquet")
        let start: Int64 = 1_700_000_000_000_000
        for index in 0..<(50 * 600) {
            let time = start + Int64(index) * 20_000
            let phase = Double(index) / 50
            report.heartRate.add(timeMicros: time, value: 72 + 8 * sin(phase / 60))
            report.accelerationX.add(timeMicros: time, value: sin(phase))
            report.accelerationY.add(timeMicros: time, value: cos(phase))
            report.accelerationZ.add(timeMicros: time, value: 9.81)
        }
        for window in 0..<120 {
            let windowStart = start + Int64(window) * 5_000_000
            report.add(
                ReplayReport.Window(
                    startMicros: windowStart, endMicros: windowStart + 5_000_000,
                    score: window % 40 == 7 ? 0.93 : 0.04, isFlagged: window % 40 == 7,
                    isLabelledAnomalous: window % 40 == 7 || window == 90))
        }
        report.summary = [("windows scored", "120"), ("events", "3")]
        return report
    }

    @Test func htmlIsSelfContainedAndEscaped() {
        let html = sampleReport().html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("@import"))
        #expect(!html.replacing("xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http"))
        #expect(html.contains("ward &lt;B&gt; &amp; co.parquet"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("fill=\"#f4a340\""))
        #expect(html.contains("<th>windows scored</th><td>120</td>"))
    }

    @Test func chromiumRendersTheReport() throws {
        let directory = try TestEnvironment.temporaryDirectory("report")
        let reportFile = directory.appendingPathComponent("report.html")
        try sampleReport().html().write(to: reportFile, atomically: true, encoding: .utf8)
        let blankFile = directory.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blankFile, atomically: true, encoding: .utf8)

        func screenshot(_ page: URL, _ name: String) throws -> Data {
            let output = directory.appendingPathComponent(name)
            let result = try runProcess(
                "/usr/bin/chromium",
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1100",
                    "--user-data-dir=\(directory.appendingPathComponent("profile-\(name)").path)",
                    "--screenshot=\(output.path)", page.absoluteString,
                ])
            #expect(result.status == 0, "\(result.standardError)")
            return try Data(contentsOf: output)
        }
        let rendered = try screenshot(reportFile, "report.png")
        let blank = try screenshot(blankFile, "blank.png")
        #expect(rendered.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // Plots, text and shading compress far worse than an empty page.
        #expect(rendered.count > blank.count * 5, "report \(rendered.count) bytes, blank \(blank.count) bytes")
    }
}
