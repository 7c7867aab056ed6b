/// The decoded footer of a Parquet file (parquet.thrift `FileMetaData`), with the fields a flat
/// reader and `inspect` need; other fields are skipped.
public struct FileMetadata: Sendable {
    /// Format version written by the producer (1 or 2).
    public var version: Int32 = 0
    /// Schema tree in depth-first order; element 0 is the root.
    public var schema: [SchemaElement] = []
    /// Total row count over all row groups.
    public var numRows: Int64 = 0
    /// Row groups in file order.
    public var rowGroups: [RowGroupMetadata] = []
    /// Application key/value pairs (e.g. `ARROW:schema`); a missing value is nil.
    public var keyValueMetadata: [(key: String, value: String?)] = []
    /// The producer, e.g. `parquet-cpp-arrow version 26.0.1`.
    public var createdBy: String?
}

/// One node of the schema tree (parquet.thrift `SchemaElement`).
public struct SchemaElement: Sendable {
    /// Physical type; nil for groups.
    public var physicalType: PhysicalType?
    /// Byte length of FIXED_LEN_BYTE_ARRAY values.
    public var typeLength: Int32?
    /// Required, optional or repeated; nil only for the root.
    public var repetition: FieldRepetitionType?
    /// Field name.
    public var name: String = ""
    /// Number of children for groups; nil for leaves.
    public var numChildren: Int32?
    /// Legacy converted type, raw wire value (unknown values kept).
    public var convertedTypeRaw: Int32?
    /// Decimal scale.
    public var scale: Int32?
    /// Decimal precision.
    public var precision: Int32?
    /// Logical type annotation.
    public var logicalType: LogicalType?

    /// The converted type, when its wire value is known.
    public var convertedType: ConvertedType? { convertedTypeRaw.flatMap(ConvertedType.init(rawValue:)) }
}

/// One row group (parquet.thrift `RowGroup`).
public struct RowGroupMetadata: Sendable {
    /// Column chunks, in schema leaf order.
    public var columns: [ColumnChunkMetadata] = []
    /// Total uncompressed byte size of all column data.
    public var totalByteSize: Int64 = 0
    /// Rows in this group.
    public var numRows: Int64 = 0
    /// Total compressed byte size, when the writer recorded it.
    public var totalCompressedSize: Int64?
}

/// One column chunk's metadata (parquet.thrift `ColumnChunk` + `ColumnMetaData`).
public struct ColumnChunkMetadata: Sendable {
    /// Set when the chunk lives in another file (not supported by this reader).
    public var filePath: String?
    /// Physical type as recorded in the chunk.
    public var physicalType: PhysicalType?
    /// Encodings used anywhere in the chunk, raw wire values.
    public var encodingsRaw: [Int32] = []
    /// Column path components.
    public var pathInSchema: [String] = []
    /// Compression codec, raw wire value (unknown values kept so the error can name them).
    public var codecRaw: Int32 = 0
    /// Values including nulls.
    public var numValues: Int64 = 0
    /// Sum of uncompressed page sizes including headers.
    public var totalUncompressedSize: Int64 = 0
    /// Sum of compressed page sizes including headers.
    public var totalCompressedSize: Int64 = 0
    /// File offset of the first data page.
    public var dataPageOffset: Int64 = 0
    /// File offset of the dictionary page, when there is one.
    public var dictionaryPageOffset: Int64?
    /// Chunk statistics, when written.
    public var statistics: Statistics?
    /// Whether the metadata struct was present at all.
    public var hasMetadata = false
    /// Offset of the column index, when written.
    public var columnIndexOffset: Int64?
    /// Offset of the offset index, when written.
    public var offsetIndexOffset: Int64?

    /// The codec, when its wire value is known.
    public var codec: CompressionCodec? { CompressionCodec(rawValue: codecRaw) }
}

/// Column statistics (parquet.thrift `Statistics`); min/max are PLAIN-encoded values.
public struct Statistics: Sendable {
    /// Legacy max (signed comparison; unreliable for some types).
    public var legacyMax: [UInt8]?
    /// Legacy min.
    public var legacyMin: [UInt8]?
    /// Null count.
    public var nullCount: Int64?
    /// Distinct count.
    public var distinctCount: Int64?
    /// Max under the column's sort order.
    public var maxValue: [UInt8]?
    /// Min under the column's sort order.
    public var minValue: [UInt8]?

    /// The best available min: `min_value`, else the legacy field.
    public var min: [UInt8]? { minValue ?? legacyMin }
    /// The best available max: `max_value`, else the legacy field.
    public var max: [UInt8]? { maxValue ?? legacyMax }
}
