/// Accumulates one column's values page by page, for one physical type.
protocol ValueSink {
    /// Decodes a dictionary page (PLAIN values).
    mutating func setDictionary(_ bytes: UnsafeRawBufferPointer, count: Int) throws
    /// Decodes `count` non-null values of a data page and appends them.
    mutating func append(
        _ bytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int, indices: inout [UInt32]
    ) throws
    /// Moves the `present` values appended last into row slots after `baseRow`, as `levels` say.
    mutating func spread(baseRow: Int, present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32)
    /// Prepares storage for `rows` rows (the row group's count).
    mutating func reserve(_ rows: Int)
    /// The decoded values.
    var values: ColumnValues { get }
}

private func unsupported(_ encoding: Encoding, _ type: String) -> ParquetError {
    ParquetError(reason: .unsupported("encoding \(encoding.thriftName) for \(type) values"))
}

/// INT32, INT64, INT96, FLOAT, DOUBLE: one array of the row group's size, allocated up front
/// and filled page by page at `filled`.
struct FixedWidthSink<T: FixedWidthValue>: ValueSink {
    var output: [T] = []
    var filled = 0
    var dictionary: [T]?
    let wrap: ([T]) -> ColumnValues

    init(output: [T] = [], wrap: @escaping ([T]) -> ColumnValues) {
        self.output = output
        self.wrap = wrap
    }

    /// Every slot is written by a decoder or by `spread`, so recycled storage of the right
    /// size needs no clearing.
    mutating func reserve(_ rows: Int) {
        guard output.count != rows else { return }
        if rows < output.count {
            // A smaller row group (usually the last): keep the storage, drop the tail.
            output.removeLast(output.count - rows)
            return
        }
        if rows <= output.capacity {
            // Grown back within the storage's capacity (the next file's first row group): the
            // zero fill touches pages that are already mapped, far cheaper than fresh ones.
            output.append(contentsOf: repeatElement(T.zero, count: rows - output.count))
            return
        }
        // No zero fill: T is a trivial type, and the array is only returned once every row was
        // written (on any error it is discarded with the sink).
        output = [T](unsafeUninitializedCapacity: rows) { buffer, initialized in
            LargeBuffers.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            initialized = rows
        }
    }

    mutating func setDictionary(_ bytes: UnsafeRawBufferPointer, count: Int) throws {
        let size = MemoryLayout<T>.stride
        guard count <= bytes.count / size else {
            throw ParquetError.page("dictionary of \(count) values of \(size) bytes in \(bytes.count) bytes")
        }
        var entries = [T](repeating: T.zero, count: count)
        try entries.withUnsafeMutableBufferPointer { try FixedWidthDecoding.plain(bytes, into: $0) }
        dictionary = entries
    }

    mutating func append(
        _ bytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int, indices: inout [UInt32]
    ) throws {
        guard count <= output.count - filled else { throw ParquetError.page("more values than rows") }
        let start = filled
        let dictionary = self.dictionary
        try output.withUnsafeMutableBufferPointer { all in
            let out = UnsafeMutableBufferPointer(rebasing: all[start..<start + count])
            switch encoding {
            case .plain: try FixedWidthDecoding.plain(bytes, into: out)
            case .plainDictionary, .rleDictionary:
                guard let dictionary else {
                    throw ParquetError.page("dictionary-encoded page but the chunk has no dictionary page")
                }
                try FixedWidthDecoding.dictionary(bytes, dictionary: dictionary, indices: &indices, into: out)
            case .byteStreamSplit: try FixedWidthDecoding.byteStreamSplit(bytes, into: out)
            case .deltaBinaryPacked: try FixedWidthDecoding.delta(bytes, into: out)
            default: throw unsupported(encoding, "\(T.self)")
            }
        }
        filled += count
    }

    mutating func spread(baseRow: Int, present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) {
        // `filled` counted only the present values; the page's rows start at baseRow.
        let rows = levels.count
        output.withUnsafeMutableBufferPointer { all in
            let page = UnsafeMutableBufferPointer(rebasing: all[baseRow..<baseRow + rows])
            FixedWidthDecoding.spread(page, present: present, levels: levels, maxLevel: maxLevel)
        }
        filled = baseRow + rows
    }

    var values: ColumnValues { wrap(output) }
}

/// BOOLEAN.
struct BooleanSink: ValueSink {
    var output: [Bool] = []

    mutating func reserve(_ rows: Int) { output.reserveCapacity(rows) }

    mutating func setDictionary(_ bytes: UnsafeRawBufferPointer, count: Int) throws {
        throw ParquetError.page("BOOLEAN columns cannot have a dictionary page")
    }

    mutating func append(
        _ bytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int, indices: inout [UInt32]
    ) throws {
        switch encoding {
        case .plain: try BooleanDecoding.plain(bytes, count: count, into: &output)
        case .rle: try BooleanDecoding.rle(bytes, count: count, scratch: &indices, into: &output)
        default: throw unsupported(encoding, "BOOLEAN")
        }
    }

