/// One row group of a replay recording, as contiguous arrays of equal length.
public struct ReplayBatch: Sendable {
    /// Label stored for rows whose label is null.
    public static let missingLabel: Int8 = .min

    /// Row group index in the file.
    public var rowGroup: Int
    /// Sample times, microseconds since the Unix epoch (UTC or naive, as the file has them).
    public var timestampMicros: [Int64]
    /// Heart rate in beats per minute; NaN where the file has null (a gap for the windower).
    public var heartRate: [Double]
    /// Acceleration X, in the file's unit (usually g); NaN where null.
    public var accelX: [Double]
    /// Acceleration Y; NaN where null.
    public var accelY: [Double]
    /// Acceleration Z; NaN where null.
    public var accelZ: [Double]
    /// Labels, when the file has a `label` column; `missingLabel` where null.
    public var labels: [Int8]?

    /// The read buffer of the row group this batch came from, kept for reuse.
    var readBuffer: [UInt8] = []

    /// Number of rows.
    public var count: Int { timestampMicros.count }
}

/// Reads the replay schema (`timestamp`, `hr`, `accel_x`, `accel_y`, `accel_z`, optional
/// `label`) one row group at a time, converting the types real writers produce:
/// timestamps as TIMESTAMP(ms/us/ns), INT96 or plain INT64 (taken as microseconds); channels as
/// FLOAT, DOUBLE or integers; labels as INT8...INT64 or BOOLEAN. Null channel values become
/// NaN; a null timestamp is an error (the row cannot be placed in time).
public final class ReplayTableReader: Sendable {
    /// Columns every replay file must have.
    public static let requiredColumns = ["timestamp", "hr", "accel_x", "accel_y", "accel_z"]
    /// The optional label column.
    public static let labelColumn = "label"

    /// The underlying file reader (metadata, schema).
    public let file: ParquetFileReader
    private let columnIndices: [Int]

    /// Whether the file has a label column.
    public var hasLabels: Bool { columnIndices.count == 6 }
    /// Number of row groups (batches).
    public var rowGroupCount: Int { file.rowGroupCount }
    /// Total rows.
    public var rowCount: Int { Int(file.metadata.numRows) }

    /// Opens `path` and checks the schema; throws `ParquetError` (reason `.schema`) listing the
    /// file's columns when one is missing or has an unusable type.
    public convenience init(path: String, limits: ParquetReadLimits = .default) throws {
        try self.init(file: ParquetFileReader(path: path, limits: limits))
    }

    /// Wraps an open file reader and checks its schema.
    public init(file: ParquetFileReader) throws {
        self.file = file
        var indices: [Int] = []
        for name in Self.requiredColumns {
            guard let index = file.schema.index(of: name) else {
                throw Self.schemaError(file, "missing column '\(name)'")
            }
            indices.append(index)
        }
        if let label = file.schema.index(of: Self.labelColumn) { indices.append(label) }
        for index in indices {
            let column = file.schema.columns[index]
            guard !column.isRepeated, Self.isAcceptable(column) else {
                throw Self.schemaError(
                    file,
                    "column '\(column.name)' is \(column.typeSummary) \(column.repetitionSummary), "
                        + "expected \(Self.expectation(for: column.name))")
            }
        }
        columnIndices = indices
    }

    private static func schemaError(_ file: ParquetFileReader, _ text: String) -> ParquetError {
        ParquetError(file: file.name, reason: .schema("\(text); the file has: \(file.schema.columnList)"))
    }

    private static func expectation(for name: String) -> String {
        switch name {
        case "timestamp": "INT64 (TIMESTAMP or plain microseconds) or INT96"
        case labelColumn: "INT32, INT64 or BOOLEAN"
        default: "FLOAT, DOUBLE, INT32 or INT64"
        }
    }

    private static func isAcceptable(_ column: ColumnDescriptor) -> Bool {
        switch column.name {
        case "timestamp": return column.physicalType == .int64 || column.physicalType == .int96
        case labelColumn: return [.int32, .int64, .boolean].contains(column.physicalType)
        default: return [.float, .double, .int32, .int64].contains(column.physicalType)
        }
    }

    /// Reads row group `index` into a batch.
    public func readRowGroup(_ index: Int) throws -> ReplayBatch {
        var nothing: ReplayBatch?
        return try readRowGroup(index, reusing: &nothing)
    }

