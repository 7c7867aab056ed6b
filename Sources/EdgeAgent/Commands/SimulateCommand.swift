import SensorIO

extension CommandSpec {
    /// `edge-agent simulate`: synthetic labelled wearable data.
    static let simulate = CommandSpec(
        name: "simulate",
        summary: "Write synthetic labelled wearable data (Parquet)",
        discussion: """
            Generates heart rate (held at about 1 Hz, as straps report it) and 3-axis acceleration at 50 Hz with \
            circadian and activity patterns, and labelled anomalies: arrhythmias (tachycardia, bradycardia, \
            irregular rhythm), falls and device malfunctions (flatline, saturation, dropouts, stuck heart rate). \
            The same arguments give byte-identical files. With --clients K each client id gets its own \
            population (resting heart rate, activity mix, device noise, anomaly mix and rate); --split-dir \
            writes one file per client. The anomaly rate is the share of 250-sample windows that are anomalous \
            under the window label rule (at least 20 % of a window's samples labelled).
            """,
        options: [
            OptionSpec(long: "out", short: "o", valueName: "FILE", help: "output Parquet file"),
            OptionSpec(long: "hours", short: nil, valueName: "H", help: "hours of data (default 1)"),
            OptionSpec(long: "samples", short: nil, valueName: "N", help: "number of samples instead of --hours"),
            OptionSpec(long: "rate", short: nil, valueName: "HZ", help: "sample rate (default 50)"),
            OptionSpec(long: "anomaly-rate", short: nil, valueName: "R", help: "share of anomalous windows (0.05)"),
            OptionSpec(long: "seed", short: nil, valueName: "S", help: "random seed (default 42)"),
            OptionSpec(long: "clients", short: nil, valueName: "K", help: "number of simulated clients (default 1)"),
            OptionSpec(long: "client-id", short: nil, valueName: "I", help: "which client to write (0..K-1)"),
            OptionSpec(long: "split-dir", short: nil, valueName: "DIR", help: "write one file per client into DIR"),
            OptionSpec(long: "describe", short: nil, valueName: nil, help: "print per-kind statistics"),
            OptionSpec(
                long: "label-kinds", short: nil, valueName: nil,
                help: "label anomalous samples with their kind (1 tachycardia … 8 stuck_hr) instead of 1"),
        ],
        examples: [
            ("edge-agent simulate --out day.parquet --hours 24 --seed 7", "one day of data"),
            ("edge-agent simulate --clients 5 --split-dir clinics/ --hours 12", "five non-IID clinics"),
        ],
        run: { arguments in try runSimulation(arguments) }
    )
}

private func runSimulation(_ arguments: ParsedArguments) throws(CommandFailure) -> ExitStatus {
    let out = arguments.value("out")
    let splitDirectory = arguments.value("split-dir")
    guard (out == nil) != (splitDirectory == nil) else {
        throw CommandFailure(.usage, "give exactly one of --out FILE or --split-dir DIR")
    }
    guard arguments.value("hours") == nil || arguments.value("samples") == nil else {
        throw CommandFailure(.usage, "give --hours or --samples, not both")
    }
    let rate = try arguments.integer("rate", default: 50, range: 1...1000)
    let sampleCount: Int
    if arguments.value("samples") != nil {
        sampleCount = try arguments.integer("samples", default: 0, range: 1...(1 << 40))
    } else {
        sampleCount = SimulationOptions.samples(
            hours: try arguments.number("hours", default: 1, range: 0.0001...100_000), sampleRateHz: rate)
    }
    let clients = try arguments.integer("clients", default: 1, range: 1...10_000)
    if splitDirectory != nil && arguments.value("client-id") != nil {
        throw CommandFailure(.usage, "--client-id selects one client for --out; --split-dir writes them all")
    }
    var options = SimulationOptions(
        sampleCount: sampleCount, sampleRateHz: rate,
        anomalyRate: try arguments.number("anomaly-rate", default: 0.05, range: 0...0.5),
        seed: UInt64(try arguments.integer("seed", default: 42, range: 0...Int.max)), clientCount: clients,
        clientID: try arguments.integer("client-id", default: 0, range: 0...(clients - 1)))
    options.labelsKinds = arguments.flag("label-kinds")

    var bar = ProgressBar(label: "simulate")
    let summaries: [SimulationSummary]
    do {
        if let out {
            summaries = [try Simulator.write(options, to: out) { bar.update(fraction: $0) }]
        } else {
            summaries = try Simulator.writeSplit(options, directory: splitDirectory ?? ".") { bar.update(fraction: $0) }
        }
    } catch {
        bar.finish()
        throw CommandFailure(error.isOptionProblem ? .usage : .ioError, error.description)
    }
    bar.finish()
    for summary in summaries {
        Console.output(
            "wrote \(summary.path): \(summary.rows) rows, \(summary.windows) windows, "
                + "\(summary.anomalousWindows) anomalous (\(percent(summary.anomalousWindowShare)))\n")
        if arguments.flag("describe") { Console.output(describe(summary)) }
    }
    return .success
}

/// The `--describe` statistics of one file.
private func describe(_ summary: SimulationSummary) -> String {
    var text = "  profile: resting heart rate \(fixed(summary.profile.restingHeartRateBPM)) BPM\n"
    text += "  heart rate: mean \(fixed(summary.meanHeartRateBPM)) BPM, outside anomalies mean "
    text += "\(fixed(summary.meanNormalHeartRateBPM)) BPM, range \(fixed(summary.normalHeartRateRangeBPM.lowerBound))"
    text += "–\(fixed(summary.normalHeartRateRangeBPM.upperBound)) BPM\n"
    text +=
        "  activity: "
        + Activity.allCases.map { "\($0) \(percent(summary.activityShare[$0] ?? 0))" }
        .joined(separator: ", ") + "; mean motion \(fixed(summary.meanMotion)) m/s²\n"
    text += "  anomaly rate: requested \(percent(summary.requestedAnomalyRate)), scheduled "
    text += "\(percent(summary.scheduledAnomalyRate)), achieved \(percent(summary.anomalousWindowShare)) of windows; "
    text += "\(percent(summary.labelledRowShare)) of rows labelled\n"
    text += "  kind               family       episodes  labelled rows\n"
    for kind in AnomalyKind.allCases {
        text += "  " + kind.description.padded(to: 19) + kind.family.padded(to: 13)
        text += String(summary.episodesByKind[kind] ?? 0).padded(to: 10) + String(summary.labelledRowsByKind[kind] ?? 0)
        text += "\n"
    }
    return text
}

private func percent(_ share: Double) -> String { ReplaySummary.fixed(share * 100, 2) + " %" }

private func fixed(_ value: Double) -> String { ReplaySummary.fixed(value, 1) }

extension SimulationError {
    /// Whether the error is about an argument rather than the output.
    fileprivate var isOptionProblem: Bool {
        if case .invalidOption = self { return true }
        return false
    }
}
