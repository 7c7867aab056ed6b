import SensorIO
import Testing

/// One simulated day at the default 5 % anomaly rate, analysed independently of the
/// generator's own counters: from timestamps, labels and values only.
struct DayAnalysis: Sendable {
    static let fullScale = 8 * 9.80665
    static let stepMicros: Int64 = 20_000

    var summary: SimulationSummary
    var rows = 0
    var windowsWithRows = 0
    var anomalousWindows = 0
    var labelledRows = 0
    var labelledRowsInFirstMinute = 0
    // Timing.
    var nonIncreasingSteps = 0
    var offGridSteps = 0
    var gaps = 0
    var gapsNextToUnlabelledRows = 0
    // Outside anomalies.
    var normalHeartRateOutOfRange = 0
    var normalAccelerationOutOfRange = 0
    var normalFreeFallRows = 0
    var normalRailRows = 0
    var normalHeartRateChanges = 0
    var normalWindows = 0
    var normalWindowsWithConstantHeartRate = 0
    // Signatures inside anomalies.
    var labelledTachycardiaRows = 0
    var labelledBradycardiaRows = 0
    var labelledHeartRateJumps = 0
    var labelledFreeFallRows = 0
    var labelledImpactRows = 0
    var labelledRailRows = 0
    var frozenRuns = 0
    var frozenRunsUnlabelled = 0

    /// The shared analysis (generated once for all tests of the suite), or why it failed.
    static let shared: (analysis: DayAnalysis?, error: String?) = {
        do { return (try make(), nil) } catch { return (nil, "\(error)") }
    }()

    static func make() throws -> DayAnalysis {
        let options = SimulationOptions(
            sampleCount: SimulationOptions.samples(hours: 24), anomalyRate: 0.05, seed: 2024)
        var analysis = DayAnalysis(summary: try Simulator.generate(SimulationOptions(sampleCount: 1)) { _ in })
        var windowIndex = -1
        var windowRows = 0
        var windowLabelled = 0
        var windowHeartRates: Set<Double> = []
        var previous: (time: Int64, hr: Double, x: Double, y: Double, z: Double, label: Int32)?
        var frozenLength = 0
        var frozenLabelled = true
        let start = options.startTimestampMicros

        func closeWindow() {
            guard windowRows > 0 else { return }
            analysis.windowsWithRows += 1
            if WindowLabelRule.isAnomalous(labelledSamples: windowLabelled) { analysis.anomalousWindows += 1 }
            if windowLabelled == 0 && windowRows == WindowLabelRule.windowLength {
                analysis.normalWindows += 1
                if windowHeartRates.count == 1 { analysis.normalWindowsWithConstantHeartRate += 1 }
            }
        }
        func closeFrozenRun() {
            if frozenLength >= 50 {
                analysis.frozenRuns += 1
                if !frozenLabelled { analysis.frozenRunsUnlabelled += 1 }
            }
        }

        analysis.summary = try Simulator.generate(options) { chunk in
            for row in 0..<chunk.count {
                let time = chunk.timestamps[row]
                let (hr, x, y, z, label) = (
                    chunk.heartRate[row], chunk.accelX[row], chunk.accelY[row], chunk.accelZ[row], chunk.labels[row]
                )
                analysis.rows += 1
                let window = Int((time - start) / stepMicros) / WindowLabelRule.windowLength
                if window != windowIndex {
                    closeWindow()
                    windowIndex = window
                    windowRows = 0
                    windowLabelled = 0
                    windowHeartRates.removeAll(keepingCapacity: true)
                }
                windowRows += 1
                windowHeartRates.insert(hr)
                if label != 0 { windowLabelled += 1 }

                let magnitude = (x * x + y * y + z * z).squareRoot()
                // The 16-bit converter's rails: -32768 and +32767 counts of fullScale / 32768.
                let onRail = [x, y, z].contains { abs($0) >= fullScale * 32_767 / 32_768 }
                if label == 0 {
                    if hr < 48 || hr > 180 { analysis.normalHeartRateOutOfRange += 1 }
                    if [x, y, z].contains(where: { abs($0) > fullScale }) {
                        analysis.normalAccelerationOutOfRange += 1
                    }
                    if magnitude < 2.5 { analysis.normalFreeFallRows += 1 }
                    if onRail { analysis.normalRailRows += 1 }
                } else {
                    analysis.labelledRows += 1
                    if time - start < 60_000_000 { analysis.labelledRowsInFirstMinute += 1 }
                    if hr >= 140 { analysis.labelledTachycardiaRows += 1 }
                    if hr <= 48 { analysis.labelledBradycardiaRows += 1 }
                    if magnitude < 2.5 { analysis.labelledFreeFallRows += 1 }
                    if magnitude > 3 * 9.80665 { analysis.labelledImpactRows += 1 }
                    if onRail { analysis.labelledRailRows += 1 }
                }

                if let last = previous {
                    let step = time - last.time
                    if step <= 0 { analysis.nonIncreasingSteps += 1 }
                    if step % stepMicros != 0 { analysis.offGridSteps += 1 }
                    if step > stepMicros {
                        analysis.gaps += 1
                        // Gaps sit inside episodes: both neighbours are labelled.
                        if label == 0 || last.label == 0 { analysis.gapsNextToUnlabelledRows += 1 }
                    }
                    if hr != last.hr {
                        if label == 0 && last.label == 0 { analysis.normalHeartRateChanges += 1 }
                        if label != 0 && last.label != 0 && abs(hr - last.hr) >= 20 {
                            analysis.labelledHeartRateJumps += 1
                        }
                    }
                    if x == last.x && y == last.y && z == last.z {
                        frozenLength += 1
                        frozenLabelled = frozenLabelled && label != 0
                    } else {
                        closeFrozenRun()
                        // A run's first row is the last real reading; the repeats after it must be labelled.
                        frozenLength = 1
                        frozenLabelled = true
                    }
                }
                previous = (time, hr, x, y, z, label)
            }
        }
        closeWindow()
        closeFrozenRun()
        return analysis
    }
}

