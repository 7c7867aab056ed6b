import Glibc
import Store

extension CommandSpec {
    /// `edge-agent status`: what the agent's database says.
    static let status = CommandSpec(
        name: "status",
        summary: "Show what the agent has stored: devices, windows, events, storage, model",
        discussion: """
            Reads the agent's database (the [store] path of the configuration, inside the state directory, or \
            --db). Safe while the daemon runs: SQLite's write-ahead log lets a reader look at the last commit. \
            Never creates a database.
            """,
        options: [
            OptionSpec(
                long: "db", short: nil, valueName: "PATH", help: "database to read instead of the configured one"),
            OptionSpec(long: "events", short: "n", valueName: "N", help: "how many recent events to list (default 10)"),
        ],
        examples: [
            ("edge-agent status", "the installed agent's state"),
            ("edge-agent status --db out/demo/demo.db", "a replay's database"),
        ],
        run: { arguments in
            let path = try databasePath(arguments)
            let eventLimit = try arguments.integer("events", default: 10, range: 0...10_000)
            guard access(path, R_OK) == 0 else {
                throw CommandFailure(
                    .noInput, "no database at \(path) (\(String(cString: strerror(errno)))); has the agent run yet?")
            }
            do {
                let store = try AgentStore(configuration: StoreConfiguration(path: path, integrityCheck: .none))
                defer { try? store.close() }
                Console.output(try statusText(store, path: path, eventLimit: eventLimit))
            } catch {
                throw CommandFailure(.ioError, "cannot read \(path): \(error)")
            }
            return .success
        }
    )
}

/// `--db`, else the configured store path (relative paths inside the state directory).
func databasePath(_ arguments: ParsedArguments) throws(CommandFailure) -> String {
    if let path = arguments.value("db") { return path }
    let configPath = arguments.value("config") ?? AgentPaths.defaultConfig
    let config =
        access(configPath, F_OK) == 0 || arguments.value("config") != nil ? try loadConfig(configPath) : AgentConfig()
    return config.store.path.hasPrefix("/") ? config.store.path : config.agent.stateDirectory + "/" + config.store.path
}

private func statusText(_ store: AgentStore, path: String, eventLimit: Int) throws -> String {
    let summary = try store.summary()
    let usage = try store.storageUsage()
    var text = "database  \(path) (schema \(try store.schemaVersion()))\n"
    text += "storage   \(megabytes(usage.usedBytes)) used of \(megabytes(store.configuration.quotaBytes)) quota"
    text += ", \(summary.totalWindows) windows, \(summary.totalFlaggedWindows) flagged\n"
    if let model = try store.activeModel() {
        text += "model     \(model.version) (active)\n"
    } else {
        text += "model     none stored (the embedded default is used)\n"
    }
    text += "devices   \(summary.devices.count)\n"
    for device in summary.devices {
        text += "  \(device.deviceID): \(device.windows) windows, \(device.flaggedWindows) flagged"
        if device.windows > 0 {
            text +=
                ", \(UTCTime.iso8601(micros: device.firstStartMicros)) to \(UTCTime.iso8601(micros: device.lastEndMicros))"
        }
        text += "\n"
    }
    let unacknowledged = summary.events.filter { $0.acknowledgedMicros == nil }.count
    text += "events    \(summary.events.count) (\(unacknowledged) not acknowledged)\n"
    for event in summary.events.suffix(eventLimit).reversed() {
        text += "  \(UTCTime.iso8601(micros: event.startMicros)) to \(UTCTime.timeOfDay(micros: event.endMicros))"
        text += "  \(event.deviceID)  \(event.windowCount) windows, peak \(ReplaySummary.fixed(event.peakScore, 3))"
        text += event.acknowledgedMicros == nil ? "\n" : "  (acknowledged)\n"
    }
    let outbox = try store.peekOutbox(limit: 1000).count
    text += "outbox    \(outbox) update(s) waiting for the coordinator\n"
    return text
}

private func megabytes(_ bytes: Int64) -> String {
    ReplaySummary.fixed(Double(bytes) / 1_048_576, 1) + " MiB"
}
