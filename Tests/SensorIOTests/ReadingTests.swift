import Testing

@testable import SensorIO

@Suite struct ReadingTests {
    @Test func readingsCompareByValue() {
        let a = Reading(deviceID: "strap", timestampMicros: 1, heartRateBPM: 60)
        #expect(a == Reading(deviceID: "strap", timestampMicros: 1, heartRateBPM: 60))
        #expect(a != Reading(deviceID: "strap", timestampMicros: 2, heartRateBPM: 60))
    }
}
