/// Decodes one column chunk of a flat column: walks its pages (dictionary, data v1, data v2),
/// decompresses them, decodes definition levels and values into one contiguous array.
struct ColumnChunkReader {
    let descriptor: ColumnDescriptor
    let chunk: ColumnChunkMetadata
    /// Rows the row group declares; the chunk must hold exactly this many values.
    let rowCount: Int
    let limits: ParquetReadLimits

    /// Buffers reused across pages (and, through the caller, across chunks): definition
    /// levels (see ColumnChunkReader+Levels.swift), dictionary indices, decompressed pages.
    /// Take them back with `scratch.take()` after `read`.
    var scratch: DecodeScratch
    /// One zstd context for all pages of the chunk (only for ZSTD chunks).
    private let zstdContext: ZstdDecompressionContext?

    init(
        descriptor: ColumnDescriptor, chunk: ColumnChunkMetadata, rowCount: Int, limits: ParquetReadLimits,
        scratch: consuming DecodeScratch = DecodeScratch()
    ) {
        self.descriptor = descriptor
        self.chunk = chunk
        self.rowCount = rowCount
        self.limits = limits
        self.scratch = scratch
        zstdContext = chunk.codecRaw == CompressionCodec.zstd.rawValue ? ZstdDecompressionContext() : nil
    }

    /// Decodes `bytes[0..<end]` (the whole chunk as stored) into one column of `rowCount` rows.
    /// `recycled` may hold a previous column's values of the same type, whose storage is
    /// reused (no allocation, no page faults) when it is uniquely referenced.
    mutating func read(_ bytes: [UInt8], end: Int, recycled: consuming ColumnValues? = nil) throws -> ColumnData {
        var pending = consume recycled
        let values: ColumnValues
        switch descriptor.physicalType {
        case .boolean: values = try run(BooleanSink(), bytes, end: end)
        case .int32:
            let old = Self.take(&pending) { if case .int32(let array) = $0 { array } else { nil } }
            values = try run(FixedWidthSink(output: old, wrap: { .int32($0) }), bytes, end: end)
        case .int64:
            let old = Self.take(&pending) { if case .int64(let array) = $0 { array } else { nil } }
            values = try run(FixedWidthSink(output: old, wrap: { .int64($0) }), bytes, end: end)
        case .int96: values = try run(FixedWidthSink<Int96>(wrap: { .int96($0) }), bytes, end: end)
        case .float:
            let old = Self.take(&pending) { if case .float(let array) = $0 { array } else { nil } }
            values = try run(FixedWidthSink(output: old, wrap: { .float($0) }), bytes, end: end)
        case .double:
            let old = Self.take(&pending) { if case .double(let array) = $0 { array } else { nil } }
            values = try run(FixedWidthSink(output: old, wrap: { .double($0) }), bytes, end: end)
        case .byteArray: values = try run(ByteArraySink(byteLimit: limits.maxDecodedColumnBytes), bytes, end: end)
        case .fixedLenByteArray:
            let width = Int(descriptor.element.typeLength ?? 1)
            guard rowCount <= limits.maxDecodedColumnBytes / max(width, 1) else {
                throw ParquetError(
                    reason: .limitExceeded(
                        what: "decoded size of \(rowCount) values of \(width) bytes", value: rowCount,
                        limit: limits.maxDecodedColumnBytes / max(width, 1)))
            }
            values = try run(FixedLengthSink(width: width), bytes, end: end)
        }
        return ColumnData(descriptor: descriptor, values: values, validity: validityBits)
    }

    /// Moves the array out of `pending` (leaving nil) so the caller holds the only reference
    /// and writes to it do not copy.
    private static func take<T>(_ pending: inout ColumnValues?, _ extract: (ColumnValues) -> [T]?) -> [T] {
        guard let values = pending.take() else { return [] }
        return extract(values) ?? []
    }

    /// Row validity, created at the first null (nil while every row so far is present).
    private var validityBits: [Bool]?

