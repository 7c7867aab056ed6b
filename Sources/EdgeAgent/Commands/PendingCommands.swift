import Parquet

// Commands whose grammar and help are final but whose work is not built yet.
// Each says so and exits 69 (EX_UNAVAILABLE); none pretends to have done anything.

extension CommandSpec {
    /// `edge-agent run`: the daemon.
    static let runDaemon = CommandSpec(
        name: "run",
        summary: "Run the gateway daemon (sensors, scoring, storage, federation)",
        discussion: """
            Reads the configuration, connects to the configured devices, scores every window with the int8 model, \
            stores windows and events, and takes part in federated rounds when enabled. Meant to run under \
            systemd (Type=notify); stops gracefully on SIGTERM after committing what it holds.
            """,
        examples: [("edge-agent run --config /etc/edge-agent/agent.toml", "run with the installed configuration")],
        run: { _ in throw notImplemented("edge-agent run", "the daemon") }
    )

    /// `edge-agent replay FILE.parquet`.
    static let replay = CommandSpec(
        name: "replay",
        summary: "Run a recorded Parquet file through the scoring pipeline and summarize",
        discussion: """
            Streams the file through the same windowing, int8 scoring and storage that live data takes, then \
            prints what the model found: windows scored and dropped, events, and, when the file has labels, \
            precision, recall, F1 and ROC AUC.
            """,
        positionals: [
            PositionalSpec(name: "FILE", help: "recording with timestamp, hr, accel_x/y/z [, label]", isRequired: true)
        ],
        options: [
            OptionSpec(
                long: "model", short: "m", valueName: "PATH", help: "model weights (default: the embedded model)"),
            OptionSpec(long: "db", short: nil, valueName: "PATH", help: "database to store windows and events in"),
            OptionSpec(long: "hop", short: nil, valueName: "N", help: "samples between window starts (default 250)"),
            OptionSpec(
                long: "threshold", short: "t", valueName: "P", help: "flag windows scoring at least P (default 0.5)"),
            OptionSpec(
                long: "speed", short: nil, valueName: "MODE",
                help: "max, realtime (paced by timestamps) or a multiple such as 60x"),
            OptionSpec(long: "json", short: nil, valueName: nil, help: "print the summary as one JSON document"),
            OptionSpec(long: "report", short: nil, valueName: "FILE", help: "write a self-contained HTML report"),
        ],
        examples: [
            ("edge-agent replay day1.parquet", "score a recording with the embedded model"),
            ("edge-agent replay day1.parquet --hop 125 --report day1.html", "overlapping windows and an HTML report"),
        ],
        run: { arguments in
            let options = try ReplayOptions(arguments)
            let model = try LoadedModel.resolve(path: options.modelPath)
            StopSignal.install()
            let summary = try ReplayPipeline(options: options, model: model).run()
            Console.output(options.json ? try summary.json() : summary.text())
            // 128 + signal number, as a shell reports a process stopped by that signal.
            return summary.interrupted ? .interrupted : .success
        }
    )

    /// `edge-agent inspect FILE.parquet`.
    static let inspect = CommandSpec(
        name: "inspect",
        summary: "Describe a Parquet file: schema, row groups, codecs, statistics, first rows",
        discussion: "Works on any readable flat Parquet file, not only recordings.",
        positionals: [PositionalSpec(name: "FILE", help: "Parquet file", isRequired: true)],
        options: [
            OptionSpec(long: "head", short: "n", valueName: "N", help: "print the first N rows (default 5)"),
            OptionSpec(long: "json", short: nil, valueName: nil, help: "print one JSON document"),
        ],
        examples: [("edge-agent inspect day1.parquet --head 10", "schema and the first ten rows")],
        run: { arguments in
            let path = arguments.positional(0) ?? ""
            let head = try arguments.integer("head", default: 5, range: 0...1_000_000)
            try CommandFailure.requireReadable(path)
            do {
                Console.output(try ParquetInspector.report(path: path, head: head, json: arguments.flag("json")))
            } catch let error as ParquetError {
                throw CommandFailure(error)
            }
            return .success
        }
    )

    /// `edge-agent scan`.
    static let scan = CommandSpec(
        name: "scan",
        summary: "List Bluetooth LE wearables in range (heart rate and Polar devices)",
        discussion: "Scans with the local Bluetooth adapter and prints address, name, RSSI and services.",
        options: [OptionSpec(long: "timeout", short: nil, valueName: "SECONDS", help: "how long to scan (default 10)")],
        examples: [("edge-agent scan --timeout 5", "a five-second scan")],
        run: { _ in throw notImplemented("edge-agent scan", "Bluetooth LE scanning") }
    )
}
