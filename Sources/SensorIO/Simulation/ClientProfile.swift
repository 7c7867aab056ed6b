/// The population parameters of one simulated client (a clinic's wearer
/// population), drawn deterministically from (seed, client id). Different
/// clients differ in resting heart rate, fitness, activity mix, device quality
/// and anomaly mix and rate: the non-IID split federated learning has to cope with.
public struct ClientProfile: Sendable, Equatable {
    /// The client id the profile belongs to.
    public var clientID: Int
    /// Resting heart rate in BPM (60-78).
    public var restingHeartRateBPM: Double
    /// Standard deviation of beat-to-beat variability in BPM (1.5-4).
    public var heartRateVariabilityBPM: Double
    /// Heart rate rise while walking, BPM above resting (18-35).
    public var walkingHeartRateRiseBPM: Double
    /// Heart rate rise while running, BPM above resting (55-85).
    public var runningHeartRateRiseBPM: Double
    /// Share of daytime activity segments that are rest, walking, running (sums to 1).
    public var activityMix: [Double]
    /// Step frequency while walking, Hz.
    public var walkingCadenceHz: Double
    /// Step frequency while running, Hz.
    public var runningCadenceHz: Double
    /// Accelerometer white noise, standard deviation in m/s² per axis (0.02-0.15).
    public var deviceNoise: Double
    /// Accelerometer offset per axis in m/s² (±0.15).
    public var axisBias: [Double]
    /// How the device sits on the wrist: a tilt added to every posture's gravity direction.
    var wearTilt: Vector3
    /// Relative frequency of each anomaly kind, indexed by `AnomalyKind.rawValue` (sums to 1).
    public var anomalyMix: [Double]
    /// Multiplier on the requested anomaly rate when several clients are simulated (0.6-1.4).
    public var anomalyRateMultiplier: Double

    /// Draws the profile of `clientID` under `seed`.
    public init(seed: UInt64, clientID: Int) {
        var random = SimulationRandom(seed: seed, client: UInt64(clientID), stream: 1)
        self.clientID = clientID
        restingHeartRateBPM = random.uniform(60, 78)
        heartRateVariabilityBPM = random.uniform(1.5, 4)
        walkingHeartRateRiseBPM = random.uniform(18, 35)
        runningHeartRateRiseBPM = random.uniform(55, 85)
        let rest = random.uniform(0.45, 0.85)
        let running = (1 - rest) * random.uniform(0.05, 0.4)
        activityMix = [rest, 1 - rest - running, running]
        walkingCadenceHz = random.uniform(1.6, 2.0)
        runningCadenceHz = random.uniform(2.5, 3.0)
        deviceNoise = random.uniform(0.02, 0.15)
        axisBias = (0..<3).map { _ in random.uniform(-0.15, 0.15) }
        wearTilt = Vector3(random.uniform(-0.15, 0.15), random.uniform(-0.15, 0.15), random.uniform(-0.15, 0.15))
        let weights = AnomalyKind.allCases.map { $0.baseWeight * random.uniform(0.3, 1.7) }
        let total = weights.reduce(0, +)
        anomalyMix = weights.map { $0 / total }
        anomalyRateMultiplier = random.uniform(0.6, 1.4)
    }
}

/// A 3-vector in the device frame (m/s² or a unit direction).
struct Vector3: Sendable, Equatable {
    /// Components.
    var x: Double
    /// Components.
    var y: Double
    /// Components.
    var z: Double

    /// Creates a vector.
    init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// Sum.
    static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    /// Difference.
    static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    /// Scaling.
    static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }

    /// Euclidean length.
    var length: Double { (x * x + y * y + z * z).squareRoot() }
    /// The unit vector in the same direction.
    var normalized: Vector3 { self * (1 / length) }

    /// Cross product.
    func cross(_ b: Vector3) -> Vector3 {
        Vector3(y * b.z - z * b.y, z * b.x - x * b.z, x * b.y - y * b.x)
    }
}
