/// Statistics of a written column chunk.
struct WrittenStatistics {
    /// Rows that are null.
    var nullCount: Int64
    /// PLAIN-encoded minimum, or nil when the chunk has no ordered value.
    var minimum: [UInt8]?
    /// PLAIN-encoded maximum.
    var maximum: [UInt8]?
    /// Whether the deprecated `min`/`max` fields may carry the same values (only for signed
    /// numeric orders; for strings their order was never defined, so they are left out).
    var writesLegacyFields: Bool
}

/// One page kind and encoding with how many such pages a chunk has (PageEncodingStats).
struct WrittenPageEncodingCount {
    /// Page kind.
    var pageType: PageType
    /// Encoding of the page's values.
    var encoding: Encoding
    /// Number of pages.
    var count: Int32
}

/// What the footer records about one written column chunk.
struct WrittenColumnChunk {
    /// The column's schema entry.
    var spec: ParquetColumnSpec
    /// Every encoding used in the chunk (values and levels).
    var encodings: [Encoding]
    /// Compression codec of every page.
    var codec: CompressionCodec
    /// Values including nulls (for a flat column: rows).
    var valueCount: Int64
    /// Bytes of page headers and uncompressed bodies.
    var totalUncompressedBytes: Int64
    /// Bytes of page headers and stored (compressed) bodies.
    var totalCompressedBytes: Int64
    /// File offset of the first data page.
    var dataPageOffset: Int64
    /// File offset of the dictionary page, if the chunk has one.
    var dictionaryPageOffset: Int64?
    /// Chunk statistics.
    var statistics: WrittenStatistics
    /// Pages by kind and encoding.
    var pageEncodingCounts: [WrittenPageEncodingCount]

    /// Offset of the chunk's first page.
    var startOffset: Int64 { dictionaryPageOffset ?? dataPageOffset }
}

/// What the footer records about one written row group.
struct WrittenRowGroup {
    /// The chunks, in schema order.
    var columns: [WrittenColumnChunk]
    /// Rows in the group.
    var rowCount: Int64
    /// Position in the file's list of row groups (the optional field is left out past Int16.max).
    var ordinal: Int16?
}
