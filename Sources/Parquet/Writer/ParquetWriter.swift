/// Writes a flat Parquet table row group by row group.
///
/// Rows arrive in batches (`write(_:)`); whenever `rowsPerRowGroup` rows are
/// buffered they are encoded and written, so memory stays bounded by one row
/// group. The file is written under a temporary name and appears under its real
/// name only when `close()` succeeds; an error, `abandon()`, or dropping the
/// writer unclosed removes the temporary file.
///
/// Layout: `PAR1`, column chunks (dictionary page when it pays, data pages v1),
/// the Thrift-compact FileMetaData, its length, `PAR1`.
public final class ParquetWriter {
    /// The columns, in file order.
    public let schema: [ParquetColumnSpec]
    /// The settings in force.
    public let options: ParquetWriterOptions
    /// The destination path.
    public var path: String { file.path }
    /// Rows written or buffered so far.
    public private(set) var rowCount: Int = 0

    private let file: OutputFile
    private let compressor: PageCompressor
    private var buffers: [ColumnAccumulator]
    private var rowGroups: [WrittenRowGroup] = []
    private var isFinished = false

    /// Starts a file at `path` (replaced on `close()` if it exists).
    public init(
        path: String, schema: [ParquetColumnSpec], options: ParquetWriterOptions = ParquetWriterOptions()
    )
        throws(ParquetWriteError)
    {
        if schema.isEmpty { throw .invalidSchema("a table needs at least one column") }
        for column in schema { try column.validate() }
        var seen = Set<String>()
        for column in schema where !seen.insert(column.name).inserted {
            throw .invalidSchema("column name \(column.name) appears twice")
        }
        try options.validate()
        self.schema = schema
        self.options = options
        compressor = try PageCompressor(codec: options.codec, zstdLevel: options.zstdLevel)
        buffers = schema.map { ColumnAccumulator(spec: $0) }
        file = try OutputFile(path: path)
        try file.write(ParquetFormat.magic)
    }

    /// Appends rows: one batch per schema column, all of the same length; writes full row groups.
    public func write(_ batch: [ParquetColumnBatch]) throws(ParquetWriteError) {
        guard !isFinished else { throw .writerClosed(path: path) }
        do throws(ParquetWriteError) {
            try validate(batch)
            for index in 0..<batch.count { buffers[index].append(batch[index]) }
            rowCount += batch.first?.values.count ?? 0
            while buffers[0].rowCount >= options.rowsPerRowGroup {
                try writeRowGroup(rows: options.rowsPerRowGroup)
            }
        } catch {
            abandon()
            throw error
        }
    }

    /// Appends rows of columns without nulls.
    public func write(columns: [ParquetColumnValues]) throws(ParquetWriteError) {
        try write(columns.map { ParquetColumnBatch($0) })
    }

    /// Writes the buffered rows and the footer, then moves the file to its final name.
    @discardableResult
    public func close() throws(ParquetWriteError) -> ParquetWriteSummary {
        guard !isFinished else { throw .writerClosed(path: path) }
        do throws(ParquetWriteError) {
            if buffers[0].rowCount > 0 { try writeRowGroup(rows: buffers[0].rowCount) }
            let footer = FooterEncoder.fileMetadata(
                schema: schema, rowGroups: rowGroups, createdBy: options.createdBy,
                keyValueMetadata: options.keyValueMetadata)
            try file.write(footer)
            var length = ByteSink()
            length.appendLittleEndian(UInt32(footer.count))
            try file.write(length.bytes)
            try file.write(ParquetFormat.magic)
            let bytes = file.position
            try file.commit()
            isFinished = true
            return ParquetWriteSummary(rowCount: rowCount, rowGroupCount: rowGroups.count, fileBytes: bytes)
        } catch {
            abandon()
            throw error
        }
    }

    /// Stops writing and deletes the temporary file; the destination is untouched.
    public func abandon() {
        isFinished = true
        file.abandon()
    }

    // MARK: - Row groups

    private func validate(_ batch: [ParquetColumnBatch]) throws(ParquetWriteError) {
        guard batch.count == schema.count else {
            throw .invalidBatch("expected \(schema.count) columns, got \(batch.count)")
        }
        let rows = batch[0].values.count
        for (column, spec) in zip(batch, schema) {
            guard column.values.valueType == spec.valueType else {
                throw .invalidBatch(
                    "column \(spec.name): expected \(spec.valueType) values, got \(column.values.valueType)")
            }
            guard column.values.count == rows else {
                throw .invalidBatch(
                    "column \(spec.name): \(column.values.count) values, but the batch has \(rows) rows")
            }
            if let validity = column.validity {
                guard validity.count == rows else {
                    throw .invalidBatch("column \(spec.name): validity has \(validity.count) entries for \(rows) rows")
                }
                if !spec.isOptional && validity.contains(false) {
                    throw .invalidBatch("column \(spec.name) is required but the batch has nulls")
                }
            }
        }
    }

    private func writeRowGroup(rows: Int) throws(ParquetWriteError) {
        var chunks: [WrittenColumnChunk] = []
        chunks.reserveCapacity(schema.count)
        for index in 0..<schema.count {
            let encoder = ColumnChunkEncoder(spec: schema[index], options: options, compressor: compressor)
            do {
                chunks.append(try buffers[index].writeChunk(rows: rows, encoder: encoder, file: file))
            } catch let error as ParquetWriteError {
                throw error
            } catch {
                throw .invalidBatch("column \(schema[index].name): \(error)")
            }
        }
        rowGroups.append(
            WrittenRowGroup(columns: chunks, rowCount: Int64(rows), ordinal: Int16(exactly: rowGroups.count))
        )
    }
}

/// What a finished write produced.
public struct ParquetWriteSummary: Sendable, Equatable {
    /// Rows in the file.
    public var rowCount: Int
    /// Row groups in the file.
    public var rowGroupCount: Int
    /// Size of the file in bytes.
    public var fileBytes: Int64
}
