import CSnappy
import CZstd

/// Compresses page bodies with the codecs this project writes: none, snappy
/// (raw block format) and zstd (one frame per page).
///
/// One compressor serves one writer; it keeps a zstd context and an output
/// buffer so steady-state writing allocates nothing per page.
final class PageCompressor {
    /// The codec every page is compressed with.
    let codec: CompressionCodec
    /// The zstd level (3 is zstd's own default; 1 is fastest).
    let zstdLevel: Int32
    private var zstdContext: OpaquePointer?
    private var scratch: [UInt8] = []

    /// Creates a compressor, refusing codecs this writer does not produce.
    init(codec: CompressionCodec, zstdLevel: Int32 = 3) throws(ParquetWriteError) {
        switch codec {
        case .uncompressed, .snappy: break
        case .zstd:
            guard let context = ZSTD_createCCtx() else {
                throw .compressionFailed(codec: codec, message: "ZSTD_createCCtx returned NULL")
            }
            zstdContext = context
        default:
            throw .unsupportedCodec(codec)
        }
        self.codec = codec
        self.zstdLevel = zstdLevel
    }

    deinit {
        if let zstdContext { ZSTD_freeCCtx(zstdContext) }
    }

    /// Compresses `input`, calling `body` with the compressed bytes (valid only during the call).
    func compress<Result>(
        _ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) throws -> Result {
        switch codec {
        case .snappy:
            let bound = snappy_max_compressed_length(input.count)
            if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
            var outputLength = bound
            // snappy-c wants a non-NULL source even for empty input; `placeholder` provides one.
            let placeholder: [UInt8] = [0]
            let status = placeholder.withUnsafeBytes { fallback in
                scratch.withUnsafeMutableBytes { output in
                    // Both base addresses are non-nil: `fallback` has one byte, `scratch` at least `bound`.
                    snappy_compress(
                        (input.baseAddress ?? fallback.baseAddress!).assumingMemoryBound(to: CChar.self),
                        input.count, output.baseAddress!.assumingMemoryBound(to: CChar.self), &outputLength)
                }
            }
            guard status == SNAPPY_OK else {
                throw ParquetWriteError.compressionFailed(
                    codec: codec, message: "snappy_compress status \(status.rawValue)")
            }
            return try scratch.withUnsafeBytes { output in
                try body(UnsafeRawBufferPointer(rebasing: output[0..<outputLength]))
            }
        case .zstd:
            let bound = ZSTD_compressBound(input.count)
            if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
            let written = scratch.withUnsafeMutableBytes { output in
                ZSTD_compressCCtx(
                    zstdContext, output.baseAddress, output.count, input.baseAddress, input.count, zstdLevel)
            }
            if ZSTD_isError(written) != 0 {
                let name = String(cString: ZSTD_getErrorName(written))
                throw ParquetWriteError.compressionFailed(codec: codec, message: name)
            }
            return try scratch.withUnsafeBytes { output in
                try body(UnsafeRawBufferPointer(rebasing: output[0..<written]))
            }
        default:
            return try body(input)
        }
    }
}
