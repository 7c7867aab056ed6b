/// Renders a replay report as one self-contained HTML file: inline CSS and SVG,
/// no scripts, no fonts or images from anywhere, so it opens offline on any machine.
extension ReplayReport {
    private static let width = 1100.0
    private static let panelHeight = 170.0
    private static let margin = (left: 64.0, right: 16.0, top: 14.0, bottom: 26.0)

    /// The complete HTML document.
    func html() -> String {
        let origin = [heartRate, accelerationX, score].compactMap(\.originMicros).min() ?? 0
        let end =
            [heartRate, accelerationX, score].compactMap { envelope in
                envelope.originMicros.map { $0 + envelope.spanMicros }
            }.max() ?? origin + 1_000_000
        let axis = TimeAxis(originMicros: origin, endMicros: max(end, origin + 1_000_000))

        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>edge-agent replay: \(escape(title))</title>
            <style>
            body{font-family:sans-serif;margin:24px;color:#222;max-width:\(Int(Self.width) + 40)px}
            h1{font-size:20px}h2{font-size:16px;margin:18px 0 4px}
            table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:3px 10px;text-align:left}
            .legend span{display:inline-block;margin-right:18px;font-size:13px}
            .swatch{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:middle}
            svg{display:block;background:#fcfcfc;border:1px solid #e4e4e4;margin-bottom:6px}
            </style></head><body>
            <h1>Replay of \(escape(title))</h1>
            <div class="legend">
            <span><span class="swatch" style="background:#f4a340;opacity:.45"></span>flagged by the model</span>
            <span><span class="swatch" style="background:#c62828"></span>labelled anomaly in the recording</span>
            </div>

            """
        page += "<h2>Heart rate (BPM)</h2>\n" + panel([(heartRate, "#c2185b")], axis: axis, unitLabel: "BPM")
        page += "<h2>Acceleration (m/s²): x, y, z</h2>\n"
        page += panel(
            [(accelerationX, "#1565c0"), (accelerationY, "#2e7d32"), (accelerationZ, "#6a1b9a")], axis: axis,
            unitLabel: "m/s²")
        page += "<h2>Anomaly score (probability; dashed: threshold \(ReplaySummary.fixed(threshold, 3)))</h2>\n"
        page += panel([(score, "#37474f")], axis: axis, unitLabel: "p", fixedRange: 0...1, thresholdLine: threshold)
        page += "<h2>Summary</h2>\n<table>\n"
        for row in summary { page += "<tr><th>\(escape(row.name))</th><td>\(escape(row.value))</td></tr>\n" }
        page += "</table>\n</body></html>\n"
        return page
    }

    /// One SVG panel: shaded flagged ranges, labelled-anomaly bars, then each series
    /// as a min–max band with its mean line, plus axes.
    private func panel(
        _ series: [(SeriesEnvelope, String)], axis: TimeAxis, unitLabel: String,
        fixedRange: ClosedRange<Double>? = nil, thresholdLine: Double? = nil
    ) -> String {
        let plot = (
            x: Self.margin.left, y: Self.margin.top, width: Self.width - Self.margin.left - Self.margin.right,
            height: Self.panelHeight - Self.margin.top - Self.margin.bottom
        )
        let ranges = series.compactMap { $0.0.valueRange }
        var low = fixedRange?.lowerBound ?? ranges.map(\.lowerBound).min() ?? 0
        var high = fixedRange?.upperBound ?? ranges.map(\.upperBound).max() ?? 1
        if high - low < 1e-9 {
            low -= 1
            high += 1
        }
        func x(_ micros: Int64) -> Double { plot.x + axis.fraction(micros) * plot.width }
        func y(_ value: Double) -> Double { plot.y + (1 - (value - low) / (high - low)) * plot.height }

        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.panelHeight))\""
        svg += " role=\"img\" aria-label=\"\(escape(unitLabel)) over time\">\n"
        for range in flaggedRanges {
            let left = x(range.lowerBound)
            svg += "<rect x=\"\(fmt(left))\" y=\"\(fmt(plot.y))\" width=\"\(fmt(max(1, x(range.upperBound) - left)))\""
            svg += " height=\"\(fmt(plot.height))\" fill=\"#f4a340\" fill-opacity=\"0.45\"/>\n"
        }
        for range in labelledRanges {
            let left = x(range.lowerBound)
            svg +=
                "<rect x=\"\(fmt(left))\" y=\"\(fmt(plot.y))\" width=\"\(fmt(max(1.5, x(range.upperBound) - left)))\""
            svg += " height=\"5\" fill=\"#c62828\"/>\n"
        }
        for (envelope, colour) in series {
            guard let origin = envelope.originMicros else { continue }
            var band: [String] = []
            var upper: [String] = []
            var lower: [String] = []
            // A line breaks only across a real gap (over 10 s and over two buckets), not
            // between sparse points such as one score per 5-second window.
            let gapBuckets = max(2, Int(10_000_000 / envelope.bucketMicros))
            var lastPresent = 0
            for (index, bucket) in envelope.buckets.enumerated() {
                guard let bucket else { continue }
                if index - lastPresent > gapBuckets, !band.isEmpty {
                    svg += polyline(band, colour)
                    band = []
                }
                lastPresent = index
                let time = origin + Int64(index) * envelope.bucketMicros + envelope.bucketMicros / 2
                band.append("\(fmt(x(time))),\(fmt(y(bucket.mean)))")
                upper.append("\(fmt(x(time))),\(fmt(y(bucket.maximum)))")
                lower.append("\(fmt(x(time))),\(fmt(y(bucket.minimum)))")
            }
            if !upper.isEmpty {
                svg += "<polygon points=\"\((upper + lower.reversed()).joined(separator: " "))\" fill=\"\(colour)\""
                svg += " fill-opacity=\"0.18\" stroke=\"none\"/>\n"
            }
            if !band.isEmpty { svg += polyline(band, colour) }
        }
        if let thresholdLine {
            svg += "<line x1=\"\(fmt(plot.x))\" x2=\"\(fmt(plot.x + plot.width))\" y1=\"\(fmt(y(thresholdLine)))\""
            svg += " y2=\"\(fmt(y(thresholdLine)))\" stroke=\"#d84315\" stroke-dasharray=\"5,4\"/>\n"
        }
        svg += axes(plot: plot, low: low, high: high, axis: axis)
        return svg + "</svg>\n"
    }

    private func polyline(_ points: [String], _ colour: String) -> String {
        "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.2\"/>\n"
    }

    private func axes(
        plot: (x: Double, y: Double, width: Double, height: Double), low: Double, high: Double, axis: TimeAxis
    ) -> String {
        var svg = "<g font-size=\"11\" fill=\"#555\" stroke=\"none\">\n"
        svg +=
            "<rect x=\"\(fmt(plot.x))\" y=\"\(fmt(plot.y))\" width=\"\(fmt(plot.width))\" height=\"\(fmt(plot.height))\""
        svg += " fill=\"none\" stroke=\"#bbb\"/>\n"
        for step in 0...4 {
            let value = low + (high - low) * Double(step) / 4
            let yPosition = plot.y + (1 - Double(step) / 4) * plot.height
            svg +=
                "<text x=\"\(fmt(plot.x - 6))\" y=\"\(fmt(yPosition + 4))\" text-anchor=\"end\">\(fmt(value))</text>\n"
        }
        for tick in axis.ticks() {
            let xPosition = plot.x + axis.fraction(tick) * plot.width
            svg += "<line x1=\"\(fmt(xPosition))\" x2=\"\(fmt(xPosition))\" y1=\"\(fmt(plot.y + plot.height))\""
            svg += " y2=\"\(fmt(plot.y + plot.height + 4))\" stroke=\"#999\"/>\n"
            svg += "<text x=\"\(fmt(xPosition))\" y=\"\(fmt(plot.y + plot.height + 16))\" text-anchor=\"middle\">"
            svg += UTCTime.timeOfDay(micros: tick) + "</text>\n"
        }
        return svg + "</g>\n"
    }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            .replacing("\"", with: "&quot;")
    }
}

/// Maps time to the horizontal axis and picks round tick times (UTC).
struct TimeAxis {
    var originMicros: Int64
    var endMicros: Int64

    func fraction(_ micros: Int64) -> Double {
        Double(micros - originMicros) / Double(endMicros - originMicros)
    }

    /// Between 3 and about 10 ticks on round seconds, minutes or hours.
    func ticks() -> [Int64] {
        let steps: [Int64] = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400]
        let span = endMicros - originMicros
        let step = (steps.first { span / ($0 * 1_000_000) <= 10 } ?? 86_400) * 1_000_000
        var tick = (originMicros / step + 1) * step
        var result: [Int64] = []
        while tick < endMicros {
            result.append(tick)
            tick += step
        }
        return result
    }
}
