/// A 96-bit legacy timestamp as stored: nanoseconds within the day, then the Julian day.
/// Three 32-bit words so the stride is 12 bytes and PLAIN pages copy straight in.
public struct Int96: Sendable, Equatable, BitwiseCopyable {
    /// Low 32 bits of the nanoseconds of day.
    public var nanosLow: UInt32
    /// High 32 bits of the nanoseconds of day.
    public var nanosHigh: UInt32
    /// Julian day number (Unix epoch is day 2,440,588).
    public var julianDayBits: UInt32

    /// Creates a value from its parts.
    public init(nanosOfDay: Int64, julianDay: Int32) {
        let bits = UInt64(bitPattern: nanosOfDay)
        nanosLow = UInt32(truncatingIfNeeded: bits)
        nanosHigh = UInt32(truncatingIfNeeded: bits >> 32)
        julianDayBits = UInt32(bitPattern: julianDay)
    }

    /// Nanoseconds within the day, as written (may be out of range in corrupt files).
    public var nanosOfDay: Int64 { Int64(bitPattern: UInt64(nanosHigh) << 32 | UInt64(nanosLow)) }
    /// Julian day number.
    public var julianDay: Int32 { Int32(bitPattern: julianDayBits) }

    /// Julian day of 1970-01-01.
    public static let unixEpochJulianDay: Int64 = 2_440_588

    /// Nanoseconds since the Unix epoch, wrapping modulo 2^64 like Spark and Arrow do for
    /// dates outside 1677...2262.
    public var nanosecondsSinceEpoch: Int64 {
        (Int64(julianDay) &- Self.unixEpochJulianDay) &* 86_400_000_000_000 &+ nanosOfDay
    }

    /// Microseconds since the Unix epoch (wrapping modulo 2^64 like Spark), exact for years
    /// 1..9999.
    public var microsecondsSinceEpoch: Int64 {
        (Int64(julianDay) &- Self.unixEpochJulianDay) &* 86_400_000_000 &+ nanosOfDay / 1000
    }
}

/// Variable-length values of one column: all bytes back to back, plus `count + 1` offsets.
/// Value `i` is `data[offsets[i]..<offsets[i + 1]]`; a null has an empty range.
public struct ByteArrayValues: Sendable, Equatable {
    /// Concatenated value bytes.
    public var data: [UInt8] = []
    /// Start offsets into `data`, with a final end offset.
    public var offsets: [Int] = [0]

    /// Number of values.
    public var count: Int { offsets.count - 1 }

    /// The bytes of value `index`.
    public subscript(index: Int) -> ArraySlice<UInt8> { data[offsets[index]..<offsets[index + 1]] }
}

/// Decoded values of one column chunk (or of a whole row group's column), one slot per row.
/// Null rows hold zero / false / empty, and are marked in `ColumnData.validity`.
public enum ColumnValues: Sendable {
    /// BOOLEAN.
    case boolean([Bool])
    /// INT32 (also INT(8/16/32), DATE, TIME(ms), DECIMAL as stored).
    case int32([Int32])
    /// INT64 (also TIMESTAMP, TIME(us/ns), UINT64 bit patterns).
    case int64([Int64])
    /// INT96 legacy timestamps.
    case int96([Int96])
    /// FLOAT.
    case float([Float])
    /// DOUBLE.
    case double([Double])
    /// BYTE_ARRAY.
    case byteArray(ByteArrayValues)
    /// FIXED_LEN_BYTE_ARRAY: `width` bytes per row in `data`.
    case fixedLenByteArray(data: [UInt8], width: Int)

    /// Number of rows held.
    public var count: Int {
        switch self {
        case .boolean(let values): values.count
        case .int32(let values): values.count
        case .int64(let values): values.count
        case .int96(let values): values.count
        case .float(let values): values.count
        case .double(let values): values.count
        case .byteArray(let values): values.count
        case .fixedLenByteArray(let data, let width): width > 0 ? data.count / width : 0
        }
    }
}

/// One column of one row group, decoded.
public struct ColumnData: Sendable {
    /// The column's schema leaf.
    public var descriptor: ColumnDescriptor
    /// Values, one slot per row.
    public var values: ColumnValues
    /// `validity[i]` is false where row `i` is null; nil when no row is null (always for
    /// required columns, and for optional columns whose row group has no null).
    public var validity: [Bool]?

    /// Number of null rows.
    public var nullCount: Int { validity.map { $0.lazy.filter { !$0 }.count } ?? 0 }

    /// Whether row `row` is null.
    public func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }
}
