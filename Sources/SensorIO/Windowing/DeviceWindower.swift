/// The per-device state machine that both entry points of `Windower` drive: it aligns one
/// device's readings onto the grid and fills the window buffer.
///
/// Resampling: acceleration is linearly interpolated between the two readings that bracket a
/// grid point (for 25 Hz input that fills the missing points; for 100–200 Hz input it picks
/// from the two nearest readings). There is no anti-alias filter before downsampling: wrist
/// and chest motion carries little energy above 25 Hz, and a filter would smear the sharp
/// onsets the model looks for. Heart rate is held (zero-order) from its latest reading at or
/// before the grid point. A sample's label is that of the nearer of the two bracketing
/// acceleration readings.
///
/// Memory: one buffer of `4 × windowLength` Floats and one of `windowLength` labels, both
/// allocated once; the per-reading path allocates nothing.
final class DeviceWindower {
    let deviceID: String
    var counters = WindowerCounters()

    private let interval: Int64
    private let length: Int
    private let hop: Int
    private let maxGap: Int64
    private let maxHeartRateAge: Int64
    /// Readings beyond 2^62 µs are rejected so grid arithmetic cannot overflow.
    private static let maxTimestamp: Int64 = 1 << 62

    /// `[4][length]` channel-major samples of the window being filled.
    private let samples: UnsafeMutablePointer<Float>
    /// Per-sample labels (−1 unknown, 0 normal, > 0 anomalous).
    private let labels: UnsafeMutablePointer<Int8>
    /// Samples in the buffer; the window starts at `windowStart`.
    private var count = 0
    private var windowStart: Int64 = 0
    /// Grid samples still to skip before the next window (hop > length).
    private var skip = 0
    /// The next grid point to fill.
    private var nextGrid: Int64 = 0

    /// The latest accepted acceleration reading.
    private var hasAcceleration = false
    private var lastAccelTime: Int64 = 0
    private var lastX = 0.0
    private var lastY = 0.0
    private var lastZ = 0.0
    private var lastLabel: Int8 = -1

    /// The latest heart rate and the one before it (a heart-rate reading may arrive before
    /// the acceleration reading that completes an earlier grid point). Known shortcoming: if
    /// three or more heart-rate readings arrive between two acceleration readings (heart rate
    /// faster than acceleration, which no supported source does), grid points before the
    /// last two find no heart rate and end the window as if it were stale.
    private var hasHeartRate = false
    private var heartRateTime: Int64 = 0
    private var heartRate = 0.0
    private var previousHeartRateTime: Int64 = .min
    private var previousHeartRate = Double.nan

    init(deviceID: String, configuration: WindowerConfiguration) {
        self.deviceID = deviceID
        interval = configuration.sampleIntervalMicros
        length = configuration.windowLength
        hop = configuration.hop
        maxGap = configuration.maxGapMicros
        maxHeartRateAge = configuration.maxHeartRateAgeMicros
        samples = .allocate(capacity: WindowerConfiguration.channelCount * length)
        samples.initialize(repeating: 0, count: WindowerConfiguration.channelCount * length)
        labels = .allocate(capacity: length)
        labels.initialize(repeating: -1, count: length)
    }

    deinit {
        samples.deallocate()
        labels.deallocate()
    }

    /// Takes one reading. `heartRate` NaN means "no heart rate in this reading"; any of
    /// `x`, `y`, `z` NaN means "no acceleration". `label` −1 means unlabelled.
    @inline(__always)
    func ingest(
        time: Int64, heartRate newHeartRate: Double, x: Double, y: Double, z: Double, label: Int8,
        onWindow: (WindowView) throws -> Void
    ) rethrows {
        guard time >= 0 && time <= Self.maxTimestamp else {
            counters.readingsTimestampOutOfRange += 1
            return
        }
        // Values are stored as Float: one beyond Float's range would become ∞ in the window.
        let carriesHeartRate = Float(newHeartRate).isFinite
        let carriesAcceleration = Float(x).isFinite && Float(y).isFinite && Float(z).isFinite
        guard carriesHeartRate || carriesAcceleration else {
            counters.readingsWithoutValues += 1
            return
        }

        // Each channel must move forward in time on its own: a heart-rate notification may
        // share a timestamp with an acceleration frame without being a duplicate.
        var accepted = false
        var duplicate = false
        if carriesHeartRate {
            if !hasHeartRate || time > heartRateTime {
                if hasHeartRate {
                    previousHeartRate = heartRate
                    previousHeartRateTime = heartRateTime
                }
                heartRate = newHeartRate
                heartRateTime = time
                hasHeartRate = true
                accepted = true
            } else if time == heartRateTime {
                duplicate = true
            }
        }
        if carriesAcceleration {
            if !hasAcceleration || time > lastAccelTime {
                try acceptAcceleration(time: time, x: x, y: y, z: z, label: label, onWindow: onWindow)
                accepted = true
            } else if time == lastAccelTime {
                duplicate = true
            }
        }

        if accepted {
            counters.readingsAccepted += 1
        } else if duplicate {
            counters.readingsDuplicate += 1
        } else {
            counters.readingsOutOfOrder += 1
        }
    }

