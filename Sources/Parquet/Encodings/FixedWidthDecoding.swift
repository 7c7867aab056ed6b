/// Values whose PLAIN encoding is their little-endian in-memory representation.
protocol FixedWidthValue: BitwiseCopyable {
    /// The value stored in null slots.
    static var zero: Self { get }
    /// Conversion of a DELTA_BINARY_PACKED result; nil for types that encoding cannot hold.
    static func fromDelta(_ value: Int64) -> Self?
}

extension Int32: FixedWidthValue {
    static func fromDelta(_ value: Int64) -> Int32? { Int32(truncatingIfNeeded: value) }
}
extension Int64: FixedWidthValue {
    static func fromDelta(_ value: Int64) -> Int64? { value }
}
extension Float: FixedWidthValue {
    static func fromDelta(_ value: Int64) -> Float? { nil }
}
extension Double: FixedWidthValue {
    static func fromDelta(_ value: Int64) -> Double? { nil }
}
extension Int96: FixedWidthValue {
    static var zero: Int96 { Int96(nanosOfDay: 0, julianDay: 0) }
    static func fromDelta(_ value: Int64) -> Int96? { nil }
}

#if _endian(big)
#error("PLAIN decoding copies little-endian bytes directly; big-endian hosts need byte swapping")
#endif

/// Decoders for fixed-width physical types. Each fills `out` (exactly the page's non-null
/// value count) inside a column array allocated once per row group.
enum FixedWidthDecoding {
    /// PLAIN: values back to back; one bulk copy.
    static func plain<T: FixedWidthValue>(
        _ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<T>
    )
        throws
    {
        let size = MemoryLayout<T>.stride
        let count = out.count
        guard count <= bytes.count / size else {
            throw ParquetError.page("PLAIN needs \(count) values of \(size) bytes, page has \(bytes.count) bytes")
        }
        guard count > 0, let target = out.baseAddress, let source = bytes.baseAddress else { return }
        UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * size)
    }

    /// BYTE_STREAM_SPLIT: byte `k` of every value is in stream `k`; streams are `count` long.
    static func byteStreamSplit<T: FixedWidthValue>(
        _ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<T>
    ) throws {
        let size = MemoryLayout<T>.stride
        let count = out.count
        guard count <= bytes.count / size else {
            throw ParquetError.page("BYTE_STREAM_SPLIT needs \(count) values of \(size) bytes, page has \(bytes.count)")
        }
        let target = UnsafeMutableRawBufferPointer(out)
        for value in 0..<count {
            for stream in 0..<size { target[value * size + stream] = bytes[stream * count + value] }
        }
    }

    /// DELTA_BINARY_PACKED for INT32 / INT64.
    static func delta<T: FixedWidthValue>(
        _ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<T>
    )
        throws
    {
        guard T.fromDelta(0) != nil else {
            throw ParquetError.page("DELTA_BINARY_PACKED is only valid for INT32 and INT64")
        }
        let count = out.count
        var decoder = try DeltaBinaryPackedDecoder(bytes, maxValues: count)
        guard decoder.totalCount == count else {
            throw ParquetError.page("DELTA_BINARY_PACKED holds \(decoder.totalCount) values, page needs \(count)")
        }
        var wide = [Int64](repeating: 0, count: count)
        try wide.withUnsafeMutableBufferPointer { buffer throws in
            guard let base = buffer.baseAddress else { return }
            try decoder.decode(into: base)
        }
        for index in 0..<count {
            // fromDelta(0) != nil was checked above, so every conversion succeeds.
            out[index] = T.fromDelta(wide[index]) ?? T.zero
        }
    }

    /// Indices unpacked per step of the dictionary gather: small enough to stay in L1 cache.
    static let gatherChunk = 1024

    /// Dictionary indices (bit width byte + RLE / bit-packed hybrid) gathered from
    /// `dictionary`; `indices` is scratch, grown to `gatherChunk` entries once.
    static func dictionary<T: FixedWidthValue>(
        _ bytes: UnsafeRawBufferPointer, dictionary: [T], indices: inout [UInt32],
        into out: UnsafeMutableBufferPointer<T>
    ) throws {
        let count = out.count
        guard count > 0, let target = out.baseAddress else { return }
        guard !bytes.isEmpty else { throw ParquetError.page("dictionary-encoded page has no bit width byte") }
        guard !dictionary.isEmpty else { throw ParquetError.page("dictionary-encoded values with an empty dictionary") }
        var decoder = try RLEBitPackedDecoder(UnsafeRawBufferPointer(rebasing: bytes[1...]), bitWidth: Int(bytes[0]))
        if indices.count < gatherChunk { indices = [UInt32](repeating: 0, count: gatherChunk) }
        try dictionary.withUnsafeBufferPointer { entries in
            try indices.withUnsafeMutableBufferPointer { scratch in
                try decoder.gather(from: entries, into: target, count: count, scratch: scratch)
            }
        }
    }

    /// Moves the `present` values at the start of `out` to their row slots, zero-filling
    /// nulls: `levels[i] == maxLevel` marks row `i` as present. Works backwards in place;
    /// `out` holds one slot per row of the page.
    static func spread<T: FixedWidthValue>(
        _ out: UnsafeMutableBufferPointer<T>, present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32
    ) {
        var source = present - 1
        for row in stride(from: levels.count - 1, through: 0, by: -1) {
            if levels[row] == maxLevel {
                out[row] = out[source]
                source -= 1
            } else {
                out[row] = T.zero
            }
        }
    }
}

/// Dictionary index decoding shared by all types.
enum DictionaryIndices {
    /// Decodes `count` indices into `indices[0..<count]`, each checked below `dictionaryCount`.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, count: Int, dictionaryCount: Int, into indices: inout [UInt32]
    ) throws {
        if indices.count < count { indices = [UInt32](repeating: 0, count: count) }
        guard count > 0 else { return }
        guard !bytes.isEmpty else { throw ParquetError.page("dictionary-encoded page has no bit width byte") }
        let width = Int(bytes[0])
        var decoder = try RLEBitPackedDecoder(UnsafeRawBufferPointer(rebasing: bytes[1...]), bitWidth: width)
        try indices.withUnsafeMutableBufferPointer { buffer throws in
            // count <= buffer.count was ensured above.
            try decoder.decode(into: buffer.baseAddress!, count: count)
            var largest: UInt32 = 0
            for position in 0..<count { largest = max(largest, buffer[position]) }
            guard Int(largest) < dictionaryCount else {
                throw ParquetError.page(
                    "dictionary index \(largest) is beyond the \(dictionaryCount) dictionary entries")
            }
        }
    }
}
