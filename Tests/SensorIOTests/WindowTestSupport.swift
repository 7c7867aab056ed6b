@testable import SensorIO

/// A window copied out of the windower for comparison.
struct CollectedWindow: Equatable {
    var deviceID: String
    var startMicros: Int64
    var endMicros: Int64
    var samples: [Float]
    var anomalousSamples: Int?
    var labelledSamples: Int

    init(_ view: WindowView) {
        deviceID = view.deviceID
        startMicros = view.startMicros
        endMicros = view.endMicros
        samples = view.copySamples()
        anomalousSamples = view.anomalousSamples
        labelledSamples = view.labelledSamples
    }

    /// Channel `channel` (0 hr, 1 x, 2 y, 3 z) of the window.
    func channel(_ channel: Int, length: Int = 250) -> [Float] {
        Array(samples[(channel * length)..<((channel + 1) * length)])
    }
}

/// Rows for the bulk path, built row by row in tests.
struct Columns {
    var timestamps: [Int64] = []
    var heartRate: [Double] = []
    var x: [Double] = []
    var y: [Double] = []
    var z: [Double] = []
    var labels: [Int8] = []

    mutating func add(
        _ time: Int64, hr: Double = .nan, x: Double = .nan, y: Double = .nan, z: Double = .nan,
        label: Int8 = -1
    ) {
        timestamps.append(time)
        heartRate.append(hr)
        self.x.append(x)
        self.y.append(y)
        self.z.append(z)
        labels.append(label)
    }

    var count: Int { timestamps.count }

    /// Row `i` as a streaming reading.
    func reading(_ i: Int, deviceID: String) -> Reading {
        let acceleration = x[i].isNaN || y[i].isNaN || z[i].isNaN ? nil : (x: x[i], y: y[i], z: z[i])
        return Reading(
            deviceID: deviceID, timestampMicros: timestamps[i], heartRateBPM: heartRate[i].isNaN ? nil : heartRate[i],
            acceleration: acceleration)
    }

    /// Every window of these rows through the bulk path (then `finish`).
    func bulkWindows(
        _ windower: Windower, deviceID: String = "strap", withLabels: Bool = false
    ) throws
        -> [CollectedWindow]
    {
        var result: [CollectedWindow] = []
        try windower.append(
            deviceID: deviceID, timestamps: timestamps, heartRate: heartRate, accelerationX: x, accelerationY: y,
            accelerationZ: z, labels: withLabels ? labels : nil
        ) { result.append(CollectedWindow($0)) }
        windower.finish()
        return result
    }

    /// Every window of these rows through the streaming path (then `finish`).
    func streamedWindows(
        _ windower: Windower, deviceID: String = "strap", withLabels: Bool = false
    )
        -> [CollectedWindow]
    {
        var result: [CollectedWindow] = []
        for i in 0..<count {
            windower.append(reading(i, deviceID: deviceID), label: withLabels ? labels[i] : -1) {
                result.append(CollectedWindow($0))
            }
        }
        windower.finish()
        return result
    }
}

/// A grid-aligned epoch time for tests (a multiple of 20,000 µs).
let testEpoch: Int64 = 1_700_000_000_000_000
