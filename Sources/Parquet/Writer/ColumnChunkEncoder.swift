import CZlib

/// Writes one column chunk of a row group: an optional dictionary page, then data
/// pages (v1) of about the configured size, each with RLE definition levels when
/// the column is optional, compressed with the writer's codec.
struct ColumnChunkEncoder {
    /// The column being written.
    let spec: ParquetColumnSpec
    /// Writer settings.
    let options: ParquetWriterOptions
    /// Page compressor shared by the writer.
    let compressor: PageCompressor

    /// Encodes `store` (the non-null values) for `rowCount` rows with optional `validity`, writing to `file`.
    func write(
        _ store: some ChunkValueStore, validity: [Bool]?, rowCount: Int, nullCount: Int, to file: OutputFile
    ) throws -> WrittenColumnChunk {
        var chunk = WrittenColumnChunk(
            spec: spec, encodings: [], codec: options.codec, valueCount: Int64(rowCount),
            totalUncompressedBytes: 0, totalCompressedBytes: 0, dataPageOffset: 0, dictionaryPageOffset: nil,
            statistics: statistics(store, nullCount: nullCount), pageEncodingCounts: [])

        // Like other writers, start with a dictionary and fall back to PLAIN for the rest of the chunk
        // once it outgrows its limit: the first pages index the dictionary, the later ones are PLAIN.
        var dictionary: ChunkDictionary?
        if options.enableDictionary && spec.allowsDictionary && store.count > 0 {
            dictionary = store.buildDictionary(limitBytes: options.dictionaryPageSizeLimitBytes)
        }
        let indexBitWidth = dictionary.map { max(1, RLEHybridEncoder.bitWidth(forMaximum: UInt32($0.entryCount - 1))) }
        let plainRowsPerPage = rowsPerPage(bytesPerValue: store.plainBytesPerValue)
        let dictionaryRowsPerPage = rowsPerPage(bytesPerValue: max(1, (indexBitWidth ?? 8) / 8))
        func presentValues(_ rows: Range<Int>) -> Int {
            validity.map { $0[rows].reduce(0) { $0 + ($1 ? 1 : 0) } } ?? rows.count
        }
        // A dictionary that cannot cover even the first page is not worth a page of its own.
        if let covered = dictionary?.coveredValues, presentValues(0..<min(rowCount, dictionaryRowsPerPage)) > covered {
            dictionary = nil
        }
        if let dictionary {
            chunk.dictionaryPageOffset = file.position
            try writeDictionaryPage(dictionary, to: file, chunk: &chunk)
        }

        chunk.dataPageOffset = file.position
        var body = ByteSink(capacity: min(options.dataPageSizeBytes, rowCount * store.plainBytesPerValue) + 64)
        var dictionaryPages: Int32 = 0
        var plainPages: Int32 = 0
        var usesDictionary = dictionary != nil
        var valueStart = 0
        var rowStart = 0
        repeat {
            var rowEnd = min(rowCount, rowStart + (usesDictionary ? dictionaryRowsPerPage : plainRowsPerPage))
            var valueEnd = valueStart + presentValues(rowStart..<rowEnd)
            if usesDictionary, let covered = dictionary?.coveredValues, valueEnd > covered {
                usesDictionary = false
                rowEnd = min(rowCount, rowStart + plainRowsPerPage)
                valueEnd = valueStart + presentValues(rowStart..<rowEnd)
            }
            body.removeAll()
            if let validity {
                var levels = ByteSink()
                validity.withUnsafeBufferPointer {
                    RLEHybridEncoder.encodeLevels(UnsafeBufferPointer(rebasing: $0[rowStart..<rowEnd]), into: &levels)
                }
                body.appendLittleEndian(UInt32(levels.count))
                body.append(contentsOf: levels.bytes)
            }
            if usesDictionary, let dictionary, let indexBitWidth {
                body.append(UInt8(indexBitWidth))
                dictionary.indices.withUnsafeBufferPointer {
                    RLEHybridEncoder.encode(
                        UnsafeBufferPointer(rebasing: $0[valueStart..<valueEnd]), bitWidth: indexBitWidth, into: &body)
                }
                dictionaryPages += 1
            } else {
                store.appendPlain(valueStart..<valueEnd, into: &body)
                plainPages += 1
            }
            let encoding: Encoding = usesDictionary ? .rleDictionary : .plain
            try writePage(body, kind: .data(valueCount: rowEnd - rowStart, encoding: encoding), to: file, chunk: &chunk)
            valueStart = valueEnd
            rowStart = rowEnd
        } while rowStart < rowCount

        if dictionaryPages > 0 {
            chunk.pageEncodingCounts.append(
                WrittenPageEncodingCount(pageType: .dataPage, encoding: .rleDictionary, count: dictionaryPages))
        }
        if plainPages > 0 {
            chunk.pageEncodingCounts.append(
                WrittenPageEncodingCount(pageType: .dataPage, encoding: .plain, count: plainPages))
        }
        chunk.encodings = dictionary == nil ? [.plain, .rle] : [.plain, .rle, .rleDictionary]
        return chunk
    }

