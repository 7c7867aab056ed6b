/// Settings of a `ParquetWriter`. The defaults suit replay files and exports.
public struct ParquetWriterOptions: Sendable {
    /// Page compression: `.uncompressed`, `.snappy` or `.zstd`.
    public var codec: CompressionCodec
    /// Zstandard level when `codec` is `.zstd` (1 fastest .. 19 smallest).
    public var zstdLevel: Int32
    /// Rows per row group; the writer holds at most this many rows (plus one batch) in memory.
    public var rowsPerRowGroup: Int
    /// Target size of a data page's uncompressed values in bytes.
    public var dataPageSizeBytes: Int
    /// Upper bound on rows per data page, whatever their size.
    public var maximumRowsPerPage: Int
    /// Largest PLAIN size of a chunk's dictionary; beyond it the chunk is written PLAIN.
    public var dictionaryPageSizeLimitBytes: Int
    /// Whether columns may be dictionary-encoded at all.
    public var enableDictionary: Bool
    /// Whether page headers carry a CRC-32 of the stored page bytes.
    public var writesPageChecksums: Bool
    /// Minimum/maximum statistics longer than this (strings) are left out, as other writers do.
    public var maximumStatisticsBytes: Int
    /// The footer's `created_by`: application, version and build.
    public var createdBy: String
    /// Key/value pairs stored in the footer, in this order.
    public var keyValueMetadata: [(key: String, value: String)]

    /// The `created_by` this project writes unless told otherwise.
    public static let defaultCreatedBy = "edge-agent version 0.1.0"

    /// Creates options; every argument has a default.
    public init(
        codec: CompressionCodec = .snappy, zstdLevel: Int32 = 3, rowsPerRowGroup: Int = 1_048_576,
        dataPageSizeBytes: Int = 1 << 20, maximumRowsPerPage: Int = 20_000,
        dictionaryPageSizeLimitBytes: Int = 1 << 20, enableDictionary: Bool = true, writesPageChecksums: Bool = true,
        maximumStatisticsBytes: Int = 4096, createdBy: String = ParquetWriterOptions.defaultCreatedBy,
        keyValueMetadata: [(key: String, value: String)] = []
    ) {
        self.codec = codec
        self.zstdLevel = zstdLevel
        self.rowsPerRowGroup = rowsPerRowGroup
        self.dataPageSizeBytes = dataPageSizeBytes
        self.maximumRowsPerPage = maximumRowsPerPage
        self.dictionaryPageSizeLimitBytes = dictionaryPageSizeLimitBytes
        self.enableDictionary = enableDictionary
        self.writesPageChecksums = writesPageChecksums
        self.maximumStatisticsBytes = maximumStatisticsBytes
        self.createdBy = createdBy
        self.keyValueMetadata = keyValueMetadata
    }

    /// Checks the numeric settings; throws naming the bad one.
    func validate() throws(ParquetWriteError) {
        if rowsPerRowGroup < 1 { throw .invalidSchema("rowsPerRowGroup must be at least 1, got \(rowsPerRowGroup)") }
        if dataPageSizeBytes < 1 {
            throw .invalidSchema("dataPageSizeBytes must be at least 1, got \(dataPageSizeBytes)")
        }
        if maximumRowsPerPage < 1 || maximumRowsPerPage > Int(Int32.max) {
            throw .invalidSchema("maximumRowsPerPage must be 1 ... 2^31-1, got \(maximumRowsPerPage)")
        }
        if dictionaryPageSizeLimitBytes < 0 {
            throw .invalidSchema(
                "dictionaryPageSizeLimitBytes must not be negative, got \(dictionaryPageSizeLimitBytes)")
        }
    }
}
