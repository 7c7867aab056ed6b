/// Enumerations of the Parquet format (parquet.thrift), with their Thrift wire
/// values. Shared by the reader and the writer.
public enum ParquetFormat {
    /// The four bytes that open and close every Parquet file.
    public static let magic: [UInt8] = Array("PAR1".utf8)
}

/// How values of a column are stored on disk.
public enum PhysicalType: Int32, Sendable, CaseIterable {
    /// One bit per value.
    case boolean = 0
    /// 32-bit signed little-endian integer.
    case int32 = 1
    /// 64-bit signed little-endian integer.
    case int64 = 2
    /// 96-bit legacy timestamp (nanoseconds of day, then Julian day).
    case int96 = 3
    /// IEEE-754 binary32.
    case float = 4
    /// IEEE-754 binary64.
    case double = 5
    /// Length-prefixed bytes.
    case byteArray = 6
    /// Bytes of a length fixed by the schema.
    case fixedLenByteArray = 7
}

/// Value and level encodings.
public enum Encoding: Int32, Sendable, CaseIterable {
    /// Values back to back.
    case plain = 0
    /// Dictionary indices, legacy name for data pages (same layout as `rleDictionary`).
    case plainDictionary = 2
    /// RLE / bit-packed hybrid.
    case rle = 3
    /// Deprecated bit-packed levels.
    case bitPacked = 4
    /// Delta encoding of integers in miniblocks.
    case deltaBinaryPacked = 5
    /// Delta-encoded lengths, then the bytes.
    case deltaLengthByteArray = 6
    /// Shared prefixes and suffixes (incremental encoding).
    case deltaByteArray = 7
    /// Dictionary indices as RLE / bit-packed hybrid.
    case rleDictionary = 8
    /// Bytes of each value split into streams by position.
    case byteStreamSplit = 9
}

/// Page compression codecs.
public enum CompressionCodec: Int32, Sendable, CaseIterable {
    /// No compression.
    case uncompressed = 0
    /// Snappy raw format.
    case snappy = 1
    /// Gzip (zlib with a gzip header).
    case gzip = 2
    /// LZO (not built in).
    case lzo = 3
    /// Brotli (not built in).
    case brotli = 4
    /// Deprecated LZ4: Hadoop-framed or raw, depending on the writer.
    case lz4 = 5
    /// Zstandard frames.
    case zstd = 6
    /// LZ4 block format without framing.
    case lz4Raw = 7
}

/// Kinds of page in a column chunk.
public enum PageType: Int32, Sendable, CaseIterable {
    /// Data page, format version 1.
    case dataPage = 0
    /// Index page (unused by flat tables).
    case indexPage = 1
    /// Dictionary page.
    case dictionaryPage = 2
    /// Data page, format version 2 (levels stored uncompressed before values).
    case dataPageV2 = 3
}

/// Whether a field may be null or repeat.
public enum FieldRepetitionType: Int32, Sendable, CaseIterable {
    /// Exactly one value per row.
    case required = 0
    /// Zero or one value per row.
    case optional = 1
    /// Zero or more values per row (nested; not supported by this reader).
    case repeated = 2
}

/// Legacy annotations of physical types (superseded by logical types, still written).
public enum ConvertedType: Int32, Sendable, CaseIterable {
    /// UTF-8 string.
    case utf8 = 0
    /// Map.
    case map = 1
    /// Map key/value.
    case mapKeyValue = 2
    /// List.
    case list = 3
    /// Enum string.
    case enumeration = 4
    /// Decimal.
    case decimal = 5
    /// Days since the Unix epoch.
    case date = 6
    /// Milliseconds since midnight.
    case timeMillis = 7
    /// Microseconds since midnight.
    case timeMicros = 8
    /// Milliseconds since the Unix epoch, UTC.
    case timestampMillis = 9
    /// Microseconds since the Unix epoch, UTC.
    case timestampMicros = 10
    /// Unsigned 8-bit integer.
    case uint8 = 11
    /// Unsigned 16-bit integer.
    case uint16 = 12
    /// Unsigned 32-bit integer.
    case uint32 = 13
    /// Unsigned 64-bit integer.
    case uint64 = 14
    /// Signed 8-bit integer.
    case int8 = 15
    /// Signed 16-bit integer.
    case int16 = 16
    /// Signed 32-bit integer.
    case int32 = 17
    /// Signed 64-bit integer.
    case int64 = 18
    /// JSON document.
    case json = 19
    /// BSON document.
    case bson = 20
    /// Interval.
    case interval = 21
}

/// Resolution of a TIMESTAMP or TIME logical type.
public enum TimeUnit: Sendable, Equatable {
    /// Milliseconds.
    case millis
    /// Microseconds.
    case micros
    /// Nanoseconds.
    case nanos
}

/// The logical types flat wearable tables use (a subset of parquet.thrift's LogicalType union).
public enum LogicalType: Sendable, Equatable {
    /// UTF-8 string.
    case string
    /// Days since the Unix epoch.
    case date
    /// Instant or local date-time.
    case timestamp(isAdjustedToUTC: Bool, unit: TimeUnit)
    /// Time of day.
    case time(isAdjustedToUTC: Bool, unit: TimeUnit)
    /// Integer of a given width and signedness.
    case integer(bitWidth: Int8, isSigned: Bool)
    /// Decimal with precision and scale.
    case decimal(scale: Int32, precision: Int32)
    /// A logical type this library does not interpret (union field id kept).
    case other(fieldID: Int16)
}
