// Definition-level decoding for ColumnChunkReader: RLE / bit-packed hybrid (v1 with a length
// prefix, v2 without) and the deprecated BIT_PACKED encoding.

extension ColumnChunkReader {
    /// Bits per definition level: enough for the column's maximum level.
    var levelBitWidth: Int { Int.bitWidth - descriptor.maxDefinitionLevel.leadingZeroBitCount }

    /// Decodes RLE definition levels into `levels`; returns how many equal the maximum.
    /// `levels` is only complete when some are below the maximum (a page with nulls): a
    /// page without nulls, the common case, needs no levels, so a first pass only counts and
    /// writes none for RLE runs; the page is decoded again, in full, only when it has nulls.
    mutating func decodeLevels(_ raw: UnsafeRawBufferPointer, count: Int) throws -> Int {
        if scratch.levels.count < count { scratch.levels = [UInt32](repeating: 0, count: count) }
        let decoder = try RLEBitPackedDecoder(raw, bitWidth: levelBitWidth)
        let maxLevel = UInt32(descriptor.maxDefinitionLevel)
        return try scratch.levels.withUnsafeMutableBufferPointer { buffer throws in
            guard count > 0 else { return 0 }
            // buffer holds >= count, ensured above.
            var counting = decoder
            let present = try counting.decodeLevels(
                into: buffer.baseAddress!, count: count, maxLevel: maxLevel, storeRuns: false)
            guard present < count else { return present }
            var storing = decoder
            return try storing.decodeLevels(into: buffer.baseAddress!, count: count, maxLevel: maxLevel)
        }
    }

    /// Deprecated BIT_PACKED levels: packed from the most significant bit.
    mutating func decodeLegacyBitPackedLevels(_ raw: UnsafeRawBufferPointer, count: Int) throws -> Int {
        if scratch.levels.count < count { scratch.levels = [UInt32](repeating: 0, count: count) }
        let width = levelBitWidth
        for index in 0..<count {
            var value: UInt32 = 0
            for bit in 0..<width {
                let position = index * width + bit
                let set = raw[position >> 3] & (0x80 >> UInt8(position & 7)) != 0
                value = value << 1 | (set ? 1 : 0)
            }
            scratch.levels[index] = value
        }
        let maxLevel = UInt32(descriptor.maxDefinitionLevel)
        return try scratch.levels.withUnsafeBufferPointer { buffer throws in
            try Self.countPresent(UnsafeBufferPointer(rebasing: buffer[0..<count]), maxLevel: maxLevel)
        }
    }

    private static func countPresent(_ page: UnsafeBufferPointer<UInt32>, maxLevel: UInt32) throws -> Int {
        var present = 0
        var invalid: UInt32 = 0
        for level in page {
            present &+= level == maxLevel ? 1 : 0
            invalid |= level > maxLevel ? 1 : 0
        }
        guard invalid == 0 else { throw ParquetError.page("definition level above the column's maximum \(maxLevel)") }
        return present
    }
}
