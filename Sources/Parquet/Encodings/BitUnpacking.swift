/// Reading little-endian bit fields out of a byte buffer, LSB first (the Parquet bit-packing
/// order for the RLE / bit-packed hybrid and DELTA_BINARY_PACKED miniblocks).
enum BitUnpacking {
    /// Reads `width` (0...64) bits starting at `bitOffset`. The caller guarantees that the
    /// bits lie inside `bytes`; bytes past the end are never touched.
    @inline(__always)
    static func read(_ bytes: UnsafeRawBufferPointer, bitOffset: Int, width: Int) -> UInt64 {
        if width == 0 { return 0 }
        let byteIndex = bitOffset >> 3
        let shift = UInt64(bitOffset & 7)
        let mask: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) &- 1
        if byteIndex + 8 <= bytes.count {
            var word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: byteIndex, as: UInt64.self)) >> shift
            if Int(shift) + width > 64 {
                // Only for widths above 56: the field's last bits are in a ninth byte.
                word |= UInt64(bytes[byteIndex + 8]) << (64 - shift)
            }
            return word & mask
        }
        // Near the end of the buffer: assemble byte by byte.
        var value: UInt64 = 0
        var produced = 0
        var index = byteIndex
        var skip = Int(shift)
        while produced < width && index < bytes.count {
            let available = 8 - skip
            let chunk = UInt64(bytes[index]) >> UInt64(skip)
            value |= produced < 64 ? chunk << UInt64(produced) : 0
            produced += available
            skip = 0
            index += 1
        }
        return value & mask
    }

    /// Unpacks `count` values of `width` (0...32) bits, starting at bit `startBit` of `bytes`,
    /// into `out`. The caller guarantees the bits lie inside `bytes`.
    @inline(__always)
    static func unpack32(
        _ bytes: UnsafeRawBufferPointer, startBit: Int, width: Int, count: Int, into out: UnsafeMutablePointer<UInt32>
    ) {
        if width == 0 {
            out.update(repeating: 0, count: count)
            return
        }
        let mask: UInt64 = (1 << UInt64(width)) &- 1
        // Fast part: every value whose 8-byte window lies inside the buffer.
        var index = 0
        var bit = startBit
        let safeBits = (bytes.count - 8) * 8
        if let base = bytes.baseAddress, bytes.count >= 8 {
            while index < count && bit <= safeBits {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
                out[index] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
                index += 1
                bit += width
            }
        }
        while index < count {
            out[index] = UInt32(truncatingIfNeeded: read(bytes, bitOffset: bit, width: width))
            index += 1
            bit += width
        }
    }
}
