/// What `edge-agent replay` was asked to do, validated.
struct ReplayOptions {
    /// How fast the recording is fed through the pipeline.
    enum Speed: Equatable {
        /// As fast as the machine goes; commits every 1,024 windows.
        case max
        /// Paced by the recording's timestamps, `factor` times faster than real time
        /// (1 = what a live gateway sees); commits at most once a second, as live mode does.
        case paced(factor: Double)

        /// `max`, `realtime`, or a multiple of real time such as `60x`.
        init?(_ text: String) {
            switch text {
            case "max": self = .max
            case "realtime": self = .paced(factor: 1)
            default:
                guard text.hasSuffix("x"), let factor = Double(text.dropLast()), factor > 0, factor <= 1_000_000
                else { return nil }
                self = .paced(factor: factor)
            }
        }
    }

    /// The recording.
    var file: String
    /// An int8 model file; nil means the model embedded in the agent.
    var modelPath: String?
    /// The database; nil means a fresh temporary one, removed at the end.
    var databasePath: String?
    /// Samples between window starts.
    var hop: Int
    /// A gap longer than this (µs) ends and drops the window in progress.
    var maxGapMicros: Int64
    /// Windows scoring at or above this probability are flagged; nil means the model's own.
    var threshold: Double?
    var speed: Speed
    /// Print the summary as JSON instead of text.
    var json: Bool
    /// Where to write the HTML report, if anywhere.
    var reportPath: String?

    /// Reads the options, starting from the configuration file when one is given.
    init(_ arguments: ParsedArguments) throws(CommandFailure) {
        var config = AgentConfig()
        if let configPath = arguments.value("config") { config = try loadConfig(configPath) }
        // The positional is required by the command spec, so the parser guarantees it.
        file = arguments.positional(0) ?? ""
        modelPath = arguments.value("model") ?? (config.model.path.isEmpty ? nil : config.model.path)
        databasePath = arguments.value("db")
        hop = try arguments.integer("hop", default: config.windowing.hop, range: 1...250)
        maxGapMicros = Int64(config.windowing.maxGapMilliseconds) * 1000
        threshold =
            arguments.value("threshold") == nil
            ? config.model.threshold : try arguments.number("threshold", default: 0.5, range: 0...1)
        let speedName = arguments.value("speed") ?? "max"
        guard let speed = Speed(speedName) else {
            throw CommandFailure(
                .usage, "--speed must be realtime, max or a multiple of real time such as 60x, not '\(speedName)'")
        }
        self.speed = speed
        json = arguments.flag("json")
        reportPath = arguments.value("report")
    }
}
