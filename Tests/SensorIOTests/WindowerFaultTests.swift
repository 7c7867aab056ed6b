import Testing

@testable import SensorIO

@Suite struct WindowerFaultTests {
    /// 50 Hz rows with HR on each row, for `count` samples from `start` (sample index `first`).
    private func add(_ columns: inout Columns, from first: Int, count: Int, startMicros: Int64) {
        for i in 0..<count {
            columns.add(startMicros + Int64(i) * 20_000, hr: 75, x: Double(first + i), y: 0, z: 1)
        }
    }

    @Test func gapDropsThePartialWindowWithItsReason() throws {
        var columns = Columns()
        add(&columns, from: 0, count: 300, startMicros: testEpoch)
        // 2 s of silence (longer than the 1 s limit), then 300 more samples.
        add(&columns, from: 300, count: 300, startMicros: testEpoch + 300 * 20_000 + 2_000_000)
        let windower = try Windower()
        let windows = try columns.bulkWindows(windower)
        #expect(windows.count == 2)
        #expect(windows[1].startMicros == testEpoch + 300 * 20_000 + 2_000_000)
        #expect(windows[1].channel(1).first == 300)
        let counters = windower.totalCounters
        #expect(counters.gaps == 1)
        #expect(counters.windowsDroppedForGap == 1)
        #expect(counters.windowsDroppedAtEnd == 1)
    }

    @Test func shortSilenceIsInterpolatedNotAGap() throws {
        var columns = Columns()
        add(&columns, from: 0, count: 100, startMicros: testEpoch)
        // 0.5 s without readings: under the limit, so the grid is filled across it.
        add(&columns, from: 125, count: 200, startMicros: testEpoch + 125 * 20_000)
        let windower = try Windower()
        let windows = try columns.bulkWindows(windower)
        #expect(windows.count == 1)
        #expect(Array(windows[0].channel(1)) == (0..<250).map { Float($0) })
        #expect(windower.totalCounters.gaps == 0)
    }

    @Test func nanValuesCountAsAGap() throws {
        var columns = Columns()
        add(&columns, from: 0, count: 200, startMicros: testEpoch)
        for i in 200..<300 { columns.add(testEpoch + Int64(i) * 20_000, hr: .nan, x: .nan, y: .nan, z: .nan) }
        add(&columns, from: 300, count: 300, startMicros: testEpoch + 300 * 20_000)
        let windower = try Windower()
        let windows = try columns.bulkWindows(windower)
        #expect(windows.count == 1)
        #expect(windows[0].startMicros == testEpoch + 300 * 20_000)
        let counters = windower.totalCounters
        #expect(counters.readingsWithoutValues == 100)
        #expect(counters.gaps == 1)
        #expect(counters.windowsDroppedForGap == 1)
    }

    @Test func duplicatesAndOutOfOrderReadingsAreDroppedAndCounted() throws {
        var clean = Columns()
        add(&clean, from: 0, count: 500, startMicros: testEpoch)
        var faulty = Columns()
        for i in 0..<500 {
            let time = testEpoch + Int64(i) * 20_000
            faulty.add(time, hr: 75, x: Double(i), y: 0, z: 1)
            if i % 50 == 10 { faulty.add(time, hr: 75, x: 999, y: 0, z: 1) }  // duplicate
            if i % 100 == 20 { faulty.add(time - 30_000, hr: 75, x: -999, y: 0, z: 1) }  // late
        }
        let windower = try Windower()
        let windows = try faulty.bulkWindows(windower)
        #expect(windows == (try clean.bulkWindows(try Windower())))
        let counters = windower.totalCounters
        #expect(counters.readingsDuplicate == 10)
        #expect(counters.readingsOutOfOrder == 5)
        #expect(counters.readingsAccepted == 500)
    }

    @Test func negativeTimestampsAreRejected() throws {
        let windower = try Windower()
        windower.append(Reading(deviceID: "s", timestampMicros: -5, heartRateBPM: 60)) { _ in }
        #expect(windower.counters(for: "s").readingsTimestampOutOfRange == 1)
    }

