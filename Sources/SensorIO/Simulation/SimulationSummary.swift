/// What one simulated client's data holds: the `--describe` printout.
public struct SimulationSummary: Sendable {
    /// Where the data was written (empty when generated in memory).
    public var path: String
    /// The client's population parameters.
    public var profile: ClientProfile
    /// The rate asked for on the command line.
    public var requestedAnomalyRate: Double
    /// The rate this client was scheduled for (differs from the request only with several clients).
    public var scheduledAnomalyRate: Double
    /// Grid rate in Hz.
    public var sampleRateHz: Int
    /// Grid samples generated (rows plus samples lost in dropout gaps).
    public var gridSamples: Int
    /// Rows in the output.
    public var rows: Int
    /// Rows labelled anomalous.
    public var labelledRows: Int
    /// Non-overlapping 250-sample windows with at least one row.
    public var windows: Int
    /// Of those, the windows `WindowLabelRule` calls anomalous.
    public var anomalousWindows: Int
    /// Episodes per anomaly kind.
    public var episodesByKind: [AnomalyKind: Int]
    /// Labelled rows per anomaly kind.
    public var labelledRowsByKind: [AnomalyKind: Int]
    /// Share of grid time per activity.
    public var activityShare: [Activity: Double]
    /// Mean heart rate over all rows, BPM.
    public var meanHeartRateBPM: Double
    /// Mean heart rate over rows outside anomalies, BPM.
    public var meanNormalHeartRateBPM: Double
    /// Lowest and highest heart rate outside anomalies, BPM.
    public var normalHeartRateRangeBPM: ClosedRange<Double>
    /// Mean of | |a| - g |, m/s²: how much the wearer moves.
    public var meanMotion: Double
    /// Size of the written file in bytes (0 when generated in memory).
    public var fileBytes: Int64

    /// Share of windows that are anomalous.
    public var anomalousWindowShare: Double { windows == 0 ? 0 : Double(anomalousWindows) / Double(windows) }
    /// Share of rows that are labelled.
    public var labelledRowShare: Double { rows == 0 ? 0 : Double(labelledRows) / Double(rows) }

    init(path: String, options: SimulationOptions, profile: ClientProfile, statistics: SimulationStatistics) {
        self.path = path
        self.profile = profile
        requestedAnomalyRate = options.anomalyRate
        scheduledAnomalyRate = options.effectiveAnomalyRate
        sampleRateHz = options.sampleRateHz
        gridSamples = statistics.gridSamples
        rows = statistics.rows
        labelledRows = statistics.labelledRows
        windows = statistics.windows
        anomalousWindows = statistics.anomalousWindows
        var episodes: [AnomalyKind: Int] = [:]
        var labelled: [AnomalyKind: Int] = [:]
        for kind in AnomalyKind.allCases {
            episodes[kind] = statistics.episodes[kind.rawValue]
            labelled[kind] = statistics.labelledRowsByKind[kind.rawValue]
        }
        episodesByKind = episodes
        labelledRowsByKind = labelled
        var shares: [Activity: Double] = [:]
        for activity in Activity.allCases {
            shares[activity] =
                statistics.gridSamples == 0
                ? 0 : Double(statistics.activitySamples[activity.rawValue]) / Double(statistics.gridSamples)
        }
        activityShare = shares
        let normalRows = statistics.rows - statistics.labelledRows
        meanHeartRateBPM = statistics.rows == 0 ? 0 : statistics.heartRateSum / Double(statistics.rows)
        meanNormalHeartRateBPM = normalRows == 0 ? 0 : statistics.normalHeartRateSum / Double(normalRows)
        normalHeartRateRangeBPM =
            normalRows == 0 ? 0...0 : statistics.normalHeartRateMinimum...statistics.normalHeartRateMaximum
        meanMotion = statistics.rows == 0 ? 0 : statistics.motionSum / Double(statistics.rows)
        fileBytes = 0
    }

    /// A short human-readable report (the `--describe` output).
    public var text: String {
        var lines: [String] = []
        let hours = Double(gridSamples) / Double(sampleRateHz) / 3600
        lines.append("client \(profile.clientID)\(path.isEmpty ? "" : ": \(path)")")
        lines.append(
            "  rows \(rows) of \(gridSamples) grid samples (\(format(hours, 2)) h at \(sampleRateHz) Hz), "
                + "\(gridSamples - rows) lost in dropout gaps")
        lines.append(
            "  anomalous windows \(anomalousWindows)/\(windows) = \(format(anomalousWindowShare * 100, 2)) % "
                + "(requested \(format(requestedAnomalyRate * 100, 2)) %, scheduled \(format(scheduledAnomalyRate * 100, 2)) %); "
                + "labelled rows \(format(labelledRowShare * 100, 2)) %")
        lines.append(
            "  heart rate mean \(format(meanHeartRateBPM, 1)) BPM, outside anomalies \(format(meanNormalHeartRateBPM, 1)) BPM "
                + "(\(format(normalHeartRateRangeBPM.lowerBound, 0))-\(format(normalHeartRateRangeBPM.upperBound, 0))), "
                + "resting \(format(profile.restingHeartRateBPM, 1)) BPM")
        let activities = Activity.allCases.map { "\($0) \(format((activityShare[$0] ?? 0) * 100, 1)) %" }
        lines.append("  activity \(activities.joined(separator: ", ")); mean motion \(format(meanMotion, 3)) m/s^2")
        lines.append("  episodes (labelled rows):")
        for kind in AnomalyKind.allCases {
            let name = "\(kind.family)/\(kind)".padding(toLength: 28)
            lines.append("    \(name) \(episodesByKind[kind] ?? 0) (\(labelledRowsByKind[kind] ?? 0))")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}

/// Fixed-point formatting without Foundation: `digits` decimals, rounded half away from zero.
private func format(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    let fraction = Int(scaled - Double(whole) * scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard digits > 0 else { return "\(sign)\(whole)" }
    let fractionText = String(fraction)
    return "\(sign)\(whole)." + String(repeating: "0", count: digits - fractionText.count) + fractionText
}
