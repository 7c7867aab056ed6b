import AgentLog
import Glibc

/// Text for people: results on stdout, problems on stderr. Logs go through
/// `AgentLog` instead; this is for a command's own output.
enum Console {
    /// Writes `text` to stdout as is.
    static func output(_ text: String) { write(text, to: 1) }

    /// Writes `text` to stderr as is.
    static func error(_ text: String) { write(text, to: 2) }

    /// Whether stdout is a terminal (progress bars and colours only then).
    static var outputIsTerminal: Bool { isatty(1) == 1 }

    /// Whether stderr is a terminal.
    static var errorIsTerminal: Bool { isatty(2) == 1 }

    private static func write(_ text: String, to descriptor: Int32) { writeAll(text, to: descriptor) }
}
