import TOML

/// Reads the keys of one configuration table, checking types and ranges, and
/// remembers which keys were read so that `finish()` can reject unknown ones.
struct ConfigTableReader {
    let file: String
    let table: TOMLTable
    /// Dotted path of this table (`federation`, `device[2]`); empty for the root.
    let path: String
    private var readKeys: Set<String> = []

    init(file: String, table: TOMLTable, path: String) {
        self.file = file
        self.table = table
        self.path = path
    }

    private func dotted(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func failure(_ key: String, _ message: String, line: Int? = nil) -> ConfigError {
        ConfigError(file: file, line: line ?? table[key]?.line ?? table.line, key: dotted(key), message: message)
    }

    private func found(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): "the string \"\(text)\""
        case .integer(let number): "the integer \(number)"
        case .float(let number): "the float \(number)"
        case .boolean(let flag): "\(flag)"
        case .array: "an array"
        case .table: "a table"
        }
    }

    private mutating func node(_ key: String) -> TOMLNode? {
        readKeys.insert(key)
        return table[key]
    }

    // MARK: - Scalars

    /// A string; `nil` default makes the key required.
    mutating func string(
        _ key: String, default fallback: String?, expected: String = "a string"
    ) throws(ConfigError)
        -> String
    {
        guard let node = node(key) else {
            if let fallback { return fallback }
            throw failure(key, "missing required key; expected \(expected)")
        }
        guard case .string(let text) = node.value else {
            throw failure(key, "expected \(expected), found \(found(node.value))")
        }
        return text
    }

    /// One of a fixed set of words.
    mutating func choice(_ key: String, default fallback: String?, allowed: [String]) throws(ConfigError) -> String {
        let expected = "one of " + allowed.map { "\"\($0)\"" }.joined(separator: ", ")
        let text = try string(key, default: fallback, expected: expected)
        guard allowed.contains(text) else { throw failure(key, "expected \(expected), found \"\(text)\"") }
        return text
    }

    /// An integer within `range`.
    mutating func integer(_ key: String, default fallback: Int?, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let expected = "an integer from \(range.lowerBound) to \(range.upperBound)"
        guard let node = node(key) else {
            if let fallback { return fallback }
            throw failure(key, "missing required key; expected \(expected)")
        }
        guard case .integer(let number) = node.value else {
            throw failure(key, "expected \(expected), found \(found(node.value))")
        }
        guard let value = Int(exactly: number), range.contains(value) else {
            throw failure(key, "expected \(expected), found \(number)")
        }
        return value
    }

    /// A number (integer or float) within `range`.
    mutating func number(
        _ key: String, default fallback: Double?, range: ClosedRange<Double>
    ) throws(ConfigError)
        -> Double
    {
        if let value = try optionalNumber(key, range: range) { return value }
        if let fallback { return fallback }
        throw failure(key, "missing required key; expected a number from \(range.lowerBound) to \(range.upperBound)")
    }

    /// A number (integer or float) within `range`, or nil when the key is absent.
    mutating func optionalNumber(_ key: String, range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        let expected = "a number from \(range.lowerBound) to \(range.upperBound)"
        guard let node = node(key) else { return nil }
        let value: Double
        switch node.value {
        case .float(let number): value = number
        case .integer(let number): value = Double(number)
        default: throw failure(key, "expected \(expected), found \(found(node.value))")
        }
        guard range.contains(value) else { throw failure(key, "expected \(expected), found \(value)") }
        return value
    }

    /// `true` or `false`.
    mutating func boolean(_ key: String, default fallback: Bool) throws(ConfigError) -> Bool {
        guard let node = node(key) else { return fallback }
        guard case .boolean(let flag) = node.value else {
            throw failure(key, "expected true or false, found \(found(node.value))")
        }
        return flag
    }

    // MARK: - Structure

    /// The sub-table `key`, or an empty one when absent.
    mutating func table(_ key: String) throws(ConfigError) -> ConfigTableReader {
        guard let node = node(key) else {
            return ConfigTableReader(file: file, table: TOMLTable(line: 0), path: dotted(key))
        }
        guard case .table(let child) = node.value else {
            throw failure(key, "expected a table [\(dotted(key))], found \(found(node.value))")
        }
        return ConfigTableReader(file: file, table: child, path: dotted(key))
    }

    /// The tables of the array of tables `[[key]]` (empty when absent).
    mutating func arrayOfTables(_ key: String) throws(ConfigError) -> [ConfigTableReader] {
        guard let node = node(key) else { return [] }
        guard case .array(let elements) = node.value else {
            throw failure(key, "expected one or more [[\(dotted(key))]] tables, found \(found(node.value))")
        }
        var readers: [ConfigTableReader] = []
        for (index, element) in elements.enumerated() {
            guard case .table(let child) = element.value else {
                throw failure(
                    key, "expected [[\(dotted(key))]] tables, found \(found(element.value))", line: element.line)
            }
            readers.append(ConfigTableReader(file: file, table: child, path: "\(dotted(key))[\(index + 1)]"))
        }
        return readers
    }

    /// An error about this table's key, for cross-key checks done by the caller.
    func invalid(_ key: String, _ message: String) -> ConfigError { failure(key, message) }

    /// Rejects every key that was never read: a misspelt key must not be silently ignored.
    func finish() throws(ConfigError) {
        for key in table.keys where !readKeys.contains(key) {
            let known = readKeys.sorted().joined(separator: ", ")
            throw failure(key, "unknown key; this table accepts: \(known)")
        }
    }
}
