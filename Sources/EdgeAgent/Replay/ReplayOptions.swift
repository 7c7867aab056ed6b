/// What `edge-agent replay` was asked to do, validated.
struct ReplayOptions {
    /// How fast the recording is fed through the pipeline.
    enum Speed: String {
        /// As fast as the machine goes.
        case max
        /// Paced by the recording's timestamps, as a live gateway would see the data.
        case realtime
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
    /// Windows scoring at or above this probability are flagged.
    var threshold: Double
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
        threshold = try arguments.number("threshold", default: config.model.threshold, range: 0...1)
        let speedName = arguments.value("speed") ?? "max"
        guard let speed = Speed(rawValue: speedName) else {
            throw CommandFailure(.usage, "--speed must be realtime or max, not '\(speedName)'")
        }
        self.speed = speed
        json = arguments.flag("json")
        reportPath = arguments.value("report")
    }
}