    /// Rows per data page for values of about `bytesPerValue` bytes.
    private func rowsPerPage(bytesPerValue: Int) -> Int {
        max(1, min(options.maximumRowsPerPage, options.dataPageSizeBytes / max(1, bytesPerValue)))
    }

    // MARK: - Pages

    private enum PageKind {
        case dictionary(entryCount: Int)
        case data(valueCount: Int, encoding: Encoding)
    }

    private func writeDictionaryPage(
        _ dictionary: ChunkDictionary, to file: OutputFile, chunk: inout WrittenColumnChunk
    ) throws {
        try writePage(
            dictionary.plainEntries, kind: .dictionary(entryCount: dictionary.entryCount), to: file, chunk: &chunk)
        chunk.pageEncodingCounts.append(WrittenPageEncodingCount(pageType: .dictionaryPage, encoding: .plain, count: 1))
    }

    private func writePage(
        _ body: ByteSink, kind: PageKind, to file: OutputFile, chunk: inout WrittenColumnChunk
    ) throws {
        let uncompressedSize = body.count
        guard uncompressedSize < Int(Int32.max) else {
            throw ParquetWriteError.pageTooLarge(column: spec.name, bytes: uncompressedSize)
        }
        try body.bytes.withUnsafeBytes { raw in
            try compressor.compress(raw) { stored in
                guard stored.count < Int(Int32.max) else {
                    throw ParquetWriteError.pageTooLarge(column: spec.name, bytes: stored.count)
                }
                let crc = options.writesPageChecksums ? checksum(stored) : nil
                let header: [UInt8]
                switch kind {
                case .dictionary(let entryCount):
                    header = FooterEncoder.dictionaryPageHeader(
                        uncompressedSize: Int32(uncompressedSize), compressedSize: Int32(stored.count),
                        entryCount: Int32(entryCount), crc: crc)
                case .data(let valueCount, let encoding):
                    header = FooterEncoder.dataPageHeader(
                        uncompressedSize: Int32(uncompressedSize), compressedSize: Int32(stored.count),
                        valueCount: Int32(valueCount), encoding: encoding, crc: crc)
                }
                try file.write(header)
                try file.write(stored)
                chunk.totalUncompressedBytes += Int64(header.count + uncompressedSize)
                chunk.totalCompressedBytes += Int64(header.count + stored.count)
            }
        }
    }

    /// CRC-32 (the zlib polynomial the format names) of the stored page bytes, as a signed i32.
    private func checksum(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let value = crc32(0, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
        return Int32(bitPattern: UInt32(truncatingIfNeeded: value))
    }

    // MARK: - Statistics

    private func statistics(_ store: some ChunkValueStore, nullCount: Int) -> WrittenStatistics {
        var result = WrittenStatistics(
            nullCount: Int64(nullCount), minimum: nil, maximum: nil, writesLegacyFields: spec.valueType != .string)
        if let (minimum, maximum) = store.minimumAndMaximum(),
            minimum.count <= options.maximumStatisticsBytes && maximum.count <= options.maximumStatisticsBytes
        {
            result.minimum = minimum
            result.maximum = maximum
        }
        return result
    }
}
