/// One timestamped sample from a sensor source, with whichever channels it carries.
public struct Reading: Sendable, Equatable {
    /// The device the sample came from (a BLE address, a serial port, a file).
    public var deviceID: String
    /// Microseconds since the Unix epoch, UTC; from the source when it has one.
    public var timestampMicros: Int64
    /// Heart rate in beats per minute, when this reading carries it.
    public var heartRateBPM: Double?
    /// Acceleration in m/s² along x, y, z, when this reading carries it.
    public var acceleration: (x: Double, y: Double, z: Double)?

    /// Creates a reading.
    public init(
        deviceID: String, timestampMicros: Int64, heartRateBPM: Double? = nil,
        acceleration: (x: Double, y: Double, z: Double)? = nil
    ) {
        self.deviceID = deviceID
        self.timestampMicros = timestampMicros
        self.heartRateBPM = heartRateBPM
        self.acceleration = acceleration
    }

    /// Readings are equal when every field is.
    public static func == (lhs: Reading, rhs: Reading) -> Bool {
        lhs.deviceID == rhs.deviceID && lhs.timestampMicros == rhs.timestampMicros
            && lhs.heartRateBPM == rhs.heartRateBPM && lhs.acceleration?.x == rhs.acceleration?.x
            && lhs.acceleration?.y == rhs.acceleration?.y && lhs.acceleration?.z == rhs.acceleration?.z
    }
}