    @Test func extremeValuesAreCountedNotCrashedOn() throws {
        let windower = try Windower()
        var columns = Columns()
        let times: [Int64] = [.max, .min, 1 << 62, 0, -1, (1 << 62) - 20_000]
        let values: [Double] = [.infinity, -.infinity, .nan, 1e300, -1e300, .greatestFiniteMagnitude, 0]
        for (index, time) in times.enumerated() {
            for value in values {
                columns.add(time, hr: value, x: value, y: 0, z: 0, label: Int8(truncatingIfNeeded: index))
            }
        }
        var windows: [CollectedWindow] = []
        try windower.append(
            deviceID: "s", timestamps: columns.timestamps, heartRate: columns.heartRate, accelerationX: columns.x,
            accelerationY: columns.y, accelerationZ: columns.z, labels: columns.labels
        ) { windows.append(CollectedWindow($0)) }
        let counters = windower.totalCounters
        #expect(windows.isEmpty)
        #expect(counters.readingsTimestampOutOfRange == 3 * values.count)
        // Only the finite 0 rows are usable; everything else has no value in Float range.
        #expect(counters.readingsAccepted + counters.readingsOutOfOrder + counters.readingsDuplicate == 3)
        #expect(counters.readingsWithoutValues == 3 * (values.count - 1))
    }

    @Test func bulkAndStreamingGiveIdenticalWindows() throws {
        // Irregular input: jittered ~100 Hz acceleration, 1 Hz heart rate in separate rows,
        // duplicates, late rows, a gap, NaN rows and labels.
        var generator = SplitMix(seed: 42)
        var columns = Columns()
        var time: Int64 = testEpoch + 3_000
        var nextHeartRate = testEpoch
        for i in 0..<12_000 {
            if nextHeartRate <= time {
                columns.add(nextHeartRate, hr: 55 + Double(generator.next() % 60))
                nextHeartRate += 1_000_000
            }
            let label: Int8 = (i / 700) % 3 == 0 ? 1 : 0
            let value = Double(Int64(generator.next() % 2000) - 1000) / 100
            columns.add(time, x: value, y: -value / 2, z: 9.8 + value / 10, label: label)
            if i % 997 == 0 { columns.add(time, x: 1, y: 1, z: 1, label: label) }
            if i % 1499 == 0 { columns.add(time - 50_000, x: 2, y: 2, z: 2, label: label) }
            if i % 2003 == 0 { columns.add(time + 1, hr: .nan, x: .nan, y: .nan, z: .nan) }
            time += 10_000 + Int64(generator.next() % 3_000) - 1_500
            if i == 6000 { time += 1_500_000 }
        }

        let bulkWindower = try Windower(configuration: WindowerConfiguration(hop: 125))
        let streamWindower = try Windower(configuration: WindowerConfiguration(hop: 125))
        let bulk = try columns.bulkWindows(bulkWindower, withLabels: true)
        let streamed = columns.streamedWindows(streamWindower, withLabels: true)
        #expect(bulk.count > 40)
        #expect(bulk == streamed)
        #expect(bulkWindower.totalCounters == streamWindower.totalCounters)
        #expect(bulkWindower.totalCounters.gaps == 1)
        #expect(bulk.contains { ($0.anomalousSamples ?? 0) > 0 } && bulk.contains { $0.anomalousSamples == 0 })

        // Chunked bulk input (row groups) continues exactly where the previous chunk stopped.
        let chunked = try Windower(configuration: WindowerConfiguration(hop: 125))
        var chunkedWindows: [CollectedWindow] = []
        var start = 0
        while start < columns.count {
            let end = min(start + 1_234, columns.count)
            try chunked.append(
                deviceID: "strap", timestamps: Array(columns.timestamps[start..<end]),
                heartRate: Array(columns.heartRate[start..<end]), accelerationX: Array(columns.x[start..<end]),
                accelerationY: Array(columns.y[start..<end]), accelerationZ: Array(columns.z[start..<end]),
                labels: Array(columns.labels[start..<end])
            ) { chunkedWindows.append(CollectedWindow($0)) }
            start = end
        }
        chunked.finish()
        #expect(chunkedWindows == bulk)
    }

    @Test func devicesAreWindowedIndependently() throws {
        let windower = try Windower()
        var windows: [CollectedWindow] = []
        for i in 0..<500 {
            for device in ["a", "b"] {
                let reading = Reading(
                    deviceID: device, timestampMicros: testEpoch + Int64(i) * 20_000, heartRateBPM: 70,
                    acceleration: (x: device == "a" ? 1 : 2, y: 0, z: 0))
                windower.append(reading) { windows.append(CollectedWindow($0)) }
            }
        }
        #expect(windows.filter { $0.deviceID == "a" }.count == 2)
        #expect(windows.filter { $0.deviceID == "b" }.allSatisfy { $0.channel(1).allSatisfy { $0 == 2 } })
        #expect(windower.deviceIDs == ["a", "b"])
    }
}

/// A tiny deterministic generator so the irregular test stream is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
