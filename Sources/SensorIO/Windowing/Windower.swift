/// Cuts readings into fixed-length windows on a 50 Hz grid, per device.
///
/// One implementation, two entry points:
/// - streaming, for live sources: `append(_:label:onWindow:)` with one `Reading` at a time;
/// - bulk columnar, for replay: `append(deviceID:timestamps:heartRate:accelerationX:…)` with
///   whole column chunks of one device, which runs a tight loop over the columns (no
///   allocation and no dynamic dispatch per row).
///
/// Both feed the same per-device state machine, so the same data gives the same windows
/// whichever way it arrives, and a device may be fed chunk by chunk. Windows are lent to the
/// `onWindow` closure (see `WindowView`); copy what must outlive the call.
///
/// Not `Sendable`: one windower belongs to one thread (the reader or the replay decoder).
public final class Windower {
    /// The configuration every device uses.
    public let configuration: WindowerConfiguration
    private var devices: [String: DeviceWindower] = [:]
    /// Devices in the order they were first seen, for stable reports.
    private var deviceOrder: [String] = []

    /// Creates a windower.
    /// - Throws: `WindowerError.invalidConfiguration` for an out-of-range setting.
    public init(configuration: WindowerConfiguration = WindowerConfiguration()) throws(WindowerError) {
        try configuration.validate()
        self.configuration = configuration
    }

    // MARK: - Streaming

    /// Takes one reading from a live source; calls `onWindow` for each window it completes.
    /// `label` is the reading's ground truth when the source has one (0 normal, > 0 anomalous),
    /// −1 when unknown.
    public func append(_ reading: Reading, label: Int8 = -1, onWindow: (WindowView) throws -> Void) rethrows {
        let device = state(for: reading.deviceID)
        let acceleration = reading.acceleration
        try device.ingest(
            time: reading.timestampMicros, heartRate: reading.heartRateBPM ?? .nan, x: acceleration?.x ?? .nan,
            y: acceleration?.y ?? .nan, z: acceleration?.z ?? .nan, label: label, onWindow: onWindow)
    }

    // MARK: - Bulk columnar

    /// Takes a chunk of one device's rows as columns (e.g. a Parquet row group); calls
    /// `onWindow` for each window completed. Row i is (timestamps[i] µs, heartRate[i] bpm,
    /// accelerationX/Y/Z[i] m/s², labels?[i]). NaN in `heartRate` means the row has no heart
    /// rate; NaN in any acceleration column means it has no acceleration. Rows must be in
    /// time order; rows that are not are dropped and counted, as in streaming.
    /// - Throws: `WindowerError.columnLengthMismatch` (before any row is used) when a column's
    ///   length differs from `timestamps`; otherwise what `onWindow` throws.
    public func append(
        deviceID: String, timestamps: [Int64], heartRate: [Double], accelerationX: [Double],
        accelerationY: [Double], accelerationZ: [Double], labels: [Int8]? = nil,
        onWindow: (WindowView) throws -> Void
    ) throws {
        let rows = timestamps.count
        let columns = [
            ("heartRate", heartRate.count), ("accelerationX", accelerationX.count),
            ("accelerationY", accelerationY.count), ("accelerationZ", accelerationZ.count),
            ("labels", labels?.count ?? rows),
        ]
        for (name, count) in columns where count != rows {
            throw WindowerError.columnLengthMismatch(deviceID: deviceID, column: name, count: count, expected: rows)
        }

        let device = state(for: deviceID)
        try timestamps.withUnsafeBufferPointer { time in
            try heartRate.withUnsafeBufferPointer { rate in
                try accelerationX.withUnsafeBufferPointer { x in
                    try accelerationY.withUnsafeBufferPointer { y in
                        try accelerationZ.withUnsafeBufferPointer { z in
                            if let labels {
                                try labels.withUnsafeBufferPointer { label in
                                    for row in 0..<rows {
                                        try device.ingest(
                                            time: time[row], heartRate: rate[row], x: x[row], y: y[row], z: z[row],
                                            label: label[row], onWindow: onWindow)
                                    }
                                }
                            } else {
                                for row in 0..<rows {
                                    try device.ingest(
                                        time: time[row], heartRate: rate[row], x: x[row], y: y[row], z: z[row],
                                        label: -1, onWindow: onWindow)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: - End of input and counters

    /// Ends the input of `deviceID` (or of every device when nil): windows in progress are
    /// dropped and counted as `windowsDroppedAtEnd`.
    public func finish(deviceID: String? = nil) {
        if let deviceID {
            devices[deviceID]?.finish()
        } else {
            for device in devices.values { device.finish() }
        }
    }

    /// The counters of one device (zero for a device never seen).
    public func counters(for deviceID: String) -> WindowerCounters {
        devices[deviceID]?.counters ?? WindowerCounters()
    }

    /// The counters summed over every device.
    public var totalCounters: WindowerCounters {
        devices.values.reduce(WindowerCounters()) { $0 + $1.counters }
    }

    /// Every device seen, in first-seen order.
    public var deviceIDs: [String] { deviceOrder }

    private func state(for deviceID: String) -> DeviceWindower {
        if let device = devices[deviceID] { return device }
        let device = DeviceWindower(deviceID: deviceID, configuration: configuration)
        devices[deviceID] = device
        deviceOrder.append(deviceID)
        return device
    }
}
