import Testing

@testable import SensorIO

@Suite struct WindowerTests {
    /// 50 Hz rows with HR on every row: x = i, y = -i, z = i / 2, hr = 60 + i / 50.
    private func constantRate(samples: Int) -> Columns {
        var columns = Columns()
        for i in 0..<samples {
            columns.add(
                testEpoch + Int64(i) * 20_000, hr: 60 + Double(i / 50), x: Double(i), y: -Double(i),
                z: Double(i) / 2)
        }
        return columns
    }

    @Test func constantRateStreamGivesExactWindows() throws {
        let windower = try Windower()
        let windows = try constantRate(samples: 1000).bulkWindows(windower)
        #expect(windows.count == 4)
        for (k, window) in windows.enumerated() {
            #expect(window.startMicros == testEpoch + Int64(k) * 5_000_000)
            #expect(window.endMicros == window.startMicros + 5_000_000)
            let first = k * 250
            #expect(Array(window.channel(0)) == (first..<(first + 250)).map { Float(60 + $0 / 50) })
            #expect(Array(window.channel(1)) == (first..<(first + 250)).map { Float($0) })
            #expect(Array(window.channel(2)) == (first..<(first + 250)).map { -Float($0) })
            #expect(Array(window.channel(3)) == (first..<(first + 250)).map { Float($0) / 2 })
            #expect(window.anomalousSamples == nil)
        }
        let counters = windower.totalCounters
        #expect(counters.windowsEmitted == 4)
        #expect(counters.readingsAccepted == 1000)
        #expect(counters.windowsDropped == 0)
        #expect(counters.readingsDropped == 0)
    }

    @Test func halfOverlapHopGivesOverlappingWindows() throws {
        let windower = try Windower(configuration: WindowerConfiguration(hop: 125))
        let windows = try constantRate(samples: 1000).bulkWindows(windower)
        // Starts at 0, 125, …, 750: seven full windows; the one starting at 875 is partial.
        #expect(windows.count == 7)
        for (k, window) in windows.enumerated() {
            #expect(window.startMicros == testEpoch + Int64(k) * 125 * 20_000)
            #expect(Array(window.channel(1)) == (k * 125..<(k * 125 + 250)).map { Float($0) })
        }
        #expect(windower.totalCounters.windowsDroppedAtEnd == 1)
    }

    @Test func hopLongerThanWindowSkipsSamples() throws {
        let windower = try Windower(configuration: WindowerConfiguration(hop: 300))
        let windows = try constantRate(samples: 1000).bulkWindows(windower)
        #expect(windows.map(\.startMicros) == [0, 300, 600].map { testEpoch + Int64($0) * 20_000 })
        #expect(windows[1].channel(1).first == 300)
    }

    @Test func samplesWaitForTheFirstHeartRate() throws {
        var columns = Columns()
        for i in 0..<600 {
            let time = testEpoch + Int64(i) * 20_000
            columns.add(time, x: Double(i), y: 0, z: 0)
            // Heart rate at 1 Hz, first at 0.5 s.
            if i % 50 == 25 { columns.add(time + 1, hr: 70 + Double(i / 50)) }
        }
        let windower = try Windower()
        let windows = try columns.bulkWindows(windower)
        #expect(windows.count == 2)
        // Grid 0.5 s itself comes before the heart rate that follows it by 1 µs.
        #expect(windows[0].startMicros == testEpoch + 520_000)
        #expect(windower.totalCounters.samplesWithoutHeartRate == 26)
        // Held: the sample at 1.52 s uses the heart rate read at 1.50 s + 1 µs.
        #expect(windows[0].channel(0)[0] == 70)
        #expect(windows[0].channel(0)[(1_520_000 - 520_000) / 20_000] == 71)
        #expect(windows[0].channel(0)[(1_500_000 - 520_000) / 20_000] == 70)
    }

    @Test func staleHeartRateDropsTheWindow() throws {
        var columns = Columns()
        for i in 0..<1000 {
            // Heart rate only during the first 2 s, then it stops; acceleration carries on.
            columns.add(testEpoch + Int64(i) * 20_000, hr: i < 100 ? 80 : .nan, x: 1, y: 2, z: 3)
        }
        let windower = try Windower(configuration: WindowerConfiguration(maxHeartRateAgeMicros: 3_000_000))
        let windows = try columns.bulkWindows(windower)
        // Samples until 2 s + 3 s of holding = 250 samples exactly: one window, then stale.
        #expect(windows.count == 1)
        #expect(windower.totalCounters.samplesWithStaleHeartRate == 1000 - 250)
        #expect(windower.totalCounters.windowsDroppedForStaleHeartRate == 0)
    }

    @Test func invalidConfigurationIsRejected() {
        #expect(throws: WindowerError.self) { try Windower(configuration: WindowerConfiguration(hop: 0)) }
        #expect(throws: WindowerError.self) {
            try Windower(configuration: WindowerConfiguration(maxGapMicros: 10))
        }
    }

    @Test func mismatchedColumnsAreRejectedBeforeUse() throws {
        let windower = try Windower()
        #expect(
            throws: WindowerError.columnLengthMismatch(deviceID: "s", column: "accelerationY", count: 1, expected: 2)
        ) {
            try windower.append(
                deviceID: "s", timestamps: [0, 20_000], heartRate: [60, 60], accelerationX: [0, 0], accelerationY: [0],
                accelerationZ: [0, 0]
            ) { _ in }
        }
        #expect(windower.counters(for: "s").readingsAccepted == 0)
    }

    @Test func labelsAreCountedPerWindow() throws {
        var columns = Columns()
        for i in 0..<500 {
            columns.add(testEpoch + Int64(i) * 20_000, hr: 70, x: 0, y: 0, z: 0, label: (100..<140).contains(i) ? 1 : 0)
        }
        let windower = try Windower()
        let windows = try columns.bulkWindows(windower, withLabels: true)
        #expect(windows.map(\.anomalousSamples) == [40, 0])
        #expect(windows.map(\.labelledSamples) == [250, 250])
        // Without labels the count is unknown.
        let unlabelled = try columns.bulkWindows(try Windower())
        #expect(unlabelled.map(\.anomalousSamples) == [nil, nil])
    }
}
