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

    /// The decoding buffers of the row group this batch came from, kept for reuse.
    var scratch = DecodeScratch()
    /// The label column as the file stores it (before narrowing to Int8), kept for reuse.
    var storedLabels: ColumnValues?

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
        var oldLabels: [Int8] = []
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
            if hasLabels, let stored = old.storedLabels {
                columns.append(ColumnData(descriptor: schema[columnIndices[5]], values: stored, validity: nil))
            }
            let buffers = old.scratch
            oldLabels = old.labels ?? []
            old = ReplayBatch(
                rowGroup: 0, timestampMicros: [], heartRate: [], accelX: [], accelY: [], accelZ: [], labels: nil)
            recycled = RowGroupData(index: 0, rowCount: 0, columns: columns, scratch: buffers)
        }
        var group = try file.readRowGroup(index, columnIndices: columnIndices, reusing: &recycled)
        do {
            let timestamps = try Self.timestamps(group.columns[0])
            var labels: [Int8]?
            var storedLabels: ColumnValues?
            if hasLabels {
                try Self.labels(group.columns[5], into: &oldLabels)
                labels = oldLabels
                // Keep the stored column for the next row group; the group lets go of it.
                storedLabels = group.columns[5].values
                group.columns.removeLast()
            }
            var batch = ReplayBatch(
                rowGroup: index, timestampMicros: timestamps, heartRate: Self.channel(group.columns[1]),
                accelX: Self.channel(group.columns[2]), accelY: Self.channel(group.columns[3]),
                accelZ: Self.channel(group.columns[4]), labels: labels)
            batch.scratch = group.scratch
            batch.storedLabels = storedLabels
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

    /// Converts the label column into `labels` (reusing its storage when it is large enough).
    private static func labels(_ column: ColumnData, into labels: inout [Int8]) throws {
        switch column.values {
        case .boolean(let flags): labels = flags.map { $0 ? 1 : 0 }
        case .int32(let ints): try narrow(ints, column, into: &labels)
        case .int64(let ints): try narrow(ints, column, into: &labels)
        default: preconditionFailure("label type was checked at open")
        }
        if let validity = column.validity {
            for row in labels.indices where !validity[row] { labels[row] = ReplayBatch.missingLabel }
        }
    }

    /// Narrows integer labels to Int8 in `result`; a present value outside -127...127 is an
    /// error (-128 marks a missing label). Null rows hold 0 here and are marked by the caller.
    private static func narrow<T: FixedWidthInteger>(
        _ values: [T], _ column: ColumnData, into result: inout [Int8]
    ) throws {
        if result.count > values.count {
            result.removeLast(result.count - values.count)
        } else if result.count < values.count {
            result.append(contentsOf: repeatElement(0, count: values.count - result.count))
        }
        // Branch-free range check: value + 127 lies in 0...254 exactly when value is in range
        // (a wrapped sum is negative, so its magnitude is far above 254).
        var outOfRange: UInt8 = 0
        result.withUnsafeMutableBufferPointer { target in
            values.withUnsafeBufferPointer { source in
                for index in 0..<source.count {
                    let value = source[index]
                    outOfRange |= T.Magnitude(truncatingIfNeeded: value &+ 127) > 254 ? 1 : 0
                    target[index] = Int8(truncatingIfNeeded: value)
                }
            }
        }
        guard outOfRange == 0 else {
            let bad = values.firstIndex { $0 < -127 || $0 > 127 } ?? 0
            throw ParquetError(
                column: column.descriptor.name,
                reason: .corruptPage("label \(values[bad]) at row \(bad) is outside -127...127"))
        }
    }
}
