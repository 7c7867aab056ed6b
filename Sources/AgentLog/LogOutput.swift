// The agent targets Linux (glibc); Glibc is named explicitly where `write` would be ambiguous.
import Glibc
import Synchronization

/// Where log lines go and how they look. One process-wide instance, configured once
/// at start-up from the command line and config, shared by every `Logger`.
public final class LogOutput: Sendable {
    /// How a line is laid out.
    public enum Style: Sendable, Equatable {
        /// `2026-12-03T17:40:01.123Z notice  store: message key=value` for people at a terminal.
        case human
        /// `<5>store: message key=value` for journald, which adds time and host itself.
        case journal
    }

    private struct State {
        var minimumLevel: LogLevel
        var style: Style
        var fileDescriptor: Int32
        var capture: [String]?
    }

    private let state: Mutex<State>

    /// The process-wide output: stderr, info level, journal style when `JOURNAL_STREAM`
    /// is set (systemd connected stderr to the journal), human style otherwise.
    public static let shared = LogOutput(
        minimumLevel: .info, style: getenv("JOURNAL_STREAM") != nil ? .journal : .human, fileDescriptor: 2)

    /// Creates an output writing to `fileDescriptor`.
    public init(minimumLevel: LogLevel, style: Style, fileDescriptor: Int32) {
        state = Mutex(State(minimumLevel: minimumLevel, style: style, fileDescriptor: fileDescriptor))
    }

    /// The least severe level that is written.
    public var minimumLevel: LogLevel {
        get { state.withLock { $0.minimumLevel } }
        set { state.withLock { $0.minimumLevel = newValue } }
    }

    /// The line layout.
    public var style: Style {
        get { state.withLock { $0.style } }
        set { state.withLock { $0.style = newValue } }
    }

    /// Keeps lines in memory instead of writing them (for tests); returns what was kept before.
    @discardableResult
    public func capture(_ enabled: Bool) -> [String] {
        state.withLock { state in
            let kept = state.capture ?? []
            state.capture = enabled ? [] : nil
            return kept
        }
    }

    /// Whether an event at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= minimumLevel }

    /// Formats and writes one event as one line (a single write, so lines from
    /// several threads never interleave).
    func write(level: LogLevel, label: String, message: String, fields: [(key: String, value: String)]) {
        state.withLock { state in
            guard level >= state.minimumLevel else { return }
            var line = ""
            switch state.style {
            case .journal: line += "<\(level.rawValue)>"
            case .human: line += Self.timestamp() + " " + level.description.padding(to: 8)
            }
            line += label + ": " + message
            for (key, value) in fields { line += " " + key + "=" + Self.quoteIfNeeded(value) }
            if state.capture != nil {
                state.capture?.append(line)
                return
            }
            writeAll(line + "\n", to: state.fileDescriptor)
        }
    }

    /// Values with spaces, quotes or `=` are quoted so lines stay machine-splittable.
    static func quoteIfNeeded(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\n" }) else {
            return value
        }
        let escaped = value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
        return "\"" + escaped + "\""
    }

    /// UTC time with milliseconds, ISO 8601.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = now.tv_nsec / 1_000_000
        let millisText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(millisText)Z"
    }
}

/// Writes all of `text` to `descriptor`, retrying short writes and EINTR. A stream
/// that cannot be written (closed pipe, full disk) ends the write quietly: there is
/// nowhere left to report it.
public func writeAll(_ text: String, to descriptor: Int32) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