    /// Reads row group `index`, reusing the storage of `previous` (left nil): streaming a
    /// file this way allocates its arrays once instead of once per row group.
    public func readRowGroup(_ index: Int, reusing previous: inout ReplayBatch?) throws -> ReplayBatch {
        var recycled: RowGroupData?
        if var old = previous.take() {
            let schema = file.schema.columns
            // Hand the arrays back as column storage; the batch gives up its references first.
            var columns = [
                ColumnData(descriptor: schema[columnIndices[0]], values: .int64(old.timestampMicros), validity: nil),
                ColumnData(descriptor: schema[columnIndices[1]], values: .double(old.heartRate), validity: nil),
                ColumnData(descriptor: schema[columnIndices[2]], values: .double(old.accelX), validity: nil),
                ColumnData(descriptor: schema[columnIndices[3]], values: .double(old.accelY), validity: nil),
                ColumnData(descriptor: schema[columnIndices[4]], values: .double(old.accelZ), validity: nil),
            ]
            columns.reserveCapacity(6)
            let buffer = old.readBuffer
            old = ReplayBatch(
                rowGroup: 0, timestampMicros: [], heartRate: [], accelX: [], accelY: [], accelZ: [], labels: nil)
            recycled = RowGroupData(index: 0, rowCount: 0, columns: columns, readBuffer: buffer)
        }
        let group = try file.readRowGroup(index, columnIndices: columnIndices, reusing: &recycled)
        do {
            let timestamps = try Self.timestamps(group.columns[0])
            var labels: [Int8]?
            if hasLabels { labels = try Self.labels(group.columns[5]) }
            var batch = ReplayBatch(
                rowGroup: index, timestampMicros: timestamps, heartRate: Self.channel(group.columns[1]),
                accelX: Self.channel(group.columns[2]), accelY: Self.channel(group.columns[3]),
                accelZ: Self.channel(group.columns[4]), labels: labels)
            batch.readBuffer = group.readBuffer
            return batch
        } catch let error as ParquetError {
            throw error.adding(file: file.name, rowGroup: index)
        }
    }

    // MARK: - Conversions

    private static func timestamps(_ column: ColumnData) throws -> [Int64] {
        if let validity = column.validity, let row = validity.firstIndex(of: false) {
            throw ParquetError(column: column.descriptor.name, reason: .corruptPage("timestamp is null at row \(row)"))
        }
        switch column.values {
        case .int96(let values): return values.map { $0.microsecondsSinceEpoch }
        case .int64(let values):
            switch timestampUnit(column.descriptor.element) {
            case .micros: return values
            case .nanos:
                // Floor division, so instants before 1970 round towards the past like others.
                return values.map { $0 / 1000 - ($0 % 1000 < 0 ? 1 : 0) }
            case .millis:
                var result = [Int64](repeating: 0, count: values.count)
                for (row, value) in values.enumerated() {
                    let (micros, overflow) = value.multipliedReportingOverflow(by: 1000)
                    guard !overflow else {
                        throw ParquetError(
                            column: column.descriptor.name,
                            reason: .corruptPage("millisecond timestamp \(value) at row \(row) overflows microseconds"))
                    }
                    result[row] = micros
                }
                return result
            }
        default: preconditionFailure("timestamp type was checked at open")
        }
    }

    private static func timestampUnit(_ element: SchemaElement) -> TimeUnit {
        if case .timestamp(_, let unit)? = element.logicalType { return unit }
        if element.convertedType == .timestampMillis { return .millis }
        return .micros
    }

    private static func channel(_ column: ColumnData) -> [Double] {
        var values: [Double]
        switch column.values {
        case .double(let doubles): values = doubles
        case .float(let floats): values = floats.map(Double.init)
        case .int32(let ints): values = ints.map(Double.init)
        case .int64(let ints): values = ints.map(Double.init)
        default: preconditionFailure("channel type was checked at open")
        }
        if let validity = column.validity {
            for row in values.indices where !validity[row] { values[row] = .nan }
        }
        return values
    }

    private static func labels(_ column: ColumnData) throws -> [Int8] {
        var labels: [Int8]
        switch column.values {
        case .boolean(let flags): labels = flags.map { $0 ? 1 : 0 }
        case .int32(let ints): labels = try narrow(ints, column)
        case .int64(let ints): labels = try narrow(ints, column)
        default: preconditionFailure("label type was checked at open")
        }
        if let validity = column.validity {
            for row in labels.indices where !validity[row] { labels[row] = ReplayBatch.missingLabel }
        }
        return labels
    }

    /// Narrows integer labels to Int8; a present value outside -127...127 is an error (-128
    /// marks a missing label). Null rows hold 0 here and are marked by the caller.
    private static func narrow<T: FixedWidthInteger>(_ values: [T], _ column: ColumnData) throws -> [Int8] {
        var outOfRange = false
        let result = [Int8](unsafeUninitializedCapacity: values.count) { target, initialized in
            values.withUnsafeBufferPointer { source in
                for index in 0..<source.count {
                    let value = source[index]
                    outOfRange = outOfRange || value < -127 || value > 127
                    target[index] = Int8(truncatingIfNeeded: value)
                }
            }
            initialized = values.count
        }
        guard !outOfRange else {
            let bad = values.firstIndex { $0 < -127 || $0 > 127 } ?? 0
            throw ParquetError(
                column: column.descriptor.name,
                reason: .corruptPage("label \(values[bad]) at row \(bad) is outside -127...127"))
        }
        return result
    }
}
