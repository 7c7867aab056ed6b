/// Renders help for the command list and for single commands.
enum HelpText {
    /// The overview printed by `edge-agent --help` and `edge-agent help`.
    static func overview(_ commands: [CommandSpec]) -> String {
        var text = """
            edge-agent \(AgentVersion.current): on-gateway anomaly detection for wearables, with federated learning.

            Usage: edge-agent <command> [options]

            Commands:

            """
        let width = commands.map(\.name.count).max() ?? 0
        for command in commands {
            text += "  " + command.name.padded(to: width) + "  " + command.summary + "\n"
        }
        text += """

            Options for every command:

            """
        text += optionLines(CommandSpec.commonOptions)
        text += """

            Run 'edge-agent <command> --help' for a command's options and examples.

            """
        return text
    }

    /// The help of one command: usage, explanation, arguments, options, examples.
    static func command(_ command: CommandSpec) -> String {
        var text = "Usage: \(command.usageLine)\n\n\(command.summary)\n"
        if !command.discussion.isEmpty { text += "\n" + command.discussion + "\n" }
        if !command.positionals.isEmpty {
            text += "\nArguments:\n"
            let width = command.positionals.map(\.name.count).max() ?? 0
            for positional in command.positionals {
                text += "  " + positional.name.padded(to: width) + "  " + positional.help + "\n"
            }
        }
        text += "\nOptions:\n" + optionLines(command.allOptions)
        if !command.examples.isEmpty {
            text += "\nExamples:\n"
            for example in command.examples {
                text += "  # \(example.comment)\n  \(example.command)\n"
            }
        }
        return text
    }

    private static func optionLines(_ options: [OptionSpec]) -> String {
        let width = options.map(\.synopsis.count).max() ?? 0
        return options.map { "  " + $0.synopsis.padded(to: width) + "  " + $0.help + "\n" }.joined()
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
