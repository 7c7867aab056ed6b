import Glibc

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (never
/// into pipes, files or the journal) and redrawn at most ten times a second.
struct ProgressBar {
    private let label: String
    private let enabled: Bool
    private var lastDrawNanos: UInt64 = 0
    private let startNanos: UInt64

    /// A bar titled `label`; `enabled` defaults to whether stderr is a terminal.
    init(label: String, enabled: Bool = Console.errorIsTerminal) {
        self.label = label
        self.enabled = enabled
        startNanos = Self.monotonicNanos()
    }

    /// Redraws with `fraction` done (0…1) and a short `detail` such as `1.2M rows`.
    mutating func update(fraction: Double, detail: String = "") {
        guard enabled else { return }
        let now = Self.monotonicNanos()
        guard now - lastDrawNanos >= 100_000_000 || fraction >= 1 else { return }
        lastDrawNanos = now
        let clamped = min(max(fraction, 0), 1)
        let width = 30
        let filled = Int(clamped * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let seconds = Double(now - startNanos) / 1e9
        let percent = Int(clamped * 100)
        Console.error("\r\(label) [\(bar)] \(percent)% \(detail) \(Self.format(seconds: seconds))\u{1B}[K")
    }

    /// Clears the bar's line so the next output starts clean.
    func finish() {
        guard enabled else { return }
        Console.error("\r\u{1B}[K")
    }

    private static func format(seconds: Double) -> String {
        seconds < 60 ? "\(Int(seconds))s" : "\(Int(seconds) / 60)m\(Int(seconds) % 60)s"
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    static func monotonicNanos() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
