/// A named source of log events (`store`, `replay`, `ble`) with fields that every
/// event carries (`device=…`, `run=…`).
///
/// Messages are constant phrases; values go in fields so logs can be searched:
/// `logger.notice("device disconnected", ["device": address, "reason": reason])`.
public struct Logger: Sendable {
    /// The component name printed before the message.
    public var label: String
    /// Fields appended to every event of this logger, in order.
    public var context: [(key: String, value: String)]
    private let output: LogOutput

    /// Creates a logger writing to `output` (the process-wide output by default).
    public init(label: String, context: [(key: String, value: String)] = [], output: LogOutput = .shared) {
        self.label = label
        self.context = context
        self.output = output
    }

    /// A logger whose events also carry `key=value` (for a device or a run).
    public func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.context.append((key, value))
        return copy
    }

    /// Writes one event when `level` is enabled.
    public func log(_ level: LogLevel, _ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        guard output.isEnabled(level) else { return }
        let all = context + fields.map { (key: $0.key, value: $0.value) }
        output.write(level: level, label: label, message: message, fields: all)
    }

    /// Detail for developers.
    public func debug(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.debug, message, fields) }
    /// Lifecycle events.
    public func info(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.info, message, fields) }
    /// Events an operator may want to know about.
    public func notice(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.notice, message, fields)
    }
    /// Someone should act soon.
    public func warning(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) {
        log(.warning, message, fields)
    }
    /// Someone must act.
    public func error(_ message: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.error, message, fields) }
}
