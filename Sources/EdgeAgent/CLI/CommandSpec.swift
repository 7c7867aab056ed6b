/// One option a command accepts.
struct OptionSpec: Sendable {
    /// Long name without dashes (`config` for `--config`).
    var long: String
    /// Optional one-letter alias (`c` for `-c`).
    var short: Character?
    /// Placeholder for the value (`PATH`); nil for a flag that takes no value.
    var valueName: String?
    /// One line of help.
    var help: String
    /// Whether the option may be given several times (values accumulate).
    var repeatable = false

    /// The option as shown in help: `-c, --config PATH`.
    var synopsis: String {
        let names = (short.map { "-\($0), " } ?? "    ") + "--" + long
        return valueName.map { names + " " + $0 } ?? names
    }
}

/// A positional argument a command takes.
struct PositionalSpec: Sendable {
    /// Placeholder shown in usage (`FILE`).
    var name: String
    /// One line of help.
    var help: String
    /// Whether the command fails without it.
    var isRequired: Bool
}

/// Everything the command line knows about one command: how to parse it, how to
/// explain it, and what to run.
struct CommandSpec: Sendable {
    /// The words that select the command (`replay`, or `config check`).
    var name: String
    /// One line shown in the command list.
    var summary: String
    /// A paragraph of explanation shown by `--help`.
    var discussion: String
    /// Positional arguments in order.
    var positionals: [PositionalSpec] = []
    /// Options specific to this command (the common options are added for all).
    var options: [OptionSpec] = []
    /// Example invocations with a comment each, shown by `--help`.
    var examples: [(command: String, comment: String)] = []
    /// Runs the command; throws `CommandFailure` for failures people should see.
    var run: @Sendable (ParsedArguments) throws -> ExitStatus

    /// Options every command accepts.
    static let commonOptions: [OptionSpec] = [
        OptionSpec(
            long: "config", short: "c", valueName: "PATH",
            help: "configuration file (default \(AgentPaths.defaultConfig))"),
        OptionSpec(long: "log-level", short: nil, valueName: "LEVEL", help: "debug, info, notice, warning or error"),
        OptionSpec(long: "help", short: "h", valueName: nil, help: "show this help and exit"),
    ]

    /// The command's own options followed by the common ones.
    var allOptions: [OptionSpec] { options + Self.commonOptions }

    /// `edge-agent replay [options] FILE`.
    var usageLine: String {
        var line = "edge-agent \(name)"
        if !allOptions.isEmpty { line += " [options]" }
        for positional in positionals {
            line += positional.isRequired ? " \(positional.name)" : " [\(positional.name)]"
        }
        return line
    }
}
