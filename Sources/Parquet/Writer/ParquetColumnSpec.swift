/// One column of a flat table to write: its name, value type, annotation and nullability.
public struct ParquetColumnSpec: Sendable, Equatable {
    /// The value types the writer stores, each mapped to one Parquet physical type.
    public enum ValueType: Sendable, Equatable {
        /// BOOLEAN.
        case boolean
        /// INT32 (also INT(8/16/32) and DATE when annotated).
        case int32
        /// INT64 (also TIMESTAMP and INT(64) when annotated).
        case int64
        /// FLOAT (binary32).
        case float
        /// DOUBLE (binary64).
        case double
        /// BYTE_ARRAY holding UTF-8 text, annotated STRING.
        case string

        /// The Parquet physical type of this value type.
        public var physicalType: PhysicalType {
            switch self {
            case .boolean: return .boolean
            case .int32: return .int32
            case .int64: return .int64
            case .float: return .float
            case .double: return .double
            case .string: return .byteArray
            }
        }
    }

    /// Column name (a flat schema: the path in schema is just this name).
    public var name: String
    /// What the column stores.
    public var valueType: ValueType
    /// Optional logical annotation (TIMESTAMP, INT(bits, signed), DATE); strings get STRING automatically.
    public var logicalType: LogicalType?
    /// Whether rows may be null (OPTIONAL with definition levels) or not (REQUIRED).
    public var isOptional: Bool
    /// Whether the writer may dictionary-encode this column (it still falls back to PLAIN when the
    /// dictionary grows past the limit). Booleans are always PLAIN.
    public var allowsDictionary: Bool

    /// Creates a column description.
    public init(
        name: String, valueType: ValueType, logicalType: LogicalType? = nil, isOptional: Bool = false,
        allowsDictionary: Bool = true
    ) {
        self.name = name
        self.valueType = valueType
        self.logicalType = valueType == .string && logicalType == nil ? .string : logicalType
        self.isOptional = isOptional
        self.allowsDictionary = allowsDictionary
    }

    /// An INT64 column annotated TIMESTAMP(MICROS, adjusted to UTC).
    public static func timestampMicrosUTC(_ name: String, isOptional: Bool = false) -> ParquetColumnSpec {
        ParquetColumnSpec(
            name: name, valueType: .int64, logicalType: .timestamp(isAdjustedToUTC: true, unit: .micros),
            isOptional: isOptional)
    }

    /// An INT32 column annotated INT(8, signed).
    public static func int8(_ name: String, isOptional: Bool = false) -> ParquetColumnSpec {
        ParquetColumnSpec(
            name: name, valueType: .int32, logicalType: .integer(bitWidth: 8, isSigned: true), isOptional: isOptional)
    }

    /// The legacy converted type matching the logical type, which older readers still need.
    var convertedType: ConvertedType? {
        switch logicalType {
        case .string: return .utf8
        case .date: return .date
        case .timestamp(true, .millis): return .timestampMillis
        case .timestamp(true, .micros): return .timestampMicros
        case .integer(let bits, let signed):
            switch (bits, signed) {
            case (8, true): return .int8
            case (16, true): return .int16
            case (32, true): return .int32
            case (64, true): return .int64
            case (8, false): return .uint8
            case (16, false): return .uint16
            case (32, false): return .uint32
            case (64, false): return .uint64
            default: return nil
            }
        default: return nil
        }
    }

    /// Checks that the annotation fits the value type; throws naming the column otherwise.
    func validate() throws(ParquetWriteError) {
        if name.isEmpty { throw .invalidSchema("a column has an empty name") }
        let fits: Bool
        switch logicalType {
        case nil: fits = valueType != .string
        case .string: fits = valueType == .string
        case .date: fits = valueType == .int32
        case .timestamp: fits = valueType == .int64
        case .integer(let bits, _):
            fits = [8, 16, 32].contains(bits) ? valueType == .int32 : bits == 64 && valueType == .int64
        case .time, .decimal, .other: fits = false
        }
        if !fits {
            throw .invalidSchema(
                "column \(name): logical type \(String(describing: logicalType)) does not fit value type \(valueType)")
        }
    }
}

/// Values of one column for a batch of rows, in a contiguous typed array.
public enum ParquetColumnValues: Sendable {
    /// BOOLEAN values.
    case boolean([Bool])
    /// INT32 values.
    case int32([Int32])
    /// INT64 values.
    case int64([Int64])
    /// FLOAT values.
    case float([Float])
    /// DOUBLE values.
    case double([Double])
    /// UTF-8 strings.
    case string([String])

    /// Number of values (rows) held.
    public var count: Int {
        switch self {
        case .boolean(let values): return values.count
        case .int32(let values): return values.count
        case .int64(let values): return values.count
        case .float(let values): return values.count
        case .double(let values): return values.count
        case .string(let values): return values.count
        }
    }

    /// The value type these values belong to.
    public var valueType: ParquetColumnSpec.ValueType {
        switch self {
        case .boolean: return .boolean
        case .int32: return .int32
        case .int64: return .int64
        case .float: return .float
        case .double: return .double
        case .string: return .string
        }
    }
}

/// One column's rows in a batch: a value per row, and for optional columns which rows are present.
public struct ParquetColumnBatch: Sendable {
    /// One value per row; a null row's value is ignored (any placeholder will do).
    public var values: ParquetColumnValues
    /// `validity[i] == false` makes row `i` null; `nil` means every row is present.
    public var validity: [Bool]?

    /// Creates a column batch.
    public init(_ values: ParquetColumnValues, validity: [Bool]? = nil) {
        self.values = values
        self.validity = validity
    }
}
