import Foundation
import Testing

@testable import SensorIO

@Suite struct WindowerResamplingTests {
    /// Acceleration at `rateHz` starting `offsetMicros` after the epoch, with x linear in time
    /// (so linear interpolation is exact), y a sine, and heart rate at 1 Hz.
    private func stream(rateHz: Int, seconds: Int, offsetMicros: Int64 = 0) -> Columns {
        var columns = Columns()
        let step = Int64(1_000_000 / rateHz)
        var nextHeartRate: Int64 = 0
        var time: Int64 = offsetMicros
        while time <= Int64(seconds) * 1_000_000 {
            if nextHeartRate <= time {
                columns.add(testEpoch + nextHeartRate, hr: 60 + Double(nextHeartRate / 1_000_000))
                nextHeartRate += 1_000_000
            }
            let seconds = Double(time) / 1e6
            columns.add(testEpoch + time, x: 2 * seconds - 3, y: sin(seconds), z: 9.81)
            time += step
        }
        return columns
    }

    @Test func twentyFiveHertzIsInterpolatedLinearly() throws {
        let windows = try stream(rateHz: 25, seconds: 11).bulkWindows(try Windower())
        #expect(windows.count == 2)
        for window in windows {
            for (k, value) in window.channel(1).enumerated() {
                let seconds = Double(window.startMicros - testEpoch + Int64(k) * 20_000) / 1e6
                #expect(abs(Double(value) - (2 * seconds - 3)) < 1e-5)
            }
            // Every other grid point falls between two readings: the mean of the two sines.
            let mid = Double(window.startMicros - testEpoch + 20_000) / 1e6
            let expected = (sin(mid - 0.02) + sin(mid + 0.02)) / 2
            #expect(abs(Double(window.channel(2)[1]) - expected) < 1e-6)
            #expect(window.channel(3).allSatisfy { $0 == Float(9.81) })
        }
    }

    @Test func oneHundredHertzOnTheGridKeepsEveryOtherReading() throws {
        let windows = try stream(rateHz: 100, seconds: 6).bulkWindows(try Windower())
        #expect(windows.count == 1)
        for (k, value) in windows[0].channel(2).enumerated() {
            #expect(value == Float(sin(Double(k) * 0.02)))
        }
    }

    @Test func oneHundredHertzOffTheGridAveragesNeighbours() throws {
        // Readings at 5 ms, 15 ms, …: each grid point sits halfway between two readings.
        let windows = try stream(rateHz: 100, seconds: 6, offsetMicros: 5_000).bulkWindows(try Windower())
        #expect(windows.count == 1)
        #expect(windows[0].startMicros == testEpoch + 20_000)
        for (k, value) in windows[0].channel(2).enumerated() {
            let seconds = Double(k + 1) * 0.02
            let expected: Double = (sin(seconds - 0.005) + sin(seconds + 0.005)) / 2
            #expect(abs(Double(value) - expected) < 1e-6)
        }
    }

    @Test func heartRateIsHeldBetweenUpdates() throws {
        let windows = try stream(rateHz: 200, seconds: 11).bulkWindows(try Windower())
        #expect(windows.count == 2)
        for window in windows {
            for (k, value) in window.channel(0).enumerated() {
                let second = (window.startMicros - testEpoch + Int64(k) * 20_000) / 1_000_000
                #expect(value == Float(60 + second))
            }
        }
    }
}