    /// Fills every grid point in (previous reading, this reading] by interpolation.
    @inline(__always)
    private func acceptAcceleration(
        time: Int64, x: Double, y: Double, z: Double, label: Int8, onWindow: (WindowView) throws -> Void
    ) rethrows {
        if hasAcceleration && time - lastAccelTime > maxGap {
            counters.gaps += 1
            dropWindowInProgress(countingIn: \.windowsDroppedForGap)
            hasAcceleration = false
        }
        if !hasAcceleration {
            // First reading (or first after a gap): start on the first grid point at or after it.
            nextGrid = (time + interval - 1) / interval * interval
            if nextGrid == time {
                try place(at: time, x: x, y: y, z: z, label: label, onWindow: onWindow)
                nextGrid += interval
            }
        } else {
            let span = Double(time - lastAccelTime)
            while nextGrid <= time {
                let fraction = Double(nextGrid - lastAccelTime) / span
                let nearer = nextGrid - lastAccelTime < time - nextGrid ? lastLabel : label
                try place(
                    at: nextGrid, x: lastX + (x - lastX) * fraction, y: lastY + (y - lastY) * fraction,
                    z: lastZ + (z - lastZ) * fraction, label: nearer, onWindow: onWindow)
                nextGrid += interval
            }
        }
        hasAcceleration = true
        lastAccelTime = time
        lastX = x
        lastY = y
        lastZ = z
        lastLabel = label
    }

    /// Puts one grid sample into the window buffer, emitting the window when it is full.
    @inline(__always)
    private func place(
        at grid: Int64, x: Double, y: Double, z: Double, label: Int8, onWindow: (WindowView) throws -> Void
    ) rethrows {
        // The heart rate in force at this grid point.
        let rate: Double
        let rateTime: Int64
        if hasHeartRate && heartRateTime <= grid {
            (rate, rateTime) = (heartRate, heartRateTime)
        } else if previousHeartRateTime != .min && previousHeartRateTime <= grid {
            (rate, rateTime) = (previousHeartRate, previousHeartRateTime)
        } else {
            counters.samplesWithoutHeartRate += 1
            dropWindowInProgress(countingIn: \.windowsDroppedForStaleHeartRate)
            return
        }
        if grid - rateTime > maxHeartRateAge {
            counters.samplesWithStaleHeartRate += 1
            dropWindowInProgress(countingIn: \.windowsDroppedForStaleHeartRate)
            return
        }
        if skip > 0 {
            skip -= 1
            return
        }

        if count == 0 { windowStart = grid }
        samples[count] = Float(rate)
        samples[length + count] = Float(x)
        samples[2 * length + count] = Float(y)
        samples[3 * length + count] = Float(z)
        labels[count] = label
        count += 1
        if count == length { try emit(onWindow) }
    }

    /// Hands out the full window and slides the buffer by the hop.
    private func emit(_ onWindow: (WindowView) throws -> Void) rethrows {
        var anomalous = 0
        var labelled = 0
        for index in 0..<length where labels[index] >= 0 {
            labelled += 1
            if labels[index] > 0 { anomalous += 1 }
        }
        counters.windowsEmitted += 1
        let view = WindowView(
            deviceID: deviceID, startMicros: windowStart, endMicros: windowStart + Int64(length) * interval,
            samples: UnsafeBufferPointer(start: samples, count: WindowerConfiguration.channelCount * length),
            anomalousSamples: labelled == length ? anomalous : nil, labelledSamples: labelled, length: length)
        // Slide before calling out so a throwing callback leaves consistent state behind.
        defer { slide() }
        try onWindow(view)
    }

    private func slide() {
        guard hop < length else {
            count = 0
            skip = hop - length
            return
        }
        let kept = length - hop
        for channel in 0..<WindowerConfiguration.channelCount {
            let base = samples + channel * length
            base.update(from: base + hop, count: kept)
        }
        labels.update(from: labels + hop, count: kept)
        count = kept
        windowStart += Int64(hop) * interval
    }

    /// Drops the windows that have started but not completed, counting them under `reason`.
    /// With overlap, every hop-aligned start in the buffer is a window in progress.
    private func dropWindowInProgress(countingIn reason: WritableKeyPath<WindowerCounters, Int>) {
        if count > 0 {
            counters[keyPath: reason] += hop < length ? (count + hop - 1) / hop : 1
        }
        count = 0
        skip = 0
    }

    /// Ends the input: windows in progress are dropped as `windowsDroppedAtEnd`, and the next
    /// reading starts afresh (as after a gap), keeping the held heart rate.
    func finish() {
        dropWindowInProgress(countingIn: \.windowsDroppedAtEnd)
        hasAcceleration = false
    }
}
