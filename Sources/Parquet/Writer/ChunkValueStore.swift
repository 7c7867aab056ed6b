/// The non-null values of one column chunk, with what the chunk encoder needs
/// from them: PLAIN bytes for a range, a dictionary attempt, and statistics.
protocol ChunkValueStore {
    /// Number of non-null values.
    var count: Int { get }
    /// Approximate PLAIN size of one value in bytes, for sizing pages.
    var plainBytesPerValue: Int { get }
    /// Appends the PLAIN encoding of values `range` to `sink`.
    func appendPlain(_ range: Range<Int>, into sink: inout ByteSink)
    /// Dictionary-encodes the values until the dictionary's PLAIN size would exceed `limitBytes`; the result
    /// covers that prefix of the values (nil when not even the first value fits, or the type has no dictionary).
    func buildDictionary(limitBytes: Int) -> ChunkDictionary?
    /// PLAIN-encoded minimum and maximum under the type's sort order, or nil when no value is ordered.
    func minimumAndMaximum() -> (minimum: [UInt8], maximum: [UInt8])?
}

/// A chunk's dictionary: the entries in PLAIN encoding and one index per value.
struct ChunkDictionary {
    /// PLAIN encoding of the entries, in index order.
    var plainEntries: ByteSink
    /// Number of entries.
    var entryCount: Int
    /// Index in the dictionary of each of the first `coveredValues` non-null values.
    var indices: [UInt32]
    /// How many values, from the first, the dictionary covers; the rest must be written PLAIN.
    var coveredValues: Int
}

/// Values whose order for statistics is their numeric order.
protocol StatisticsOrdered: PlainFixedWidth, Comparable {
    /// True for NaN, which statistics skip.
    var isUnorderedForStatistics: Bool { get }
    /// The value to store as a minimum (floating -0.0 for any zero, per the format).
    var asStatisticsMinimum: Self { get }
    /// The value to store as a maximum (floating +0.0 for any zero).
    var asStatisticsMaximum: Self { get }
}

extension Int32: StatisticsOrdered {
    var isUnorderedForStatistics: Bool { false }
    var asStatisticsMinimum: Int32 { self }
    var asStatisticsMaximum: Int32 { self }
}

extension Int64: StatisticsOrdered {
    var isUnorderedForStatistics: Bool { false }
    var asStatisticsMinimum: Int64 { self }
    var asStatisticsMaximum: Int64 { self }
}

extension Float: StatisticsOrdered {
    var isUnorderedForStatistics: Bool { isNaN }
    var asStatisticsMinimum: Float { self == 0 ? -0.0 : self }
    var asStatisticsMaximum: Float { self == 0 ? 0.0 : self }
}

extension Double: StatisticsOrdered {
    var isUnorderedForStatistics: Bool { isNaN }
    var asStatisticsMinimum: Double { self == 0 ? -0.0 : self }
    var asStatisticsMaximum: Double { self == 0 ? 0.0 : self }
}

/// Fixed-width numeric values (INT32, INT64, FLOAT, DOUBLE) in one contiguous array.
struct FixedWidthStore<Value: StatisticsOrdered>: ChunkValueStore {
    /// The non-null values.
    var values: [Value]

    var count: Int { values.count }
    var plainBytesPerValue: Int { MemoryLayout<Value>.size }

