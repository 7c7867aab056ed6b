/// Decoder of the RLE / bit-packed hybrid encoding (levels, dictionary indices, booleans).
///
/// Runs: a ULEB128 header whose low bit selects bit-packed (groups of 8 values,
/// `groups * bitWidth` bytes) or RLE (one value in `ceil(bitWidth / 8)` bytes, repeated
/// `header >> 1` times). Runs never read past the buffer; a short final bit-packed run is
/// accepted up to the values its bytes hold, as other readers do.
struct RLEBitPackedDecoder {
    private let bytes: UnsafeRawBufferPointer
    private let bitWidth: Int
    private var position = 0
    // The current run: RLE (`repeatedValue`, `runRemaining`) or bit-packed (bytes at
    // `packedStart`, next value `packedIndex` of `packedCount`).
    private var runRemaining = 0
    private var repeatedValue: UInt32 = 0
    private var isPacked = false
    private var packedStart = 0
    private var packedIndex = 0
    private var packedCount = 0

    /// `bitWidth` must be 0...32 (checked: it comes from the file for dictionary indices).
    init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int) throws {
        guard (0...32).contains(bitWidth) else {
            throw ParquetError.page("RLE bit width \(bitWidth) is outside 0...32")
        }
        self.bytes = bytes
        self.bitWidth = bitWidth
    }

    /// Fills `out[0..<count]`; throws when the runs end before `count` values.
    mutating func decode(into out: UnsafeMutablePointer<UInt32>, count: Int) throws {
        var filled = 0
        while filled < count {
            if runRemaining == 0 { try nextRun() }
            let take = min(runRemaining, count - filled)
            if isPacked {
                BitUnpacking.unpack32(
                    bytes, startBit: packedStart * 8 + packedIndex * bitWidth, width: bitWidth, count: take,
                    into: out + filled)
                packedIndex += take
            } else {
                (out + filled).update(repeating: repeatedValue, count: take)
            }
            runRemaining -= take
            filled += take
        }
    }

    /// Decodes `count` dictionary indices and writes `dictionary[index]` for each to
    /// `out[0..<count]`, run by run: an RLE run's index is checked once and its entry filled
    /// in; a bit-packed run is unpacked into `scratch` a chunk at a time, the chunk's largest
    /// index checked against the dictionary, then gathered without further checks. An index
    /// beyond the dictionary is an error. `dictionary` must not be empty.
    mutating func gather<T: BitwiseCopyable>(
        from dictionary: UnsafeBufferPointer<T>, into out: UnsafeMutablePointer<T>, count: Int,
        scratch: UnsafeMutableBufferPointer<UInt32>
    ) throws {
        guard let entries = dictionary.baseAddress, let indices = scratch.baseAddress, !scratch.isEmpty else {
            preconditionFailure("gather needs a non-empty dictionary and scratch buffer")
        }
        let entryCount = UInt32(clamping: dictionary.count)
        var target = out
        var left = count
        while left > 0 {
            if runRemaining == 0 { try nextRun() }
            let take = min(runRemaining, left, scratch.count)
            if isPacked {
                BitUnpacking.unpack32(
                    bytes, startBit: packedStart * 8 + packedIndex * bitWidth, width: bitWidth, count: take,
                    into: indices)
                packedIndex += take
                // Check first (a branch-free maximum the compiler vectorises), then gather.
                var largest: UInt32 = 0
                for position in 0..<take { largest = max(largest, indices[position]) }
                guard largest < entryCount else { throw Self.beyondDictionary(largest, entryCount) }
                for position in 0..<take { target[position] = entries[Int(indices[position])] }
            } else {
                guard repeatedValue < entryCount else { throw Self.beyondDictionary(repeatedValue, entryCount) }
                target.update(repeating: entries[Int(repeatedValue)], count: take)
            }
            runRemaining -= take
            left -= take
            target += take
        }
    }

    private static func beyondDictionary(_ index: UInt32, _ count: UInt32) -> ParquetError {
        ParquetError.page("dictionary index \(index) is beyond the \(count) dictionary entries")
    }

    /// Decodes `count` definition levels into `out` and returns how many equal `maxLevel`
    /// (the present values). A level above `maxLevel` is an error. RLE runs are counted
    /// without scanning, which makes the common all-present page nearly free; with
    /// `storeRuns` false they are not written to `out` either (a counting pass: `out` then
    /// holds only bit-packed levels).
    mutating func decodeLevels(
        into out: UnsafeMutablePointer<UInt32>, count: Int, maxLevel: UInt32, storeRuns: Bool = true
    ) throws -> Int {
        var filled = 0
        var present = 0
        while filled < count {
            if runRemaining == 0 { try nextRun() }
            let take = min(runRemaining, count - filled)
            if isPacked {
                let target = out + filled
                BitUnpacking.unpack32(
                    bytes, startBit: packedStart * 8 + packedIndex * bitWidth, width: bitWidth, count: take,
                    into: target)
                packedIndex += take
                var over: UInt32 = 0
                for index in 0..<take {
                    let level = target[index]
                    present &+= level == maxLevel ? 1 : 0
                    over |= level > maxLevel ? 1 : 0
                }
                guard over == 0 else { throw ParquetError.page("definition level above the maximum \(maxLevel)") }
            } else {
                guard repeatedValue <= maxLevel else {
                    throw ParquetError.page("definition level \(repeatedValue) above the maximum \(maxLevel)")
                }
                if storeRuns { (out + filled).update(repeating: repeatedValue, count: take) }
                if repeatedValue == maxLevel { present += take }
            }
            runRemaining -= take
            filled += take
        }
        return present
    }

    private mutating func nextRun() throws {
        let header = try readVarint()
        if header & 1 == 1 {
            let groups = header >> 1
            guard groups > 0, groups <= UInt64(bytes.count) else {
                throw ParquetError.page("bit-packed run of \(groups) groups")
            }
            let declared = Int(groups) * 8
            let availableBytes = bytes.count - position
            let neededBytes = Int(groups) * bitWidth
            let values = bitWidth == 0 ? declared : min(declared, availableBytes * 8 / bitWidth)
            guard values > 0 else { throw ParquetError.page("bit-packed run at byte \(position) has no data") }
            isPacked = true
            packedStart = position
            packedIndex = 0
            packedCount = values
            runRemaining = values
            position += min(neededBytes, availableBytes)
        } else {
            let count = header >> 1
            guard count > 0 else { throw ParquetError.page("RLE run of length 0 at byte \(position)") }
            guard count <= UInt64(Int32.max) else { throw ParquetError.page("RLE run length \(count) is too large") }
            let valueBytes = (bitWidth + 7) / 8
            guard bytes.count - position >= valueBytes else {
                throw ParquetError.page("RLE run value runs past the end")
            }
            var value: UInt32 = 0
            for index in 0..<valueBytes { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
            position += valueBytes
            isPacked = false
            repeatedValue = value
            runRemaining = Int(count)
        }
    }

    private mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw ParquetError.page("RLE data ends early at byte \(position)") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw ParquetError.page("RLE run header varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }
}
