public import Parquet

/// What `edge-agent simulate` generates.
public struct SimulationOptions: Sendable {
    /// Grid samples to generate per client (rows, before dropout gaps remove some).
    public var sampleCount: Int
    /// Grid rate in Hz; timestamps step by 1e6 / rate microseconds (must divide 1e6).
    public var sampleRateHz: Int
    /// Requested share of anomalous 250-sample windows (non-overlapping, aligned to the file
    /// start, judged by `WindowLabelRule`), 0 to 0.5. The share of labelled samples is a little
    /// lower (about 0.95 of it), since an episode's edge windows need only 20 % labelled samples.
    /// With several clients, each client's rate is this times its profile's multiplier.
    public var anomalyRate: Double
    /// Seed of every random choice; same options, same bytes.
    public var seed: UInt64
    /// Number of simulated clients (the population the split is drawn from).
    public var clientCount: Int
    /// The client to generate (0 ..< clientCount).
    public var clientID: Int
    /// Timestamp of the first sample, µs since the Unix epoch (default 2024-01-01T08:00:00Z).
    public var startTimestampMicros: Int64
    /// Parquet page codec.
    public var codec: CompressionCodec
    /// Rows per Parquet row group (bounds the writer's memory).
    public var rowsPerRowGroup: Int
    /// Write each anomalous sample's kind as its label (`AnomalyKind.rawValue + 1`) instead of
    /// 1, for per-kind evaluation. Every consumer treats any label > 0 as anomalous.
    public var labelsKinds = false

    /// Samples in `hours` hours at `sampleRateHz`.
    public static func samples(hours: Double, sampleRateHz: Int = 50) -> Int {
        Int((hours * 3600 * Double(sampleRateHz)).rounded())
    }

    /// Creates options; everything but the length has a default.
    public init(
        sampleCount: Int, sampleRateHz: Int = 50, anomalyRate: Double = 0.05, seed: UInt64 = 42, clientCount: Int = 1,
        clientID: Int = 0, startTimestampMicros: Int64 = 1_704_096_000_000_000, codec: CompressionCodec = .zstd,
        rowsPerRowGroup: Int = 262_144
    ) {
        self.sampleCount = sampleCount
        self.sampleRateHz = sampleRateHz
        self.anomalyRate = anomalyRate
        self.seed = seed
        self.clientCount = clientCount
        self.clientID = clientID
        self.startTimestampMicros = startTimestampMicros
        self.codec = codec
        self.rowsPerRowGroup = rowsPerRowGroup
    }

    /// The anomaly rate this client is scheduled for.
    public var effectiveAnomalyRate: Double {
        clientCount > 1
            ? anomalyRate * ClientProfile(seed: seed, clientID: clientID).anomalyRateMultiplier : anomalyRate
    }

    /// Checks the options; throws naming the bad one.
    public func validate() throws(SimulationError) {
        if sampleCount < 1 || sampleCount > 1 << 40 {
            throw .invalidOption(name: "samples", value: "\(sampleCount)", expected: "1 ... 2^40")
        }
        if sampleRateHz < 1 || sampleRateHz > 1000 || 1_000_000 % sampleRateHz != 0 {
            throw .invalidOption(name: "rate", value: "\(sampleRateHz)", expected: "a divisor of 1000000 up to 1000 Hz")
        }
        if !(anomalyRate >= 0 && anomalyRate <= 0.5) {
            throw .invalidOption(name: "anomaly-rate", value: "\(anomalyRate)", expected: "0 ... 0.5")
        }
        if clientCount < 1 || clientCount > 100_000 {
            throw .invalidOption(name: "clients", value: "\(clientCount)", expected: "1 ... 100000")
        }
        if clientID < 0 || clientID >= clientCount {
            throw .invalidOption(name: "client-id", value: "\(clientID)", expected: "0 ..< \(clientCount)")
        }
        if rowsPerRowGroup < 1 {
            throw .invalidOption(name: "rows-per-row-group", value: "\(rowsPerRowGroup)", expected: "at least 1")
        }
    }
}

/// Why a simulation could not run.
public enum SimulationError: Error, Equatable, CustomStringConvertible {
    /// An option is out of range.
    case invalidOption(name: String, value: String, expected: String)
    /// Writing the Parquet output failed.
    case output(path: String, underlying: ParquetWriteError)
    /// The split directory could not be created or used.
    case directory(path: String, message: String)

    /// A message naming the option or file and the problem.
    public var description: String {
        switch self {
        case .invalidOption(let name, let value, let expected):
            return "simulate: --\(name) \(value) is out of range (expected \(expected))"
        case .output(let path, let underlying):
            return "simulate: writing \(path) failed: \(underlying)"
        case .directory(let path, let message):
            return "simulate: split directory \(path): \(message)"
        }
    }
}
