/// A bounded summary of a long time series for plotting: the series is cut into
/// equal time buckets, each keeping its minimum, maximum and mean, so a day at
/// 50 Hz (4.3 million samples) draws as a few thousand points without hiding spikes.
///
/// Buckets start 1 s wide and double (merging neighbours) whenever the series
/// outgrows `maximumBuckets`, so memory stays bounded however long the input is.
struct SeriesEnvelope {
    /// One bucket's aggregate.
    struct Bucket: Equatable {
        var minimum: Double
        var maximum: Double
        var sum: Double
        var count: Int

        var mean: Double { sum / Double(count) }

        mutating func merge(_ other: Bucket) {
            minimum = Swift.min(minimum, other.minimum)
            maximum = Swift.max(maximum, other.maximum)
            sum += other.sum
            count += other.count
        }
    }

    /// Microseconds at which bucket 0 starts (the first sample's time).
    private(set) var originMicros: Int64?
    /// Width of every bucket in microseconds.
    private(set) var bucketMicros: Int64 = 1_000_000
    /// Buckets in time order; `nil` where no sample fell.
    private(set) var buckets: [Bucket?] = []
    let maximumBuckets: Int

    init(maximumBuckets: Int = 2048) {
        precondition(maximumBuckets >= 2 && maximumBuckets % 2 == 0, "bucket count must be even and at least 2")
        self.maximumBuckets = maximumBuckets
    }

    /// Adds one sample; NaN values (gaps) are skipped, and samples before the
    /// first one (out of order) fold into bucket 0.
    mutating func add(timeMicros: Int64, value: Double) {
        guard !value.isNaN else { return }
        let origin = originMicros ?? timeMicros
        originMicros = origin
        var index = Int(max(0, timeMicros - origin) / bucketMicros)
        while index >= maximumBuckets {
            coarsen()
            index = Int(max(0, timeMicros - origin) / bucketMicros)
        }
        if index >= buckets.count { buckets.append(contentsOf: repeatElement(nil, count: index - buckets.count + 1)) }
        let sample = Bucket(minimum: value, maximum: value, sum: value, count: 1)
        if var existing = buckets[index] {
            existing.merge(sample)
            buckets[index] = existing
        } else {
            buckets[index] = sample
        }
    }

    /// Doubles the bucket width, merging neighbouring buckets.
    private mutating func coarsen() {
        var merged: [Bucket?] = []
        merged.reserveCapacity(maximumBuckets / 2)
        var index = 0
        while index < buckets.count {
            var bucket = buckets[index]
            if index + 1 < buckets.count, let next = buckets[index + 1] {
                if var first = bucket {
                    first.merge(next)
                    bucket = first
                } else {
                    bucket = next
                }
            }
            merged.append(bucket)
            index += 2
        }
        buckets = merged
        bucketMicros *= 2
    }

    /// Time span covered, in microseconds from the origin to the end of the last bucket.
    var spanMicros: Int64 { Int64(buckets.count) * bucketMicros }

    /// Smallest and largest value seen, or nil for an empty series.
    var valueRange: ClosedRange<Double>? {
        let present = buckets.compactMap { $0 }
        guard let low = present.map(\.minimum).min(), let high = present.map(\.maximum).max() else { return nil }
        return low...high
    }
}
