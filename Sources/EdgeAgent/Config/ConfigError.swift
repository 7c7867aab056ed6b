/// A configuration problem: the file, the line, the key and what was expected.
struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// The configuration file.
    var file: String
    /// 1-based line of the key or table (0 when the file as a whole is at fault).
    var line: Int
    /// Dotted key (`store.quota_mb`), empty for file-level problems.
    var key: String
    /// What is wrong and what was expected.
    var message: String

    /// `agent.toml:12: store.quota_mb: expected an integer from 16 to 1048576, found "big"`.
    var description: String {
        let location = line > 0 ? "\(file):\(line)" : file
        return key.isEmpty ? "\(location): \(message)" : "\(location): \(key): \(message)"
    }
}
