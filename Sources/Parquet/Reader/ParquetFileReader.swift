/// Reads a Parquet file row group by row group.
///
/// Opening reads only the footer (with `pread`); `readRowGroup` then reads the chosen
/// columns' chunks of one row group, so memory is bounded by one row group's columns.
/// Every size in the file is checked against the file size and `limits` before use.
public final class ParquetFileReader: Sendable {
    /// The decoded footer.
    public let metadata: FileMetadata
    /// Leaf columns of the schema.
    public let schema: ParquetSchema
    /// Size caps in force.
    public let limits: ParquetReadLimits
    private let source: ByteSource
    /// Offset where the footer starts; column chunks must end before it.
    private let dataEnd: Int
    /// Every chunk's first page offset, sorted: bounds a chunk whose recorded size is too small.
    private let chunkStarts: [Int64]

    /// The file name (or buffer name) used in errors.
    public var name: String { source.name }
    /// Size of the file in bytes.
    public var fileSize: Int { source.size }
    /// Number of row groups.
    public var rowGroupCount: Int { metadata.rowGroups.count }

    /// Opens the file at `path` and decodes its footer.
    public convenience init(path: String, limits: ParquetReadLimits = .default) throws {
        try self.init(source: ByteSource(path: path), limits: limits)
    }

    /// Reads a file held in memory (`name` appears in errors).
    public convenience init(bytes: [UInt8], name: String = "<memory>", limits: ParquetReadLimits = .default) throws {
        try self.init(source: ByteSource(bytes: bytes, name: name), limits: limits)
    }

    private init(source: ByteSource, limits: ParquetReadLimits) throws {
        self.source = source
        self.limits = limits
        do {
            let (metadata, footerStart) = try Self.readFooter(source, limits: limits)
            self.metadata = metadata
            self.schema = try ParquetSchema(elements: metadata.schema)
            self.dataEnd = footerStart
            self.chunkStarts = metadata.rowGroups.flatMap { group in
                group.columns.flatMap { chunk in
                    [chunk.dataPageOffset] + (chunk.dictionaryPageOffset.map { [$0] } ?? [])
                }
            }.filter { $0 >= 4 }.sorted()
        } catch let error as ParquetError {
            throw error.adding(file: source.name)
        }
    }

    private static func readFooter(_ source: ByteSource, limits: ParquetReadLimits) throws -> (FileMetadata, Int) {
        guard source.size >= 12 else {
            throw ParquetError(reason: .notParquet("file is \(source.size) bytes, a Parquet file needs at least 12"))
        }
        let head = try source.read(offset: 0, count: 4)
        let tail = try source.read(offset: source.size - 8, count: 8)
        if Array(tail[4..<8]) == Array("PARE".utf8) {
            throw ParquetError(reason: .unsupported("encrypted footer (PARE)"))
        }
        guard head == ParquetFormat.magic, Array(tail[4..<8]) == ParquetFormat.magic else {
            throw ParquetError(reason: .notParquet("missing PAR1 magic at the start or end"))
        }
        let length = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        guard length <= source.size - 12 else {
            throw ParquetError(
                reason: .limitExceeded(what: "footer length", value: length, limit: source.size - 12))
        }
        guard length <= limits.maxFooterBytes else {
            throw ParquetError(
                reason: .limitExceeded(what: "footer length", value: length, limit: limits.maxFooterBytes))
        }
        let footerStart = source.size - 8 - length
        let metadata = try FileMetadata.decode(try source.read(offset: footerStart, count: length))
        return (metadata, footerStart)
    }

    // MARK: - Columns

    /// Indices of the named columns (all flat columns when `names` is nil). Throws when a name
    /// is missing (listing what the file has) or names a repeated column.
    public func columnIndices(_ names: [String]?) throws -> [Int] {
        guard let names else {
            if let repeated = schema.columns.first(where: { $0.isRepeated }) {
                throw schemaError("column '\(repeated.name)' is repeated (nested lists are not supported)")
            }
            return Array(schema.columns.indices)
        }
        var indices: [Int] = []
        for name in names {
            guard let index = schema.index(of: name) else {
                let available = schema.columns.map { $0.name }.joined(separator: ", ")
                throw schemaError("no column '\(name)'; the file has: \(available)")
            }
            guard !schema.columns[index].isRepeated else {
                throw schemaError("column '\(name)' is repeated (nested lists are not supported)")
            }
            indices.append(index)
        }
        return indices
    }

    private func schemaError(_ text: String) -> ParquetError {
        ParquetError(file: source.name, reason: .schema(text))
    }

    // MARK: - Row groups

    /// Reads the named columns (all columns when nil) of row group `index`.
    public func readRowGroup(_ index: Int, columns names: [String]? = nil) throws -> RowGroupData {
        try readRowGroup(index, columnIndices: try columnIndices(names))
    }

    /// Reads the columns at `columnIndices` (positions in `schema.columns`) of row group `index`.
    public func readRowGroup(_ index: Int, columnIndices: [Int]) throws -> RowGroupData {
        var nothing: RowGroupData?
        return try readRowGroup(index, columnIndices: columnIndices, reusing: &nothing)
    }

