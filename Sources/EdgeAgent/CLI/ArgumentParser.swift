/// The parsed command line of one command.
struct ParsedArguments: Sendable {
    /// Values of options that take one, by long name, in the order given.
    var values: [String: [String]] = [:]
    /// Flags that were given, by long name.
    var flags: Set<String> = []
    /// Positional arguments in order.
    var positionals: [String] = []

    /// The last value given for `--name`, if any.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Whether `--name` was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The positional at `index`, if given.
    func positional(_ index: Int) -> String? { index < positionals.count ? positionals[index] : nil }
}

/// A command line that does not fit the command's grammar.
struct UsageError: Error, Equatable {
    /// What is wrong, e.g. `unknown option '--fast'`.
    var message: String
}

/// Parses arguments against a command's options: `--name value`, `--name=value`,
/// `-n value`, `-nvalue`, grouped short flags (`-hv`), and `--` to end options.
enum ArgumentParser {
    static func parse(_ arguments: [String], for command: CommandSpec) throws(UsageError) -> ParsedArguments {
        let options = command.allOptions
        var parsed = ParsedArguments()
        var index = 0

        func record(_ option: OptionSpec, value: String?) throws(UsageError) {
            if let value {
                if parsed.values[option.long] != nil && !option.repeatable {
                    throw UsageError(message: "option '--\(option.long)' given more than once")
                }
                parsed.values[option.long, default: []].append(value)
            } else {
                parsed.flags.insert(option.long)
            }
        }

        func takeValue(for option: OptionSpec, spelled: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count else {
                throw UsageError(message: "option '\(spelled)' needs a value (\(option.valueName ?? "VALUE"))")
            }
            return arguments[index]
        }

        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                parsed.positionals.append(contentsOf: arguments[(index + 1)...])
                break
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                guard let option = options.first(where: { $0.long == name }) else {
                    throw UsageError(message: "unknown option '--\(name)'")
                }
                if let equals = body.firstIndex(of: "=") {
                    guard option.valueName != nil else {
                        throw UsageError(message: "option '--\(name)' takes no value")
                    }
                    try record(option, value: String(body[body.index(after: equals)...]))
                } else if option.valueName != nil {
                    try record(option, value: try takeValue(for: option, spelled: "--\(name)"))
                } else {
                    try record(option, value: nil)
                }
            } else if argument.hasPrefix("-") && argument.count > 1 && !Self.isNegativeNumber(argument) {
                var letters = Substring(argument.dropFirst())
                while let letter = letters.first {
                    letters = letters.dropFirst()
                    guard let option = options.first(where: { $0.short == letter }) else {
                        throw UsageError(message: "unknown option '-\(letter)'")
                    }
                    if option.valueName == nil {
                        try record(option, value: nil)
                        continue
                    }
                    let value = letters.isEmpty ? try takeValue(for: option, spelled: "-\(letter)") : String(letters)
                    try record(option, value: value)
                    break
                }
            } else {
                parsed.positionals.append(argument)
            }
            index += 1
        }

        if parsed.flag("help") { return parsed }
        if parsed.positionals.count > command.positionals.count {
            let extra = parsed.positionals[command.positionals.count]
            throw UsageError(message: "unexpected argument '\(extra)'")
        }
        if let missing = command.positionals.dropFirst(parsed.positionals.count).first(where: \.isRequired) {
            throw UsageError(message: "missing \(missing.name) (\(missing.help))")
        }
        return parsed
    }

    /// `-5` or `-0.5` is a value (a negative number), not an option.
    static func isNegativeNumber(_ argument: String) -> Bool {
        Double(argument) != nil
    }
}
