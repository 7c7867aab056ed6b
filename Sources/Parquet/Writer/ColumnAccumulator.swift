/// Rows of one column waiting to be written as part of the next row group.
struct ColumnAccumulator {
    /// The column.
    let spec: ParquetColumnSpec
    private var values: ParquetColumnValues
    /// Presence per row, kept only for optional columns.
    private var validity: [Bool]

    /// Creates an empty buffer for `spec`.
    init(spec: ParquetColumnSpec) {
        self.spec = spec
        validity = []
        switch spec.valueType {
        case .boolean: values = .boolean([])
        case .int32: values = .int32([])
        case .int64: values = .int64([])
        case .float: values = .float([])
        case .double: values = .double([])
        case .string: values = .string([])
        }
    }

    /// Rows buffered.
    var rowCount: Int { values.count }

    /// Appends a batch whose type and length the writer already checked.
    mutating func append(_ batch: ParquetColumnBatch) {
        switch (values, batch.values) {
        case (.boolean(var old), .boolean(let new)): Self.move(&values, &old, new) { .boolean($0) }
        case (.int32(var old), .int32(let new)): Self.move(&values, &old, new) { .int32($0) }
        case (.int64(var old), .int64(let new)): Self.move(&values, &old, new) { .int64($0) }
        case (.float(var old), .float(let new)): Self.move(&values, &old, new) { .float($0) }
        case (.double(var old), .double(let new)): Self.move(&values, &old, new) { .double($0) }
        case (.string(var old), .string(let new)): Self.move(&values, &old, new) { .string($0) }
        default: preconditionFailure("batch type checked by ParquetWriter.validate")
        }
        if spec.isOptional {
            if let present = batch.validity {
                validity.append(contentsOf: present)
            } else {
                validity.append(contentsOf: repeatElement(true, count: batch.values.count))
            }
        }
    }

    /// Encodes the first `rows` rows as a column chunk and drops them from the buffer.
    mutating func writeChunk(rows: Int, encoder: ColumnChunkEncoder, file: OutputFile) throws -> WrittenColumnChunk {
        let chunkValidity: [Bool]? = spec.isOptional ? Array(validity[0..<rows]) : nil
        let nullCount = chunkValidity.map { $0.reduce(0) { $0 + ($1 ? 0 : 1) } } ?? 0
        let result: WrittenColumnChunk
        switch values {
        case .boolean(let all):
            result = try encoder.write(
                BooleanStore(values: Self.present(all, chunkValidity, rows)), validity: chunkValidity, rowCount: rows,
                nullCount: nullCount, to: file)
        case .int32(let all):
            result = try encoder.write(
                FixedWidthStore(values: Self.present(all, chunkValidity, rows)), validity: chunkValidity,
                rowCount: rows, nullCount: nullCount, to: file)
        case .int64(let all):
            result = try encoder.write(
                FixedWidthStore(values: Self.present(all, chunkValidity, rows)), validity: chunkValidity,
                rowCount: rows, nullCount: nullCount, to: file)
        case .float(let all):
            result = try encoder.write(
                FixedWidthStore(values: Self.present(all, chunkValidity, rows)), validity: chunkValidity,
                rowCount: rows, nullCount: nullCount, to: file)
        case .double(let all):
            result = try encoder.write(
                FixedWidthStore(values: Self.present(all, chunkValidity, rows)), validity: chunkValidity,
                rowCount: rows, nullCount: nullCount, to: file)
        case .string(let all):
            result = try encoder.write(
                StringStore(values: Self.present(all, chunkValidity, rows)), validity: chunkValidity, rowCount: rows,
                nullCount: nullCount, to: file)
        }
        dropFirst(rows)
        return result
    }

    // MARK: - Helpers

    /// Appends `new` to `old` without a copy of the buffered array (the enum payload is moved out first).
    private static func move<Element>(
        _ values: inout ParquetColumnValues, _ old: inout [Element], _ new: [Element],
        _ wrap: ([Element]) -> ParquetColumnValues
    ) {
        values = .boolean([])
        old.append(contentsOf: new)
        values = wrap(old)
    }

    /// The values of the first `rows` rows that are not null.
    private static func present<Element>(_ all: [Element], _ validity: [Bool]?, _ rows: Int) -> [Element] {
        if rows == all.count && validity == nil { return all }
        guard let validity else { return Array(all[0..<rows]) }
        var result: [Element] = []
        result.reserveCapacity(rows)
        for row in 0..<rows where validity[row] { result.append(all[row]) }
        return result
    }

    private mutating func dropFirst(_ rows: Int) {
        if spec.isOptional { validity.removeFirst(rows) }
        switch values {
        case .boolean(var all):
            values = .boolean([])
            all.removeFirst(rows)
            values = .boolean(all)
        case .int32(var all):
            values = .int32([])
            all.removeFirst(rows)
            values = .int32(all)
        case .int64(var all):
            values = .int64([])
            all.removeFirst(rows)
            values = .int64(all)
        case .float(var all):
            values = .float([])
            all.removeFirst(rows)
            values = .float(all)
        case .double(var all):
            values = .double([])
            all.removeFirst(rows)
            values = .double(all)
        case .string(var all):
            values = .string([])
            all.removeFirst(rows)
            values = .string(all)
        }
    }
}
