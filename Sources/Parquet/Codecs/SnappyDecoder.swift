/// Snappy block decompression (the raw format Parquet pages use: a varint of the
/// uncompressed length, then literal and copy elements).
///
/// Written here rather than called from Debian's libsnappy 1.1.9 because that version's
/// decoder calls `memmove` for every copy element, which took 57 % of the time to read a
/// snappy replay file (perf); this one copies short elements with fixed 8- and 16-byte moves
/// instead. Every element is checked against the input and output bounds before it is
/// copied; only the copy itself runs unchecked. `SnappyDecoderTests` compares it with
/// libsnappy on compressed data and on damaged streams.
enum SnappyDecoder {
    /// Decompresses `input` into all of `output`; the stream must declare and produce
    /// exactly `output.count` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        guard let source = input.baseAddress, !input.isEmpty else { throw failure("empty input") }
        var position = 0
        var declared: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < input.count, shift <= 28 else { throw failure("bad length preamble") }
            let byte = input[position]
            position += 1
            declared |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard declared == UInt64(output.count) else {
            throw failure("stream declares \(declared) bytes, header says \(output.count)")
        }
        guard let target = output.baseAddress else {
            guard position == input.count else { throw failure("data after an empty stream") }
            return
        }
        let produced = try decodeElements(
            source + position, inputCount: input.count - position, into: target, outputCount: output.count)
        guard produced == output.count else {
            throw failure("produced \(produced) bytes, header says \(output.count)")
        }
    }

    private static func failure(_ detail: String) -> ParquetError {
        ParquetError(reason: .decompression(codec: "SNAPPY", detail: detail))
    }

    /// Decodes the elements; returns the number of bytes written.
    private static func decodeElements(
        _ input: UnsafeRawPointer, inputCount: Int, into output: UnsafeMutableRawPointer, outputCount: Int
    ) throws -> Int {
        var inputAt = 0
        var outputAt = 0
        while inputAt < inputCount {
            let tag = Int(input.load(fromByteOffset: inputAt, as: UInt8.self))
            inputAt += 1
            var length: Int
            var offset: Int
            switch tag & 3 {
            case 0:
                // Literal: length - 1 in the tag's upper six bits, or in the next 1...4 bytes.
                length = tag >> 2
                if length >= 60 {
                    let extra = length - 59
                    guard inputCount - inputAt >= extra else { throw failure("literal length runs past the input") }
                    length = 0
                    for index in 0..<extra {
                        length |= Int(input.load(fromByteOffset: inputAt + index, as: UInt8.self)) << (8 * index)
                    }
                    inputAt += extra
                }
                length += 1
                guard length <= inputCount - inputAt, length <= outputCount - outputAt else {
                    throw failure("literal of \(length) bytes runs past the input or output")
                }
                if length <= 16 && inputCount - inputAt >= 16 && outputCount - outputAt >= 16 {
                    // Both sides have 16 bytes of room: one fixed-size move, the excess is
                    // overwritten by the next element or lies beyond the produced bytes.
                    copy16(from: input + inputAt, to: output + outputAt)
                } else {
                    (output + outputAt).copyMemory(from: input + inputAt, byteCount: length)
                }
                inputAt += length
                outputAt += length
                continue
            case 1:
                guard inputAt < inputCount else { throw failure("copy element runs past the input") }
                length = 4 + ((tag >> 2) & 7)
                offset = ((tag >> 5) << 8) | Int(input.load(fromByteOffset: inputAt, as: UInt8.self))
                inputAt += 1
            case 2:
                guard inputCount - inputAt >= 2 else { throw failure("copy element runs past the input") }
                length = (tag >> 2) + 1
                offset = Int(UInt16(littleEndian: input.loadUnaligned(fromByteOffset: inputAt, as: UInt16.self)))
                inputAt += 2
            default:
                guard inputCount - inputAt >= 4 else { throw failure("copy element runs past the input") }
                length = (tag >> 2) + 1
                offset = Int(UInt32(littleEndian: input.loadUnaligned(fromByteOffset: inputAt, as: UInt32.self)))
                inputAt += 4
            }
            guard offset > 0, offset <= outputAt else {
                throw failure("copy from offset \(offset) with \(outputAt) bytes produced")
            }
            guard length <= outputCount - outputAt else {
                throw failure("copy of \(length) bytes runs past the output")
            }
            copyMatch(output + outputAt, offset: offset, length: length, room: outputCount - outputAt)
            outputAt += length
        }
        return outputAt
    }

    @inline(__always)
    private static func copy16(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer) {
        let low = source.loadUnaligned(as: UInt64.self)
        let high = source.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        target.storeBytes(of: low, as: UInt64.self)
        target.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
    }

    /// Copies `length` bytes from `offset` bytes back (the ranges may overlap: a short offset
    /// repeats a pattern). `room` bytes from `target` are writable (at least `length`).
    @inline(__always)
    private static func copyMatch(_ target: UnsafeMutableRawPointer, offset: Int, length: Int, room: Int) {
        let source = UnsafeRawPointer(target - offset)
        if offset >= 16 && room >= length + 16 {
            // Sixteen bytes at a time, each move reading only bytes already final (the offset
            // is at least sixteen); up to fifteen bytes past the end are overwritten later.
            var done = 0
            repeat {
                copy16(from: source + done, to: target + done)
                done += 16
            } while done < length
            return
        }
        if offset >= 8 && room >= length + 8 {
            var done = 0
            repeat {
                let word = source.loadUnaligned(fromByteOffset: done, as: UInt64.self)
                target.storeBytes(of: word, toByteOffset: done, as: UInt64.self)
                done += 8
            } while done < length
            return
        }
        for index in 0..<length {
            target.storeBytes(
                of: source.load(fromByteOffset: index, as: UInt8.self), toByteOffset: index, as: UInt8.self)
        }
    }
}
