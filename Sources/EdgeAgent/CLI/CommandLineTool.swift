import AgentLog

/// Selects the command from the first words of the command line, parses its
/// arguments, applies the common options and runs it, turning every failure into
/// a message on stderr and a sysexits status.
struct CommandLineTool {
    /// Every command, in the order `--help` lists them.
    let commands: [CommandSpec]

    /// Runs the command line (without the program name) and returns the exit status.
    func run(_ arguments: [String]) -> ExitStatus {
        guard let first = arguments.first else {
            Console.error(HelpText.overview(commands))
            return .usage
        }
        switch first {
        case "-h", "--help", "help":
            return help(topic: Array(arguments.dropFirst()))
        case "--version", "-V":
            return run(["version"] + arguments.dropFirst())
        default:
            break
        }
        guard let (command, rest) = select(arguments) else {
            Console.error(
                "edge-agent: unknown command '\(first)'\n" + "Try 'edge-agent --help' for the list of commands.\n")
            return .usage
        }
        return execute(command, rest)
    }

    /// The longest command name matching the first words (`config check` before `config`).
    private func select(_ arguments: [String]) -> (CommandSpec, [String])? {
        for command in commands.sorted(by: { $0.name.count > $1.name.count }) {
            let words = command.name.split(separator: " ").map(String.init)
            if arguments.count >= words.count, Array(arguments.prefix(words.count)) == words {
                return (command, Array(arguments.dropFirst(words.count)))
            }
        }
        return nil
    }

    private func help(topic: [String]) -> ExitStatus {
        if topic.isEmpty {
            Console.output(HelpText.overview(commands))
            return .success
        }
        guard let (command, _) = select(topic) else {
            Console.error("edge-agent help: unknown command '\(topic.joined(separator: " "))'\n")
            return .usage
        }
        Console.output(HelpText.command(command))
        return .success
    }

    private func execute(_ command: CommandSpec, _ arguments: [String]) -> ExitStatus {
        let parsed: ParsedArguments
        do {
            parsed = try ArgumentParser.parse(arguments, for: command)
        } catch {
            Console.error(
                "edge-agent \(command.name): \(error.message)\nUsage: \(command.usageLine)\n"
                    + "Try 'edge-agent \(command.name) --help' for more information.\n")
            return .usage
        }
        if parsed.flag("help") {
            Console.output(HelpText.command(command))
            return .success
        }
        if let levelName = parsed.value("log-level") {
            guard let level = LogLevel(name: levelName) else {
                Console.error(
                    "edge-agent \(command.name): --log-level must be debug, info, notice, warning or error, "
                        + "not '\(levelName)'\nUsage: \(command.usageLine)\n")
                return .usage
            }
            LogOutput.shared.minimumLevel = level
        }
        do {
            return try command.run(parsed)
        } catch let failure as CommandFailure {
            Console.error("edge-agent \(command.name): \(failure.message)\n")
            return failure.status
        } catch {
            Console.error("edge-agent \(command.name): internal error: \(error)\n")
            return .software
        }
    }
}