    mutating func spread(baseRow: Int, present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) {
        let rows = levels.count
        guard present < rows else { return }
        output.append(contentsOf: repeatElement(false, count: rows - present))
        var source = baseRow + present - 1
        for row in stride(from: rows - 1, through: 0, by: -1) {
            if levels[row] == maxLevel {
                output[baseRow + row] = output[source]
                source -= 1
            } else {
                output[baseRow + row] = false
            }
        }
    }

    var values: ColumnValues { .boolean(output) }
}

/// BYTE_ARRAY.
struct ByteArraySink: ValueSink {
    /// Cap on `output.data` (see `ParquetReadLimits.maxDecodedColumnBytes`).
    let byteLimit: Int
    var output = ByteArrayValues()
    var dictionary: ByteArrayValues?

    mutating func reserve(_ rows: Int) { output.offsets.reserveCapacity(rows + 1) }

    mutating func setDictionary(_ bytes: UnsafeRawBufferPointer, count: Int) throws {
        guard count <= bytes.count / 4 else {
            throw ParquetError.page("dictionary of \(count) strings in \(bytes.count) bytes")
        }
        var entries = ByteArrayValues()
        try ByteArrayDecoding.plain(bytes, count: count, into: &entries)
        dictionary = entries
    }

    mutating func append(
        _ bytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int, indices: inout [UInt32]
    ) throws {
        switch encoding {
        case .plain: try ByteArrayDecoding.plain(bytes, count: count, into: &output)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else {
                throw ParquetError.page("dictionary-encoded page but the chunk has no dictionary page")
            }
            try ByteArrayDecoding.dictionary(
                bytes, count: count, dictionary: dictionary, indices: &indices, byteLimit: byteLimit, into: &output)
        case .deltaLengthByteArray: try ByteArrayDecoding.deltaLength(bytes, count: count, into: &output)
        case .deltaByteArray:
            try ByteArrayDecoding.deltaByteArray(bytes, count: count, byteLimit: byteLimit, into: &output)
        default: throw unsupported(encoding, "BYTE_ARRAY")
        }
        guard output.data.count <= byteLimit else {
            throw ParquetError(
                reason: .limitExceeded(
                    what: "decoded BYTE_ARRAY column size", value: output.data.count, limit: byteLimit))
        }
    }

    mutating func spread(baseRow: Int, present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) {
        ByteArrayDecoding.spread(&output, baseRow: baseRow, present: present, levels: levels, maxLevel: maxLevel)
    }

    var values: ColumnValues { .byteArray(output) }
}

/// FIXED_LEN_BYTE_ARRAY of `width` bytes.
struct FixedLengthSink: ValueSink {
    let width: Int
    var output: [UInt8] = []
    var dictionary: [UInt8]?

    mutating func reserve(_ rows: Int) {}

    mutating func setDictionary(_ bytes: UnsafeRawBufferPointer, count: Int) throws {
        var entries: [UInt8] = []
        try plain(bytes, count: count, into: &entries)
        dictionary = entries
    }

    private func plain(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [UInt8]) throws {
        guard count <= bytes.count / width else {
            throw ParquetError.page("PLAIN needs \(count) values of \(width) bytes, page has \(bytes.count)")
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<count * width]))
    }

    mutating func append(
        _ bytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int, indices: inout [UInt32]
    ) throws {
        switch encoding {
        case .plain: try plain(bytes, count: count, into: &output)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else {
                throw ParquetError.page("dictionary-encoded page but the chunk has no dictionary page")
            }
            try DictionaryIndices.decode(
                bytes, count: count, dictionaryCount: dictionary.count / width, into: &indices)
            output.reserveCapacity(output.count + count * width)
            for position in 0..<count {
                let start = Int(indices[position]) * width
                output.append(contentsOf: dictionary[start..<start + width])
            }
        case .byteStreamSplit:
            guard count <= bytes.count / width else { throw ParquetError.page("BYTE_STREAM_SPLIT page too short") }
            let base = output.count
            output.append(contentsOf: repeatElement(0, count: count * width))
            for value in 0..<count {
                for stream in 0..<width { output[base + value * width + stream] = bytes[stream * count + value] }
            }
        case .deltaByteArray:
            var decoded = ByteArrayValues()
            try ByteArrayDecoding.deltaByteArray(bytes, count: count, byteLimit: count * width, into: &decoded)
            guard decoded.data.count == count * width else {
                throw ParquetError.page("DELTA_BYTE_ARRAY values are not all \(width) bytes long")
            }
            output.append(contentsOf: decoded.data)
        default: throw unsupported(encoding, "FIXED_LEN_BYTE_ARRAY")
        }
    }

    mutating func spread(baseRow: Int, present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) {
        let rows = levels.count
        guard present < rows else { return }
        output.append(contentsOf: repeatElement(0, count: (rows - present) * width))
        var source = baseRow + present - 1
        for row in stride(from: rows - 1, through: 0, by: -1) {
            let target = (baseRow + row) * width
            if levels[row] == maxLevel {
                for byte in 0..<width { output[target + byte] = output[source * width + byte] }
                source -= 1
            } else {
                for byte in 0..<width { output[target + byte] = 0 }
            }
        }
    }

    var values: ColumnValues { .fixedLenByteArray(data: output, width: width) }
}