    func appendPlain(_ range: Range<Int>, into sink: inout ByteSink) {
        values.withUnsafeBufferPointer { sink.appendPlain(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    func buildDictionary(limitBytes: Int) -> ChunkDictionary? {
        let maximumEntries = max(1, limitBytes / MemoryLayout<Value>.size)
        var lookup: [Value.Bits: UInt32] = [:]
        lookup.reserveCapacity(min(values.count, maximumEntries, 65_536))
        var entries: [Value] = []
        var indices = [UInt32](repeating: 0, count: values.count)
        var covered = values.count
        // Dictionary keys are bit patterns, so NaN payloads and signed zeros stay distinct, as PLAIN would keep them.
        for position in 0..<values.count {
            let value = values[position]
            if let index = lookup[value.plainBits] {
                indices[position] = index
                continue
            }
            if entries.count == maximumEntries {
                covered = position
                break
            }
            let index = UInt32(entries.count)
            lookup[value.plainBits] = index
            entries.append(value)
            indices[position] = index
        }
        var sink = ByteSink(capacity: entries.count * MemoryLayout<Value>.size)
        entries.withUnsafeBufferPointer { sink.appendPlain($0) }
        return ChunkDictionary(plainEntries: sink, entryCount: entries.count, indices: indices, coveredValues: covered)
    }

    func minimumAndMaximum() -> (minimum: [UInt8], maximum: [UInt8])? {
        var minimum: Value?
        var maximum: Value?
        for value in values where !value.isUnorderedForStatistics {
            if let current = minimum {
                if value < current { minimum = value }
                if value > maximum! { maximum = value }  // set together with minimum
            } else {
                minimum = value
                maximum = value
            }
        }
        guard let minimum, let maximum else { return nil }
        return (plainBytes(minimum.asStatisticsMinimum), plainBytes(maximum.asStatisticsMaximum))
    }

    private func plainBytes(_ value: Value) -> [UInt8] {
        var sink = ByteSink()
        sink.appendLittleEndian(value.plainBits)
        return sink.bytes
    }
}

/// BOOLEAN values; PLAIN packs them one bit each, least significant bit first.
struct BooleanStore: ChunkValueStore {
    /// The non-null values.
    var values: [Bool]

    var count: Int { values.count }
    var plainBytesPerValue: Int { 1 }

    func appendPlain(_ range: Range<Int>, into sink: inout ByteSink) {
        var byte: UInt8 = 0
        var bit = 0
        for position in range {
            if values[position] { byte |= 1 << UInt8(bit) }
            bit += 1
            if bit == 8 {
                sink.append(byte)
                byte = 0
                bit = 0
            }
        }
        if bit > 0 { sink.append(byte) }
    }

    func buildDictionary(limitBytes: Int) -> ChunkDictionary? { nil }

    func minimumAndMaximum() -> (minimum: [UInt8], maximum: [UInt8])? {
        guard !values.isEmpty else { return nil }
        let hasFalse = values.contains(false)
        let hasTrue = values.contains(true)
        return ([hasFalse ? 0 : 1], [hasTrue ? 1 : 0])
    }
}

/// UTF-8 strings (BYTE_ARRAY); PLAIN is a 4-byte little-endian length, then the bytes.
struct StringStore: ChunkValueStore {
    /// The non-null values.
    var values: [String]

    var count: Int { values.count }
    var plainBytesPerValue: Int {
        guard !values.isEmpty else { return 4 }
        let sample = values.prefix(1024)
        return 4 + sample.reduce(0) { $0 + $1.utf8.count } / sample.count
    }

    func appendPlain(_ range: Range<Int>, into sink: inout ByteSink) {
        for position in range { Self.appendPlain(values[position], into: &sink) }
    }

    static func appendPlain(_ value: String, into sink: inout ByteSink) {
        sink.appendLittleEndian(UInt32(value.utf8.count))
        sink.append(contentsOf: value.utf8)
    }

    func buildDictionary(limitBytes: Int) -> ChunkDictionary? {
        var lookup: [String: UInt32] = [:]
        var sink = ByteSink()
        var entryCount = 0
        var indices = [UInt32](repeating: 0, count: values.count)
        var covered = values.count
        for position in 0..<values.count {
            let value = values[position]
            if let index = lookup[value] {
                indices[position] = index
                continue
            }
            if sink.count + 4 + value.utf8.count > limitBytes {
                covered = position
                break
            }
            Self.appendPlain(value, into: &sink)
            let index = UInt32(entryCount)
            lookup[value] = index
            entryCount += 1
            indices[position] = index
        }
        guard covered > 0 else { return nil }
        return ChunkDictionary(plainEntries: sink, entryCount: entryCount, indices: indices, coveredValues: covered)
    }

    /// Statistics over strings compare their UTF-8 bytes unsigned, as the format's order for STRING says.
    func minimumAndMaximum() -> (minimum: [UInt8], maximum: [UInt8])? {
        guard var minimum = values.first.map({ Array($0.utf8) }) else { return nil }
        var maximum = minimum
        for value in values.dropFirst() {
            let bytes = value.utf8
            if bytes.lexicographicallyPrecedes(minimum) { minimum = Array(bytes) }
            if maximum.lexicographicallyPrecedes(bytes) { maximum = Array(bytes) }
        }
        return (minimum, maximum)
    }
}
