/// Decoders for BYTE_ARRAY values. Each appends `count` values to `out` (data + end offsets).
enum ByteArrayDecoding {
    /// PLAIN: each value is a 4-byte little-endian length and its bytes.
    static func plain(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout ByteArrayValues) throws {
        var position = 0
        out.offsets.reserveCapacity(out.offsets.count + count)
        for index in 0..<count {
            guard bytes.count - position >= 4 else {
                throw ParquetError.page("BYTE_ARRAY value \(index) length runs past the end")
            }
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            position += 4
            guard length <= bytes.count - position else {
                throw ParquetError.page("BYTE_ARRAY value \(index) of \(length) bytes runs past the end")
            }
            out.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<position + length]))
            out.offsets.append(out.data.count)
            position += length
        }
    }

    /// DELTA_LENGTH_BYTE_ARRAY: delta-packed lengths, then all bytes back to back.
    /// Returns the offset after the consumed bytes.
    @discardableResult
    static func deltaLength(
        _ bytes: UnsafeRawBufferPointer, count: Int, into out: inout ByteArrayValues
    ) throws -> Int {
        let lengths = try deltaLengths(bytes, count: count)
        var position = lengths.end
        for length in lengths.values {
            guard length >= 0, length <= bytes.count - position else {
                throw ParquetError.page("DELTA_LENGTH_BYTE_ARRAY value of \(length) bytes runs past the end")
            }
            out.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<position + Int(length)]))
            out.offsets.append(out.data.count)
            position += Int(length)
        }
        return position
    }

    /// DELTA_BYTE_ARRAY: delta-packed prefix lengths, then suffixes as DELTA_LENGTH_BYTE_ARRAY;
    /// each value is the previous value's prefix plus its suffix.
    static func deltaByteArray(
        _ bytes: UnsafeRawBufferPointer, count: Int, byteLimit: Int = .max, into out: inout ByteArrayValues
    ) throws {
        let prefixes = try deltaLengths(bytes, count: count)
        var suffixes = ByteArrayValues()
        try deltaLength(UnsafeRawBufferPointer(rebasing: bytes[prefixes.end...]), count: count, into: &suffixes)
        var previousStart = out.data.count
        var previousLength = 0
        for index in 0..<count {
            let prefix = prefixes.values[index]
            guard prefix >= 0, Int(prefix) <= previousLength else {
                throw ParquetError.page(
                    "DELTA_BYTE_ARRAY prefix \(prefix) is longer than the previous value (\(previousLength))")
            }
            let start = out.data.count
            // Prefixes repeat earlier bytes, so output can grow quadratically in the input.
            guard Int(prefix) + suffixes[index].count <= byteLimit - start else {
                throw ParquetError(
                    reason: .limitExceeded(what: "decoded DELTA_BYTE_ARRAY size", value: start, limit: byteLimit))
            }
            if prefix > 0 {
                out.data.append(contentsOf: out.data[previousStart..<previousStart + Int(prefix)])
            }
            out.data.append(contentsOf: suffixes[index])
            out.offsets.append(out.data.count)
            previousStart = start
            previousLength = out.data.count - start
        }
    }

    private static func deltaLengths(
        _ bytes: UnsafeRawBufferPointer, count: Int
    ) throws -> (values: [Int64], end: Int) {
        var decoder = try DeltaBinaryPackedDecoder(bytes, maxValues: count)
        guard decoder.totalCount == count else {
            throw ParquetError.page("delta lengths hold \(decoder.totalCount) values, page needs \(count)")
        }
        var values = [Int64](repeating: 0, count: count)
        try values.withUnsafeMutableBufferPointer { buffer throws in
            guard let base = buffer.baseAddress else { return }
            try decoder.decode(into: base)
        }
        return (values, decoder.endOffset)
    }

    /// Dictionary indices gathered from a BYTE_ARRAY dictionary.
    static func dictionary(
        _ bytes: UnsafeRawBufferPointer, count: Int, dictionary: ByteArrayValues, indices: inout [UInt32],
        byteLimit: Int = .max, into out: inout ByteArrayValues
    ) throws {
        try DictionaryIndices.decode(bytes, count: count, dictionaryCount: dictionary.count, into: &indices)
        // A long entry repeated by a short RLE run would expand without bound: size it first.
        var total = out.data.count
        for position in 0..<count {
            let index = Int(indices[position])
            total += dictionary.offsets[index + 1] - dictionary.offsets[index]
            guard total <= byteLimit else {
                throw ParquetError(
                    reason: .limitExceeded(what: "decoded BYTE_ARRAY column size", value: total, limit: byteLimit))
            }
        }
        out.offsets.reserveCapacity(out.offsets.count + count)
        for position in 0..<count {
            out.data.append(contentsOf: dictionary[Int(indices[position])])
            out.offsets.append(out.data.count)
        }
    }

    /// Rewrites the `present` offsets appended after `baseRow` so that null rows get empty ranges.
    static func spread(
        _ out: inout ByteArrayValues, baseRow: Int, present: Int, levels: UnsafeBufferPointer<UInt32>, maxLevel: UInt32
    ) {
        let rows = levels.count
        guard present < rows else { return }
        out.offsets.append(contentsOf: repeatElement(0, count: rows - present))
        out.offsets.withUnsafeMutableBufferPointer { offsets in
            // Offsets of row r end at offsets[r + 1]; walk backwards like the fixed-width spread.
            var source = baseRow + present
            for row in stride(from: rows - 1, through: 0, by: -1) {
                // A null row ends where the previous present value ends.
                offsets[baseRow + row + 1] = offsets[source]
                if levels[row] == maxLevel { source -= 1 }
            }
        }
    }
}

/// Decoders for BOOLEAN values.
enum BooleanDecoding {
    /// PLAIN: one bit per value, LSB first.
    static func plain(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Bool]) throws {
        guard count <= bytes.count * 8 else {
            throw ParquetError.page("PLAIN BOOLEAN needs \(count) bits, page has \(bytes.count) bytes")
        }
        out.reserveCapacity(out.count + count)
        for index in 0..<count { out.append(bytes[index >> 3] & (1 << UInt8(index & 7)) != 0) }
    }

    /// RLE: a 4-byte length, then the RLE / bit-packed hybrid with bit width 1.
    static func rle(
        _ bytes: UnsafeRawBufferPointer, count: Int, scratch: inout [UInt32], into out: inout [Bool]
    ) throws {
        guard bytes.count >= 4 else { throw ParquetError.page("RLE BOOLEAN page lacks its length prefix") }
        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
        guard length <= bytes.count - 4 else {
            throw ParquetError.page("RLE BOOLEAN length \(length) runs past the end")
        }
        var decoder = try RLEBitPackedDecoder(UnsafeRawBufferPointer(rebasing: bytes[4..<4 + length]), bitWidth: 1)
        if scratch.count < count { scratch = [UInt32](repeating: 0, count: count) }
        try scratch.withUnsafeMutableBufferPointer { buffer throws in
            guard count > 0 else { return }
            try decoder.decode(into: buffer.baseAddress!, count: count)  // count <= buffer.count ensured above
        }
        out.reserveCapacity(out.count + count)
        for index in 0..<count { out.append(scratch[index] != 0) }
    }
}
