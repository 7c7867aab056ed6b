import Parquet

/// Times (µs since the Unix epoch) as UTC text for summaries and reports, on top of
/// the Parquet module's calendar code so the agent has one implementation of it.
enum UTCTime {
    /// `2026-12-03T17:40:01Z`, or with `fractionDigits` (1–6) `…:01.123Z` / `…:01.123456Z`.
    static func iso8601(micros: Int64, fractionDigits: Int = 0) -> String {
        // TimeText gives `YYYY-MM-DDTHH:MM:SS.ffffffZ` for microseconds.
        let full = TimeText.timestamp(raw: micros, unit: .micros, utc: true)
        let seconds = full.dropLast(8)
        guard fractionDigits > 0 else { return seconds + "Z" }
        return seconds + "." + full.dropLast().suffix(6).prefix(min(fractionDigits, 6)) + "Z"
    }

    /// `17:40:01` (time of day only).
    static func timeOfDay(micros: Int64) -> String {
        String(iso8601(micros: micros).dropLast().suffix(8))
    }
}
