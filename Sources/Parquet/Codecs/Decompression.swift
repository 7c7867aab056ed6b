internal import CLZ4
internal import CSnappy
internal import CZlib
internal import CZstd

/// Page decompression for the codecs built in (UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW and
/// the deprecated LZ4): Debian's zlib, libzstd and liblz4, and this module's `SnappyDecoder`. Every codec must fill exactly the size the page header declares; the
/// caller has already checked that size against the read limits and owns the output buffer
/// (reused across pages, so pages cost no fresh memory).
enum Decompression {
    /// Decompresses `input` into all of `output` (exactly the page's uncompressed size).
    /// `zstdContext`, when given, is reused instead of creating a zstd context per page.
    static func decompress(
        codecRaw: Int32, input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer,
        zstdContext: ZstdDecompressionContext? = nil
    ) throws {
        guard let codec = CompressionCodec(rawValue: codecRaw) else {
            throw ParquetError(reason: .unsupported("compression codec id \(codecRaw) is not defined by Parquet"))
        }
        switch codec {
        case .uncompressed:
            guard input.count == output.count else {
                throw failure("UNCOMPRESSED", "stored \(input.count) bytes but header says \(output.count)")
            }
            output.copyMemory(from: input)
        case .snappy: try SnappyDecoder.decompress(input, into: output)
        case .gzip: try gzip(input, output)
        case .zstd: try zstd(input, output, context: zstdContext)
        case .lz4Raw: try lz4Block(input, output, name: "LZ4_RAW")
        case .lz4:
            // Hadoop framing first (parquet-mr); older parquet-cpp wrote bare blocks.
            if (try? hadoopLZ4(input, output)) == nil { try lz4Block(input, output, name: "LZ4") }
        case .lzo, .brotli:
            throw ParquetError(reason: .unsupported("compression codec \(codec.thriftName) is not built in"))
        }
    }

    private static func failure(_ codec: String, _ detail: String) -> ParquetError {
        ParquetError(reason: .decompression(codec: codec, detail: detail))
    }

    private static func chars(_ pointer: UnsafeRawPointer?) -> UnsafePointer<CChar>? {
        pointer?.assumingMemoryBound(to: CChar.self)
    }

    private static func mutableChars(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<CChar>? {
        pointer?.assumingMemoryBound(to: CChar.self)
    }

    /// Libsnappy's decoder: the reference `SnappyDecoderTests` compares `SnappyDecoder` with
    /// (pages are decoded by `SnappyDecoder`, which is faster than Debian's libsnappy 1.1.9).
    static func snappyWithLibrary(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) throws {
        guard let base = chars(input.baseAddress) else { throw failure("SNAPPY", "empty input") }
        var declared = 0
        guard snappy_uncompressed_length(base, input.count, &declared) == SNAPPY_OK, declared == output.count else {
            throw failure("SNAPPY", "stream declares \(declared) bytes, header says \(output.count)")
        }
        var produced = output.count
        let status = snappy_uncompress(base, input.count, mutableChars(output.baseAddress), &produced)
        guard status == SNAPPY_OK, produced == output.count else {
            throw failure("SNAPPY", "status \(status.rawValue)")
        }
    }

    private static func zstd(
        _ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer, context: ZstdDecompressionContext?
    ) throws {
        let result: Int
        if let handle = context?.handle {
            result = ZSTD_decompressDCtx(handle, output.baseAddress, output.count, input.baseAddress, input.count)
        } else {
            result = ZSTD_decompress(output.baseAddress, output.count, input.baseAddress, input.count)
        }
        if ZSTD_isError(result) != 0 { throw failure("ZSTD", String(cString: ZSTD_getErrorName(result))) }
        guard result == output.count else {
            throw failure("ZSTD", "produced \(result) bytes, header says \(output.count)")
        }
    }

    private static func lz4Block(
        _ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer, name: String
    ) throws {
        guard input.count <= Int(Int32.max), output.count <= Int(Int32.max) else {
            throw failure(name, "page too large")
        }
        let produced = LZ4_decompress_safe(
            chars(input.baseAddress), mutableChars(output.baseAddress), Int32(input.count), Int32(output.count))
        guard Int(produced) == output.count else {
            throw failure(name, "produced \(produced) bytes, header says \(output.count)")
        }
    }

    /// Hadoop LZ4: frames of [big-endian uncompressed size][big-endian compressed size][block].
    private static func hadoopLZ4(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) throws {
        guard let source = input.baseAddress, let target = output.baseAddress, !output.isEmpty else {
            throw failure("LZ4", "empty page cannot be Hadoop-framed")
        }
        var inputOffset = 0
        var outputOffset = 0
        func bigEndian(_ at: Int) -> Int {
            (Int(input[at]) << 24) | (Int(input[at + 1]) << 16) | (Int(input[at + 2]) << 8) | Int(input[at + 3])
        }
        while inputOffset < input.count {
            guard input.count - inputOffset >= 8 else { throw failure("LZ4", "truncated Hadoop frame header") }
            let frameOutput = bigEndian(inputOffset)
            let frameInput = bigEndian(inputOffset + 4)
            inputOffset += 8
            guard frameInput > 0, frameInput <= input.count - inputOffset, frameOutput <= output.count - outputOffset
            else { throw failure("LZ4", "Hadoop frame sizes exceed the page") }
            let produced = LZ4_decompress_safe(
                chars(source + inputOffset), mutableChars(target + outputOffset), Int32(frameInput),
                Int32(frameOutput))
            guard Int(produced) == frameOutput else {
                throw failure("LZ4", "Hadoop frame decoded to \(produced) bytes")
            }
            inputOffset += frameInput
            outputOffset += frameOutput
        }
        guard outputOffset == output.count else {
            throw failure("LZ4", "Hadoop frames hold \(outputOffset) of \(output.count) bytes")
        }
    }

    /// Gzip (or zlib) members back to back, inflated until the declared size is reached.
    private static func gzip(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) throws {
        guard input.count <= Int(UInt32.max), output.count <= Int(UInt32.max) else {
            throw failure("GZIP", "page too large")
        }
        var stream = z_stream()
        // 15 window bits + 32: detect a gzip or zlib header automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw failure("GZIP", "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        while true {
            let code = inflate(&stream, Z_FINISH)
            guard code == Z_STREAM_END else { throw failure("GZIP", "inflate returned \(code)") }
            // Another member may follow (concatenated gzip) until the output is full.
            if stream.avail_in == 0 || stream.avail_out == 0 { break }
            guard inflateReset(&stream) == Z_OK else { throw failure("GZIP", "inflateReset failed") }
        }
        guard stream.avail_out == 0 else {
            throw failure("GZIP", "produced \(output.count - Int(stream.avail_out)) of \(output.count) bytes")
        }
    }
}

/// A zstd decompression context reused across the pages of a column chunk: `ZSTD_decompress`
/// creates and frees one per call, which costs an allocation of over 100 KiB (and its page
/// faults) for every page.
final class ZstdDecompressionContext {
    /// The `ZSTD_DCtx`, nil if zstd could not allocate one (then pages use one-shot calls).
    let handle: OpaquePointer?

    init() { handle = ZSTD_createDCtx() }

    deinit { ZSTD_freeDCtx(handle) }
}
