extension ParsedArguments {
    /// The integer value of `--name`, or `fallback` when absent; a usage error outside `range`.
    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(CommandFailure) -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw CommandFailure(
                .usage, "--\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return number
    }

    /// The numeric value of `--name`, or `fallback` when absent; a usage error outside `range`.
    func number(_ name: String, default fallback: Double, range: ClosedRange<Double>) throws(CommandFailure) -> Double {
        guard let text = value(name) else { return fallback }
        guard let number = Double(text), range.contains(number) else {
            throw CommandFailure(
                .usage, "--\(name) must be a number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return number
    }

    /// The numeric value of `--name`, or nil when absent; a usage error outside `range`.
    func optionalNumber(_ name: String, range: ClosedRange<Double>) throws(CommandFailure) -> Double? {
        guard value(name) != nil else { return nil }
        return try number(name, default: range.lowerBound, range: range)
    }

    /// The case of `Choice` named by `--name`, or `fallback` when absent; a usage error
    /// listing every case otherwise.
    func choice<Choice: CaseIterable & RawRepresentable>(
        _ name: String, default fallback: Choice
    ) throws(CommandFailure) -> Choice where Choice.RawValue == String {
        guard let text = value(name) else { return fallback }
        guard let chosen = Choice(rawValue: text) else {
            let names = Choice.allCases.map(\.rawValue)
            let listed = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + names.last!
            throw CommandFailure(.usage, "--\(name) must be \(listed), not '\(text)'")
        }
        return chosen
    }
}
