/// ISO-8601 text of dates, times and timestamps, written without Foundation so every
/// representable Int64 (including years far outside 0...9999) formats without trapping.
/// Public because the agent's summaries and reports print times the same way.
public enum TimeText {
    /// Civil date of `days` since 1970-01-01 (proleptic Gregorian).
    static func civil(days: Int64) -> (year: Int64, month: Int, day: Int) {
        // Shift to an era-based count starting 0000-03-01 so leap days fall at the end of a year.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// `YYYY-MM-DD`.
    static func date(days: Int64) -> String {
        let (year, month, day) = civil(days: days)
        let yearText = year >= 0 ? pad(year, 4) : "-" + pad(-year, 4)
        return "\(yearText)-\(pad(Int64(month), 2))-\(pad(Int64(day), 2))"
    }

    /// Units per second.
    static func perSecond(_ unit: TimeUnit) -> Int64 {
        switch unit {
        case .millis: 1000
        case .micros: 1_000_000
        case .nanos: 1_000_000_000
        }
    }

    static func digits(_ unit: TimeUnit) -> Int {
        switch unit {
        case .millis: 3
        case .micros: 6
        case .nanos: 9
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS.fff…` with the unit's number of fraction digits, plus `Z` when UTC.
    public static func timestamp(raw: Int64, unit: TimeUnit, utc: Bool) -> String {
        let scale = perSecond(unit)
        let perDay = scale * 86_400
        var days = raw / perDay
        var within = raw % perDay
        if within < 0 {
            within += perDay
            days -= 1
        }
        return date(days: days) + "T" + time(raw: within, unit: unit) + (utc ? "Z" : "")
    }

    /// `HH:MM:SS.fff…` of `raw` units since midnight.
    static func time(raw: Int64, unit: TimeUnit) -> String {
        let scale = perSecond(unit)
        let seconds = raw / scale
        let fraction = raw % scale
        let clock = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        return clock + "." + pad(fraction.magnitude, digits(unit))
    }

    /// INT96: Julian day and nanoseconds of day, nanosecond precision (no wrap-around).
    static func int96(_ value: Int96) -> String {
        let days = Int64(value.julianDay) - Int96.unixEpochJulianDay
        let nanos = value.nanosOfDay
        guard nanos >= 0, nanos < 86_400_000_000_000 else {
            return date(days: days) + "T+" + String(nanos) + "ns"
        }
        return date(days: days) + "T" + time(raw: nanos, unit: .nanos)
    }

    private static func pad<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
