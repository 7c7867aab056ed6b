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
}
