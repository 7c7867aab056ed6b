/// What the windower did with its input, per device or in total. Reasons are separate
/// counters so a replay summary can print them and an operator can tell a flaky strap
/// (gaps) from a clock problem (out-of-order) from a missing heart rate.
public struct WindowerCounters: Sendable, Equatable {
    /// Readings used (at least one channel accepted).
    public var readingsAccepted = 0
    /// Readings dropped because their timestamp equals the previous one of the same channel.
    public var readingsDuplicate = 0
    /// Readings dropped because their timestamp is before the previous one of the same channel.
    public var readingsOutOfOrder = 0
    /// Readings dropped because no channel had a finite value (all NaN or absent).
    public var readingsWithoutValues = 0
    /// Readings dropped because the timestamp is negative or beyond year 100,000 (2^62 µs).
    public var readingsTimestampOutOfRange = 0
    /// Gaps between acceleration readings longer than the configured limit.
    public var gaps = 0
    /// Grid samples not emitted because the device had no heart rate yet.
    public var samplesWithoutHeartRate = 0
    /// Grid samples not emitted because the held heart rate was too old.
    public var samplesWithStaleHeartRate = 0
    /// Windows handed out.
    public var windowsEmitted = 0
    /// Partial windows dropped because a gap ended them.
    public var windowsDroppedForGap = 0
    /// Partial windows dropped because the heart rate went stale.
    public var windowsDroppedForStaleHeartRate = 0
    /// Partial windows dropped because the input ended (`finish`).
    public var windowsDroppedAtEnd = 0

    /// Creates zeroed counters.
    public init() {}

    /// All dropped windows, whatever the reason.
    public var windowsDropped: Int { windowsDroppedForGap + windowsDroppedForStaleHeartRate + windowsDroppedAtEnd }

    /// All dropped readings, whatever the reason.
    public var readingsDropped: Int {
        readingsDuplicate + readingsOutOfOrder + readingsWithoutValues + readingsTimestampOutOfRange
    }

    /// Field-by-field sum (for totals over devices).
    public static func + (lhs: WindowerCounters, rhs: WindowerCounters) -> WindowerCounters {
        var sum = lhs
        sum.readingsAccepted += rhs.readingsAccepted
        sum.readingsDuplicate += rhs.readingsDuplicate
        sum.readingsOutOfOrder += rhs.readingsOutOfOrder
        sum.readingsWithoutValues += rhs.readingsWithoutValues
        sum.readingsTimestampOutOfRange += rhs.readingsTimestampOutOfRange
        sum.gaps += rhs.gaps
        sum.samplesWithoutHeartRate += rhs.samplesWithoutHeartRate
        sum.samplesWithStaleHeartRate += rhs.samplesWithStaleHeartRate
        sum.windowsEmitted += rhs.windowsEmitted
        sum.windowsDroppedForGap += rhs.windowsDroppedForGap
        sum.windowsDroppedForStaleHeartRate += rhs.windowsDroppedForStaleHeartRate
        sum.windowsDroppedAtEnd += rhs.windowsDroppedAtEnd
        return sum
    }
}

/// A finished window, lent to the caller's closure: `samples` is valid only during the call
/// (it points into the windower's reusable buffer; copy it to keep it).
public struct WindowView {
    /// The device the window belongs to.
    public var deviceID: String
    /// Time of the first sample (µs, on the grid).
    public var startMicros: Int64
    /// Time just after the last sample: start + length × interval (µs).
    public var endMicros: Int64
    /// Samples, channel-major `[4][length]`: all heart rates (bpm), then acceleration x, y, z
    /// (m/s²) — the `[C][W]` slice of the model's `[N][C][W]` (NCW) input, unstandardized.
    public var samples: UnsafeBufferPointer<Float>
    /// Samples whose source reading was labelled anomalous (label > 0), when every sample of
    /// the window carried a label; nil otherwise. Apply the shared `WindowLabelRule` to
    /// (`anomalousSamples`, `labelledSamples`).
    public var anomalousSamples: Int?
    /// Samples that carried a label (0 when the source has no labels).
    public var labelledSamples: Int
    /// Samples per channel.
    public var length: Int

    /// The samples copied out of the windower's buffer.
    public func copySamples() -> [Float] { Array(samples) }
}