    private mutating func run<Sink: ValueSink>(
        _ initial: consuming Sink, _ bytes: [UInt8], end: Int
    ) throws
        -> ColumnValues
    {
        // Moved, not copied: a recycled output array must stay uniquely referenced, or the
        // first write would copy it.
        var sink = consume initial
        sink.reserve(rowCount)
        var position = 0
        var rowsDone = 0
        var pageIndex = 0
        while rowsDone < rowCount {
            guard position < end else {
                throw ParquetError.page("column chunk ends after \(rowsDone) of the row group's \(rowCount) rows")
            }
            do {
                let (header, bodyStart) = try PageHeader.decode(bytes, start: position, end: end)
                let stored = Int(header.compressedSize)
                guard stored <= end - bodyStart else {
                    throw ParquetError.page(
                        "page of \(stored) bytes runs past the column chunk end (\(end - bodyStart) left)")
                }
                position = bodyStart + stored
                let body = bodyStart..<bodyStart + stored
                switch header.type {
                case .dictionaryPage:
                    var pageScratch = takePageBuffer()
                    defer { scratch.page = pageScratch }
                    try Self.withPageBody(
                        bytes, body, uncompressedSize: Int(header.uncompressedSize), codec: chunk.codecRaw,
                        limits: limits, zstd: zstdContext, scratch: &pageScratch
                    ) { raw in
                        try sink.setDictionary(raw, count: Int(header.numValues))
                    }
                case .dataPage:
                    rowsDone += try dataPageV1(header, bytes, body, rowsDone: rowsDone, into: &sink)
                case .dataPageV2:
                    rowsDone += try dataPageV2(header, bytes, body, rowsDone: rowsDone, into: &sink)
                case .indexPage, nil:
                    break  // Not needed for reading values; skipped like unknown page kinds.
                }
            } catch let error as ParquetError {
                throw error.adding(page: pageIndex)
            }
            pageIndex += 1
        }
        return sink.values
    }

    // MARK: - Pages