    /// Like `readRowGroup(_:columnIndices:)`, but takes the previous row group's data (and
    /// leaves nil behind) to reuse its column storage and decoding buffers: streaming a file
    /// this way allocates once, not once per row group. Pass the same column indices each time.
    public func readRowGroup(
        _ index: Int, columnIndices: [Int], reusing previous: inout RowGroupData?
    ) throws
        -> RowGroupData
    {
        precondition(metadata.rowGroups.indices.contains(index), "row group \(index) out of range")
        let group = metadata.rowGroups[index]
        var recycled = previous?.columns.map(\.values) ?? []
        var scratch = previous?.scratch ?? DecodeScratch()
        previous = nil
        var columns: [ColumnData] = []
        for (position, columnIndex) in columnIndices.enumerated() {
            let descriptor = schema.columns[columnIndex]
            var old: ColumnValues?
            if position < recycled.count {
                // Swap out our reference so the storage ends up uniquely owned by the decoder.
                old = recycled[position]
                recycled[position] = .boolean([])
            }
            do {
                columns.append(
                    try readColumn(
                        descriptor, columnIndex: columnIndex, group: group, scratch: &scratch, recycled: old.take()))
            } catch let error as ParquetError {
                throw error.adding(file: source.name, rowGroup: index, column: descriptor.name)
            }
        }
        return RowGroupData(index: index, rowCount: Int(group.numRows), columns: columns, scratch: scratch)
    }

    private func readColumn(
        _ descriptor: ColumnDescriptor, columnIndex: Int, group: RowGroupMetadata, scratch: inout DecodeScratch,
        recycled: consuming ColumnValues?
    ) throws -> ColumnData {
        guard !descriptor.isRepeated else {
            throw ParquetError(reason: .schema("column is repeated (nested lists are not supported)"))
        }
        guard group.columns.count == schema.columns.count else {
            throw ParquetError.metadata(
                "row group has \(group.columns.count) column chunks, schema has \(schema.columns.count) columns")
        }
        guard group.numRows <= Int64(limits.maxRowsPerRowGroup) else {
            throw ParquetError(
                reason: .limitExceeded(
                    what: "row group row count", value: Int(clamping: group.numRows), limit: limits.maxRowsPerRowGroup))
        }
        let chunk = group.columns[columnIndex]
        guard chunk.filePath == nil else {
            throw ParquetError(reason: .unsupported("column chunk stored in another file (\(chunk.filePath ?? ""))"))
        }
        guard chunk.hasMetadata else { throw ParquetError.metadata("column chunk has no metadata") }
        if let type = chunk.physicalType, type != descriptor.physicalType {
            throw ParquetError.metadata(
                "chunk type \(type.thriftName) differs from schema type \(descriptor.physicalType.thriftName)")
        }
        if group.numRows == 0 {
            // Nothing to decode; zero-row files may carry placeholder chunk offsets.
            var empty = ColumnChunkReader(descriptor: descriptor, chunk: chunk, rowCount: 0, limits: limits)
            return try empty.read([], end: 0)
        }
        let range = try chunkRange(chunk)
        try source.read(offset: range.lowerBound, count: range.count, into: &scratch.chunkBytes)
        let bytes = scratch.chunkBytes
        var reader = ColumnChunkReader(
            descriptor: descriptor, chunk: chunk, rowCount: Int(group.numRows), limits: limits,
            scratch: scratch.take())
        let column = try reader.read(bytes, end: range.count, recycled: consume recycled)
        scratch = reader.scratch.take()
        return column
    }

    /// Where the chunk's pages are: from the dictionary page (when its offset is plausible) or
    /// the first data page, `total_compressed_size` bytes long, inside the data area.
    private func chunkRange(_ chunk: ColumnChunkMetadata) throws -> Range<Int> {
        var start = chunk.dataPageOffset
        // Some writers record dictionary_page_offset = 0 without a dictionary; ignore it then.
        if let dictionary = chunk.dictionaryPageOffset, dictionary >= 4, dictionary < start {
            start = dictionary
        }
        let length = chunk.totalCompressedSize
        guard start >= 4, length >= 0, start <= Int64(dataEnd), length <= Int64(dataEnd) - start else {
            throw ParquetError.metadata(
                "column chunk at offset \(start) of \(length) bytes lies outside the data area (4..<\(dataEnd))")
        }
        // Some writers under-report total_compressed_size (e.g. leaving out an unannounced
        // dictionary page); extend the range to where the next chunk starts, never past the data.
        let next = chunkStarts.first { $0 > start } ?? Int64(dataEnd)
        let end = max(start + length, min(next, Int64(dataEnd)))
        return Int(start)..<Int(end)
    }
}

/// The decoded columns of one row group.
public struct RowGroupData: Sendable {
    /// Row group index in the file.
    public var index: Int
    /// Rows in the group; every column holds this many values.
    public var rowCount: Int
    /// Columns in the order requested.
    public var columns: [ColumnData]
    /// Decoding buffers, kept for reuse by the next `readRowGroup(_:columnIndices:reusing:)`.
    var scratch = DecodeScratch()

    /// Creates row group data.
    public init(index: Int, rowCount: Int, columns: [ColumnData]) {
        self.index = index
        self.rowCount = rowCount
        self.columns = columns
    }

    init(index: Int, rowCount: Int, columns: [ColumnData], scratch: DecodeScratch) {
        self.init(index: index, rowCount: rowCount, columns: columns)
        self.scratch = scratch
    }

    /// The column with this dotted name, if it was read.
    public subscript(name: String) -> ColumnData? { columns.first { $0.descriptor.name == name } }
}
