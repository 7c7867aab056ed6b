/// Why writing a Parquet file failed: what failed, the value found and what was expected.
public enum ParquetWriteError: Error, Equatable, CustomStringConvertible {
    /// A system call on the output file failed (`call` is the syscall, `errno` its error).
    case io(path: String, call: String, errno: Int32, message: String)
    /// The schema is not one this writer can write.
    case invalidSchema(String)
    /// A batch does not match the schema (wrong column count, type, or length).
    case invalidBatch(String)
    /// The codec cannot be used for writing.
    case unsupportedCodec(CompressionCodec)
    /// The compression library reported an error.
    case compressionFailed(codec: CompressionCodec, message: String)
    /// A page or chunk grew beyond what the format's 32-bit sizes can describe.
    case pageTooLarge(column: String, bytes: Int)
    /// The writer was used after `close()` or after an earlier failure.
    case writerClosed(path: String)

    /// A message naming the input and the problem.
    public var description: String {
        switch self {
        case .io(let path, let call, let errno, let message):
            return "parquet write \(path): \(call) failed: \(message) (errno \(errno))"
        case .invalidSchema(let detail):
            return "parquet writer schema: \(detail)"
        case .invalidBatch(let detail):
            return "parquet writer batch: \(detail)"
        case .unsupportedCodec(let codec):
            return "parquet writer: codec \(codec) is not supported for writing (use uncompressed, snappy or zstd)"
        case .compressionFailed(let codec, let message):
            return "parquet writer: \(codec) compression failed: \(message)"
        case .pageTooLarge(let column, let bytes):
            return "parquet writer: column \(column): page of \(bytes) bytes exceeds the 2 GiB page limit"
        case .writerClosed(let path):
            return "parquet write \(path): writer already closed or failed"
        }
    }
}
