/// Encodes unsigned integers of a fixed bit width in Parquet's RLE / bit-packed
/// hybrid: runs of at least eight equal values become RLE runs, the rest are
/// bit-packed in groups of eight, least significant bit first.
///
/// A bit-packed run must hold a multiple of eight values except at the very end
/// (readers stop at the page's value count), so a repeat that starts in the middle
/// of a group first fills the group as literals.
enum RLEHybridEncoder {
    /// Most groups of eight in one bit-packed run; keeps each run header to one byte.
    static let maximumGroupsPerRun = 63

    /// Appends the encoding of `values` (each below `1 << bitWidth`) to `sink`.
    static func encode(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into sink: inout ByteSink) {
        precondition(bitWidth >= 0 && bitWidth <= 32, "RLE bit width \(bitWidth) out of range")
        let count = values.count
        var literalStart = 0
        var literalCount = 0
        var index = 0
        while index < count {
            let value = values[index]
            var runEnd = index + 1
            while runEnd < count && values[runEnd] == value { runEnd += 1 }
            var run = runEnd - index

            // Fill an open group of eight before a repeat may become an RLE run.
            if literalCount % 8 != 0 {
                let take = min(8 - literalCount % 8, run)
                literalCount += take
                index += take
                run -= take
            }
            if run >= 8 {
                writeBitPacked(values, start: literalStart, count: literalCount, bitWidth: bitWidth, into: &sink)
                writeRun(value: value, count: run, bitWidth: bitWidth, into: &sink)
                index += run
                literalStart = index
                literalCount = 0
            } else {
                literalCount += run
                index += run
            }
        }
        writeBitPacked(values, start: literalStart, count: literalCount, bitWidth: bitWidth, into: &sink)
    }

    /// Encodes definition levels of an optional flat column (bit width 1: 1 present, 0 null).
    static func encodeLevels(_ validity: UnsafeBufferPointer<Bool>, into sink: inout ByteSink) {
        let levels = [UInt32](unsafeUninitializedCapacity: validity.count) { buffer, initialized in
            for index in 0..<validity.count { buffer[index] = validity[index] ? 1 : 0 }
            initialized = validity.count
        }
        levels.withUnsafeBufferPointer { encode($0, bitWidth: 1, into: &sink) }
    }

    /// Bits needed for the largest value `maximum` (0 for 0).
    static func bitWidth(forMaximum maximum: UInt32) -> Int {
        maximum == 0 ? 0 : 32 - maximum.leadingZeroBitCount
    }

    private static func writeRun(value: UInt32, count: Int, bitWidth: Int, into sink: inout ByteSink) {
        sink.appendVarint(UInt64(count) << 1)
        let valueBytes = (bitWidth + 7) / 8
        for byte in 0..<valueBytes { sink.append(UInt8(truncatingIfNeeded: value >> (8 * byte))) }
    }

    private static func writeBitPacked(
        _ values: UnsafeBufferPointer<UInt32>, start: Int, count: Int, bitWidth: Int, into sink: inout ByteSink
    ) {
        var offset = 0
        while offset < count {
            let groups = min((count - offset + 7) / 8, maximumGroupsPerRun)
            sink.appendVarint(UInt64(groups) << 1 | 1)
            let valuesInRun = groups * 8
            var accumulator: UInt64 = 0
            var bitsHeld = 0
            for slot in 0..<valuesInRun {
                let position = offset + slot
                // Padding after the last value is zeros; readers never decode it.
                let value = position < count ? UInt64(values[start + position]) : 0
                accumulator |= value << UInt64(bitsHeld)
                bitsHeld += bitWidth
                while bitsHeld >= 8 {
                    sink.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    bitsHeld -= 8
                }
            }
            // groups * 8 * bitWidth is a whole number of bytes, so nothing is left over.
            offset += valuesInRun
        }
    }
}
