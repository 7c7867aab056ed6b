internal import CLZ4
internal import CSnappy
internal import CZlib
internal import CZstd

/// Page decompression for the codecs built in (UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW and
/// the deprecated LZ4). Every codec must produce exactly the size the page header declares;
/// the caller has already checked that size against the read limits.
enum Decompression {
    /// Decompresses `input` into a new array of exactly `uncompressedSize` bytes.
    static func decompress(
        codecRaw: Int32, input: UnsafeRawBufferPointer, uncompressedSize: Int
    ) throws -> [UInt8] {
        guard let codec = CompressionCodec(rawValue: codecRaw) else {
            throw ParquetError(reason: .unsupported("compression codec id \(codecRaw) is not defined by Parquet"))
        }
        switch codec {
        case .uncompressed:
            guard input.count == uncompressedSize else {
                throw failure("UNCOMPRESSED", "stored \(input.count) bytes but header says \(uncompressedSize)")
            }
            return Array(input)
        case .snappy: return try snappy(input, uncompressedSize)
        case .gzip: return try gzip(input, uncompressedSize)
        case .zstd: return try zstd(input, uncompressedSize)
        case .lz4Raw: return try lz4Block(input, uncompressedSize, name: "LZ4_RAW")
        case .lz4:
            // Hadoop framing first (parquet-mr); older parquet-cpp wrote bare blocks.
            if let framed = try? hadoopLZ4(input, uncompressedSize) { return framed }
            return try lz4Block(input, uncompressedSize, name: "LZ4")
        case .lzo, .brotli:
            throw ParquetError(reason: .unsupported("compression codec \(codec.thriftName) is not built in"))
        }
    }

    private static func failure(_ codec: String, _ detail: String) -> ParquetError {
        ParquetError(reason: .decompression(codec: codec, detail: detail))
    }

    private static func snappy(_ input: UnsafeRawBufferPointer, _ size: Int) throws -> [UInt8] {
        guard let base = input.baseAddress?.assumingMemoryBound(to: CChar.self) else {
            throw failure("SNAPPY", "empty input")
        }
        var declared = 0
        guard snappy_uncompressed_length(base, input.count, &declared) == SNAPPY_OK, declared == size else {
            throw failure("SNAPPY", "stream declares \(declared) bytes, header says \(size)")
        }
        var produced = size
        var status = SNAPPY_OK
        let output = [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
            status = snappy_uncompress(
                base, input.count, UnsafeMutableRawPointer(out.baseAddress)?.assumingMemoryBound(to: CChar.self),
                &produced)
            initialized = status == SNAPPY_OK && produced == size ? size : 0
        }
        guard status == SNAPPY_OK, produced == size else { throw failure("SNAPPY", "status \(status.rawValue)") }
        return output
    }

    private static func zstd(_ input: UnsafeRawBufferPointer, _ size: Int) throws -> [UInt8] {
        var result = 0
        let output = [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
            result = ZSTD_decompress(out.baseAddress, size, input.baseAddress, input.count)
            initialized = ZSTD_isError(result) == 0 && result == size ? size : 0
        }
        if ZSTD_isError(result) != 0 {
            throw failure("ZSTD", String(cString: ZSTD_getErrorName(result)))
        }
        guard result == size else { throw failure("ZSTD", "produced \(result) bytes, header says \(size)") }
        return output
    }

    private static func lz4Block(
        _ input: UnsafeRawBufferPointer, _ size: Int, name: String
    ) throws -> [UInt8] {
        guard input.count <= Int(Int32.max), size <= Int(Int32.max) else { throw failure(name, "page too large") }
        var output = [UInt8](repeating: 0, count: size)
        let produced = output.withUnsafeMutableBytes { out in
            LZ4_decompress_safe(
                input.baseAddress?.assumingMemoryBound(to: CChar.self),
                out.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(input.count), Int32(size))
        }
        guard Int(produced) == size else { throw failure(name, "produced \(produced) bytes, header says \(size)") }
        return output
    }

    /// Hadoop LZ4: frames of [big-endian uncompressed size][big-endian compressed size][block].
    private static func hadoopLZ4(_ input: UnsafeRawBufferPointer, _ size: Int) throws -> [UInt8] {
        guard size > 0 else { throw failure("LZ4", "empty page cannot be Hadoop-framed") }
        var output = [UInt8](repeating: 0, count: size)
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
            guard frameInput <= input.count - inputOffset, frameOutput <= size - outputOffset, frameInput > 0 else {
                throw failure("LZ4", "Hadoop frame sizes exceed the page")
            }
            let produced = output.withUnsafeMutableBytes { out in
                LZ4_decompress_safe(
                    (input.baseAddress! + inputOffset).assumingMemoryBound(to: CChar.self),  // count > 0 checked above
                    (out.baseAddress! + outputOffset).assumingMemoryBound(to: CChar.self),  // size > 0 checked above
                    Int32(frameInput), Int32(frameOutput))
            }
            guard Int(produced) == frameOutput else {
                throw failure("LZ4", "Hadoop frame decoded to \(produced) bytes")
            }
            inputOffset += frameInput
            outputOffset += frameOutput
        }
        guard outputOffset == size else { throw failure("LZ4", "Hadoop frames hold \(outputOffset) of \(size) bytes") }
        return output
    }

    /// Gzip (or zlib) members back to back, inflated until the declared size is reached.
    private static func gzip(_ input: UnsafeRawBufferPointer, _ size: Int) throws -> [UInt8] {
        guard input.count <= Int(UInt32.max), size <= Int(UInt32.max) else { throw failure("GZIP", "page too large") }
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        // 15 window bits + 32: detect a gzip or zlib header automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw failure("GZIP", "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        let status: Int32 = output.withUnsafeMutableBytes { out in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(out.count)
            while true {
                let code = inflate(&stream, Z_FINISH)
                if code == Z_STREAM_END {
                    // Another member may follow (concatenated gzip); stop at trailing padding.
                    if stream.avail_in == 0 || stream.avail_out == 0 { return Z_OK }
                    if inflateReset(&stream) != Z_OK { return Z_DATA_ERROR }
                    continue
                }
                if code == Z_BUF_ERROR && stream.avail_out == 0 { return Z_BUF_ERROR }
                return code == Z_OK ? Z_BUF_ERROR : code
            }
        }
        guard status == Z_OK else { throw failure("GZIP", "inflate returned \(status)") }
        guard Int(stream.total_out) == size || stream.avail_out == 0 else {
            throw failure("GZIP", "produced fewer bytes than the header's \(size)")
        }
        guard stream.avail_out == 0 else { throw failure("GZIP", "produced fewer bytes than the header's \(size)") }
        return output
    }
}
