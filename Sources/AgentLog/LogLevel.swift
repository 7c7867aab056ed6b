/// Severity of a log event, ordered from most to least verbose. The raw values are
/// the syslog priorities journald understands in a `<N>` line prefix.
public enum LogLevel: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// Detail for developers; off by default.
    case debug = 7
    /// Lifecycle: started, connected, finished.
    case info = 6
    /// Something an operator may want to know (a device dropped, a budget nearly spent).
    case notice = 5
    /// Someone should act soon; the agent carries on.
    case warning = 4
    /// Someone must act; a part of the agent stopped working.
    case error = 3

    /// Parses `debug`, `info`, `notice`, `warning` or `error`.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = level
    }

    /// The level's name as written in config files and on the command line.
    public var description: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        }
    }

    /// More verbose levels sort first: `debug < info < … < error`.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue > rhs.rawValue }
}