@Suite struct SimulationDayTests {
    private func day() throws -> DayAnalysis {
        let shared = DayAnalysis.shared
        guard let analysis = shared.analysis else {
            Issue.record("simulation failed: \(shared.error ?? "unknown")")
            throw CancellationError()
        }
        return analysis
    }

    @Test func anomalousWindowShareIsWithinTenPercentOfTheRequestedRate() throws {
        let day = try day()
        #expect(day.windowsWithRows == 17_280)
        let share = Double(day.anomalousWindows) / Double(day.windowsWithRows)
        #expect(abs(share - 0.05) <= 0.005, "anomalous window share \(share)")
        // The generator's own count agrees with the independent one.
        #expect(day.summary.anomalousWindows == day.anomalousWindows)
        #expect(day.summary.labelledRows == day.labelledRows)
        #expect(day.summary.rows == day.rows)
    }

    @Test func everyAnomalyKindOccursAndIsLabelled() throws {
        let day = try day()
        for kind in AnomalyKind.allCases {
            #expect((day.summary.episodesByKind[kind] ?? 0) >= 1, "no \(kind) episode")
            #expect((day.summary.labelledRowsByKind[kind] ?? 0) >= 50, "\(kind) labels too few")
        }
        // Each kind's signature is in the data, and only under labels.
        #expect(day.labelledTachycardiaRows > 1_000)
        #expect(day.labelledBradycardiaRows > 1_000)
        #expect(day.labelledHeartRateJumps > 20, "irregular rhythm jumps")
        #expect(day.labelledFreeFallRows > 10 && day.normalFreeFallRows == 0, "free fall")
        #expect(day.labelledImpactRows > 3, "fall impacts")
        #expect(day.labelledRailRows > 100 && day.normalRailRows == 0, "saturation")
        #expect(day.gaps > 3 && day.gapsNextToUnlabelledRows == 0, "dropout gaps")
        #expect(day.frozenRuns > 0 && day.frozenRunsUnlabelled == 0, "flatline")
    }

    @Test func physiologicalRangesHoldOutsideAnomalies() throws {
        let day = try day()
        #expect(day.labelledRowsInFirstMinute == 0, "a file starts with a normal minute")
        #expect(day.normalHeartRateOutOfRange == 0)
        #expect(day.normalAccelerationOutOfRange == 0)
        #expect(day.nonIncreasingSteps == 0)
        #expect(day.offGridSteps == 0)
        // Heart rate arrives about once a second and is held on the 50 Hz grid.
        let changesPerSecond = Double(day.normalHeartRateChanges) / (Double(day.rows) / 50)
        #expect(changesPerSecond > 0.3 && changesPerSecond <= 1.12, "HR changes per second \(changesPerSecond)")
        // A heart rate that does not change for a whole window is the stuck-heart-rate fault's
        // signature; normal data must rarely show it (a hard floor once pinned sleep at 60 BPM).
        let constantShare = Double(day.normalWindowsWithConstantHeartRate) / Double(max(1, day.normalWindows))
        #expect(day.normalWindows > 10_000 && constantShare < 0.02, "constant-HR normal windows \(constantShare)")
        #expect(day.summary.meanNormalHeartRateBPM > 60 && day.summary.meanNormalHeartRateBPM < 100)
        let activity = day.summary.activityShare
        #expect((activity[.rest] ?? 0) > 0.4 && (activity[.walking] ?? 0) > 0.02 && (activity[.running] ?? 0) > 0.002)
    }
}
