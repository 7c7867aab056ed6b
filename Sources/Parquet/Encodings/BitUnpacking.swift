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
        var index = 0
        // Fastest part: whole groups of 8 values from a byte boundary, with the bit width a
        // compile-time constant per case so shifts and masks fold away.
        if startBit & 7 == 0, let base = bytes.baseAddress, width <= 32 {
            let byteStart = startBit >> 3
            let spare = bytes.count - byteStart - 8
            let groups = spare > 0 ? min(count / 8, spare / width) : 0
            if groups > 0 {
                unpackGroups(base + byteStart, width: width, groups: groups, into: out)
                index = groups * 8
            }
        }
        // Fast part: every value whose 8-byte window lies inside the buffer.
        var bit = startBit + index * width
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

    /// Unpacks `groups` groups of 8 values; every group's bytes plus 8 spare bytes must be
    /// readable (checked by the caller).
    private static func unpackGroups(
        _ source: UnsafeRawPointer, width: Int, groups: Int, into out: UnsafeMutablePointer<UInt32>
    ) {
        switch width {
        case 1: unpackGroups(source, constantWidth: 1, groups: groups, into: out)
        case 2: unpackGroups(source, constantWidth: 2, groups: groups, into: out)
        case 3: unpackGroups(source, constantWidth: 3, groups: groups, into: out)
        case 4: unpackGroups(source, constantWidth: 4, groups: groups, into: out)
        case 5: unpackGroups(source, constantWidth: 5, groups: groups, into: out)
        case 6: unpackGroups(source, constantWidth: 6, groups: groups, into: out)
        case 7: unpackGroups(source, constantWidth: 7, groups: groups, into: out)
        case 8: unpackGroups(source, constantWidth: 8, groups: groups, into: out)
        case 9: unpackGroups(source, constantWidth: 9, groups: groups, into: out)
        case 10: unpackGroups(source, constantWidth: 10, groups: groups, into: out)
        case 11: unpackGroups(source, constantWidth: 11, groups: groups, into: out)
        case 12: unpackGroups(source, constantWidth: 12, groups: groups, into: out)
        case 13: unpackGroups(source, constantWidth: 13, groups: groups, into: out)
        case 14: unpackGroups(source, constantWidth: 14, groups: groups, into: out)
        case 15: unpackGroups(source, constantWidth: 15, groups: groups, into: out)
        case 16: unpackGroups(source, constantWidth: 16, groups: groups, into: out)
        case 17: unpackGroups(source, constantWidth: 17, groups: groups, into: out)
        case 18: unpackGroups(source, constantWidth: 18, groups: groups, into: out)
        case 19: unpackGroups(source, constantWidth: 19, groups: groups, into: out)
        case 20: unpackGroups(source, constantWidth: 20, groups: groups, into: out)
        case 21: unpackGroups(source, constantWidth: 21, groups: groups, into: out)
        case 22: unpackGroups(source, constantWidth: 22, groups: groups, into: out)
        case 23: unpackGroups(source, constantWidth: 23, groups: groups, into: out)
        case 24: unpackGroups(source, constantWidth: 24, groups: groups, into: out)
        case 25: unpackGroups(source, constantWidth: 25, groups: groups, into: out)
        case 26: unpackGroups(source, constantWidth: 26, groups: groups, into: out)
        case 27: unpackGroups(source, constantWidth: 27, groups: groups, into: out)
        case 28: unpackGroups(source, constantWidth: 28, groups: groups, into: out)
        case 29: unpackGroups(source, constantWidth: 29, groups: groups, into: out)
        case 30: unpackGroups(source, constantWidth: 30, groups: groups, into: out)
        case 31: unpackGroups(source, constantWidth: 31, groups: groups, into: out)
        case 32: unpackGroups(source, constantWidth: 32, groups: groups, into: out)
        default: preconditionFailure("bit width \(width) outside 1...32")
        }
    }

    @inline(__always)
    private static func unpackGroups(
        _ source: UnsafeRawPointer, constantWidth width: Int, groups: Int, into out: UnsafeMutablePointer<UInt32>
    ) {
        let mask: UInt64 = (1 << UInt64(width)) &- 1
        var input = source
        var output = out
        for _ in 0..<groups {
            for value in 0..<8 {
                let bit = value * width
                let word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
                output[value] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            }
            input += width
            output += 8
        }
    }
}
