/// Decoder of DELTA_BINARY_PACKED integers (INT32 and INT64 columns, and the lengths inside
/// DELTA_LENGTH_BYTE_ARRAY / DELTA_BYTE_ARRAY).
///
/// Layout: header `<block size> <miniblocks per block> <total count> <first value (zigzag)>`,
/// then blocks of `<min delta (zigzag)> <one bit-width byte per miniblock> <miniblocks>`.
/// Arithmetic wraps modulo 2^64 as the format specifies; INT32 columns truncate the result,
/// which equals wrapping modulo 2^32.
struct DeltaBinaryPackedDecoder {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    /// Values the header declares.
    let totalCount: Int
    private let valuesPerMiniblock: Int
    private let miniblocksPerBlock: Int

    /// Parses the header; counts are validated so that decoding is bounded by `maxValues`.
    init(_ bytes: UnsafeRawBufferPointer, maxValues: Int) throws {
        self.bytes = bytes
        let blockSize = try Self.varint(bytes, &position)
        let miniblocks = try Self.varint(bytes, &position)
        let total = try Self.varint(bytes, &position)
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20 else {
            throw ParquetError.page("DELTA_BINARY_PACKED block size \(blockSize) is not a positive multiple of 128")
        }
        guard miniblocks > 0, miniblocks <= blockSize, blockSize % miniblocks == 0,
            (blockSize / miniblocks) % 32 == 0
        else { throw ParquetError.page("DELTA_BINARY_PACKED has \(miniblocks) miniblocks per block of \(blockSize)") }
        guard total <= UInt64(maxValues) else {
            throw ParquetError.page("DELTA_BINARY_PACKED declares \(total) values, the page holds at most \(maxValues)")
        }
        totalCount = Int(total)
        miniblocksPerBlock = Int(miniblocks)
        valuesPerMiniblock = Int(blockSize / miniblocks)
        firstValue = try Self.zigzag(bytes, &position)
    }

    private var firstValue: UInt64 = 0

    /// Offset just past the consumed bytes (valid after `decode`).
    var endOffset: Int { position }

    /// Decodes all `totalCount` values into `out`, which must hold that many.
    mutating func decode(into out: UnsafeMutablePointer<Int64>) throws {
        guard totalCount > 0 else { return }
        var last = firstValue
        out[0] = Int64(bitPattern: last)
        var produced = 1
        while produced < totalCount {
            let minDelta = try Self.zigzag(bytes, &position)
            guard bytes.count - position >= miniblocksPerBlock else {
                throw ParquetError.page("DELTA_BINARY_PACKED bit widths run past the end")
            }
            let widthsStart = position
            position += miniblocksPerBlock
            for miniblock in 0..<miniblocksPerBlock where produced < totalCount {
                let width = Int(bytes[widthsStart + miniblock])
                guard width <= 64 else { throw ParquetError.page("DELTA_BINARY_PACKED bit width \(width) exceeds 64") }
                let take = min(valuesPerMiniblock, totalCount - produced)
                let fullBytes = valuesPerMiniblock * width / 8
                let neededBytes = (take * width + 7) / 8
                guard bytes.count - position >= neededBytes else {
                    throw ParquetError.page("DELTA_BINARY_PACKED miniblock runs past the end")
                }
                let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<min(position + fullBytes, bytes.count)])
                for index in 0..<take {
                    let delta = BitUnpacking.read(slice, bitOffset: index * width, width: width)
                    last = last &+ minDelta &+ delta
                    out[produced + index] = Int64(bitPattern: last)
                }
                produced += take
                position = min(position + fullBytes, bytes.count)
            }
        }
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw ParquetError.page("DELTA_BINARY_PACKED header ends early") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw ParquetError.page("DELTA_BINARY_PACKED varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private static func zigzag(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) throws -> UInt64 {
        let raw = try varint(bytes, &position)
        return (raw >> 1) ^ (0 &- (raw & 1))
    }
}