    private mutating func dataPageV1<Sink: ValueSink>(
        _ header: PageHeader, _ bytes: [UInt8], _ body: Range<Int>, rowsDone: Int, into sink: inout Sink
    ) throws -> Int {
        let count = try checkedValueCount(header, rowsDone: rowsDone)
        var pageScratch = takePageBuffer()
        defer { scratch.page = pageScratch }
        try Self.withPageBody(
            bytes, body, uncompressedSize: Int(header.uncompressedSize), codec: chunk.codecRaw, limits: limits,
            zstd: zstdContext, scratch: &pageScratch
        ) { raw in
            var offset = 0
            var present = count
            if descriptor.maxDefinitionLevel > 0 {
                switch Encoding(rawValue: header.definitionLevelEncodingRaw) {
                case .rle:
                    guard raw.count >= 4 else { throw ParquetError.page("definition levels lack their length prefix") }
                    let length = Int(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
                    guard length <= raw.count - 4 else {
                        throw ParquetError.page("definition levels of \(length) bytes run past the page end")
                    }
                    present = try decodeLevels(UnsafeRawBufferPointer(rebasing: raw[4..<4 + length]), count: count)
                    offset = 4 + length
                case .bitPacked:
                    let length = (count * levelBitWidth + 7) / 8
                    guard length <= raw.count else {
                        throw ParquetError.page("BIT_PACKED levels run past the page end")
                    }
                    present = try decodeLegacyBitPackedLevels(
                        UnsafeRawBufferPointer(rebasing: raw[0..<length]), count: count)
                    offset = length
                default:
                    throw ParquetError(
                        reason: .unsupported(
                            "definition level encoding \(Encoding.name(raw: header.definitionLevelEncodingRaw))"))
                }
            }
            try appendValues(
                UnsafeRawBufferPointer(rebasing: raw[offset...]), header: header, rows: count, present: present,
                rowsDone: rowsDone, into: &sink)
        }
        return count
    }

    private mutating func dataPageV2<Sink: ValueSink>(
        _ header: PageHeader, _ bytes: [UInt8], _ body: Range<Int>, rowsDone: Int, into sink: inout Sink
    ) throws -> Int {
        let count = try checkedValueCount(header, rowsDone: rowsDone)
        let repetitionLength = Int(header.repetitionLevelsByteLength)
        let definitionLength = Int(header.definitionLevelsByteLength)
        guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= body.count,
            repetitionLength + definitionLength <= Int(header.uncompressedSize)
        else { throw ParquetError.page("v2 level lengths \(repetitionLength)+\(definitionLength) exceed the page") }
        let levelsEnd = body.lowerBound + repetitionLength + definitionLength
        var present = count
        if descriptor.maxDefinitionLevel > 0 {
            present = try bytes.withUnsafeBytes { raw throws in
                let section = UnsafeRawBufferPointer(rebasing: raw[body.lowerBound + repetitionLength..<levelsEnd])
                return try decodeLevels(section, count: count)
            }
        }
        let valuesSize = Int(header.uncompressedSize) - repetitionLength - definitionLength
        var pageScratch = takePageBuffer()
        defer { scratch.page = pageScratch }
        try Self.withPageBody(
            bytes, levelsEnd..<body.upperBound, uncompressedSize: valuesSize, compressed: header.isCompressed,
            codec: chunk.codecRaw, limits: limits, zstd: zstdContext, scratch: &pageScratch
        ) { raw in
            try appendValues(raw, header: header, rows: count, present: present, rowsDone: rowsDone, into: &sink)
        }
        return count
    }

    private mutating func appendValues<Sink: ValueSink>(
        _ raw: UnsafeRawBufferPointer, header: PageHeader, rows: Int, present: Int, rowsDone: Int,
        into sink: inout Sink
    ) throws {
        guard let encoding = Encoding(rawValue: header.encodingRaw) else {
            throw ParquetError(reason: .unsupported("value encoding \(Encoding.name(raw: header.encodingRaw))"))
        }
        try sink.append(raw, encoding: encoding, count: present, indices: &scratch.indices)
        guard descriptor.maxDefinitionLevel > 0 else { return }
        if present == rows {
            // No nulls in this page: nothing to move, and validity stays implicit until a null.
            validityBits?.append(contentsOf: repeatElement(true, count: rows))
            return
        }
        let maxLevel = UInt32(descriptor.maxDefinitionLevel)
        if validityBits == nil {
            var bits = [Bool]()
            bits.reserveCapacity(rowCount)
            bits.append(contentsOf: repeatElement(true, count: rowsDone))
            validityBits = bits
        }
        scratch.levels.withUnsafeBufferPointer { all in
            let page = UnsafeBufferPointer(rebasing: all[0..<rows])
            sink.spread(baseRow: rowsDone, present: present, levels: page, maxLevel: maxLevel)
            for level in page { validityBits?.append(level == maxLevel) }
        }
    }

    // MARK: - Helpers

    /// Moves the page buffer out (leaving it empty) so it can be filled while `self` mutates.
    private mutating func takePageBuffer() -> [UInt8] {
        let buffer = scratch.page
        scratch.page = []
        return buffer
    }

    private func checkedValueCount(_ header: PageHeader, rowsDone: Int) throws -> Int {
        let count = Int(header.numValues)
        guard count <= rowCount - rowsDone else {
            throw ParquetError.page(
                "page holds \(count) values but only \(rowCount - rowsDone) rows of the row group remain")
        }
        return count
    }

    /// Calls `body` with the page's uncompressed bytes: the stored bytes themselves when the
    /// chunk is uncompressed (no copy), else `scratch` filled by the decompressor (reused
    /// across pages; grown when a page is larger). Static so `body` may mutate the reader.
    private static func withPageBody<R>(
        _ bytes: [UInt8], _ range: Range<Int>, uncompressedSize: Int, compressed: Bool = true, codec: Int32,
        limits: ParquetReadLimits, zstd: ZstdDecompressionContext?, scratch: inout [UInt8],
        _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R {
        guard uncompressedSize >= 0, uncompressedSize <= limits.maxPageBytes else {
            throw ParquetError(
                reason: .limitExceeded(
                    what: "uncompressed page size", value: uncompressedSize, limit: limits.maxPageBytes))
        }
        if !compressed || codec == CompressionCodec.uncompressed.rawValue {
            guard range.count == uncompressedSize else {
                throw ParquetError.page(
                    "stored \(range.count) bytes but the header says \(uncompressedSize) uncompressed")
            }
            return try bytes.withUnsafeBytes { raw in try body(UnsafeRawBufferPointer(rebasing: raw[range])) }
        }
        let ratioLimit = max(range.count, 64) * limits.maxCompressionRatio
        guard uncompressedSize <= ratioLimit else {
            throw ParquetError(
                reason: .limitExceeded(
                    what: "uncompressed size of a \(range.count)-byte page", value: uncompressedSize, limit: ratioLimit)
            )
        }
        if scratch.count < uncompressedSize {
            // Every byte handed to `body` is written by the decompressor first.
            scratch = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { _, initialized in
                initialized = uncompressedSize
            }
        }
        try bytes.withUnsafeBytes { raw in
            try scratch.withUnsafeMutableBytes { out in
                try Decompression.decompress(
                    codecRaw: codec, input: UnsafeRawBufferPointer(rebasing: raw[range]),
                    output: UnsafeMutableRawBufferPointer(rebasing: out[0..<uncompressedSize]), zstdContext: zstd)
            }
        }
        return try scratch.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[0..<uncompressedSize]))
        }
    }

}
