/// Caps on sizes the reader accepts from a file, so hostile metadata cannot make it allocate
/// without bound. Sizes are also always checked against the file's real size.
public struct ParquetReadLimits: Sendable {
    /// Largest footer (Thrift FileMetaData) accepted, in bytes.
    public var maxFooterBytes: Int
    /// Largest uncompressed page accepted, in bytes.
    public var maxPageBytes: Int
    /// Largest row count of one row group: decoded columns are sized by it, and an all-null
    /// RLE page can declare many rows in a few bytes, so this is the allocation cap.
    public var maxRowsPerRowGroup: Int
    /// Largest uncompressed/compressed ratio accepted for a compressed page.
    public var maxCompressionRatio: Int
    /// Largest decoded size of one BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY column of one row group:
    /// dictionary and DELTA_BYTE_ARRAY pages can expand a few bytes into many.
    public var maxDecodedColumnBytes: Int

    /// Creates limits.
    public init(
        maxFooterBytes: Int = 64 << 20, maxPageBytes: Int = 256 << 20, maxRowsPerRowGroup: Int = 1 << 26,
        maxCompressionRatio: Int = 4096, maxDecodedColumnBytes: Int = 1 << 30
    ) {
        self.maxFooterBytes = maxFooterBytes
        self.maxPageBytes = maxPageBytes
        self.maxRowsPerRowGroup = maxRowsPerRowGroup
        self.maxCompressionRatio = maxCompressionRatio
        self.maxDecodedColumnBytes = maxDecodedColumnBytes
    }

    /// Defaults suited to recordings of days to weeks at 50 Hz.
    public static let `default` = ParquetReadLimits()
}
