#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A minimal safetensors reader/writer for the int8 model file (dtypes I8, I32, F32).
/// Every count and offset read from a file is checked against the bytes present.
struct QuantizedTensorFile {
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var data: [UInt8]

        init(name: String, floats: [Float], shape: [Int]) {
            self.init(
                name: name, dtype: "F32", shape: shape, data: floats.flatMap { $0.bitPattern.int8FileLittleEndianBytes }
            )
        }

        init(name: String, ints: [Int32], shape: [Int]) {
            self.init(
                name: name, dtype: "I32", shape: shape,
                data: ints.flatMap { UInt32(bitPattern: $0).int8FileLittleEndianBytes })
        }

        init(name: String, bytes: [Int8], shape: [Int]) {
            self.init(name: name, dtype: "I8", shape: shape, data: bytes.map { UInt8(bitPattern: $0) })
        }

        init(name: String, dtype: String, shape: [Int], data: [UInt8]) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.data = data
        }
    }

    /// Header entries and the header object are those of the float weight files.
    typealias HeaderEntry = SafeTensorsFile.RawEntry

    var metadata: [String: String]
    var entries: [String: HeaderEntry]
    var data: ArraySlice<UInt8>

    static func encode(_ tensors: [Entry], metadata: [String: String]) throws(QuantizationError) -> [UInt8] {
        var header: [String: HeaderEntry] = [:]
        var data: [UInt8] = []
        for tensor in tensors {
            header[tensor.name] = HeaderEntry(
                dtype: tensor.dtype, shape: tensor.shape, dataOffsets: [data.count, data.count + tensor.data.count])
            data += tensor.data
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var json: [UInt8]
        do {
            // Merge the metadata object into the header object by splicing the two JSON texts.
            let entries = [UInt8](try encoder.encode(header))
            let meta = [UInt8](try encoder.encode(["__metadata__": metadata]))
            json = Array(meta.dropLast()) + [UInt8(ascii: ",")] + Array(entries.dropFirst())
        } catch {
            throw .malformedFile(reason: "cannot encode header: \(error)")
        }
        // safetensors pads the header with spaces to a multiple of 8 bytes.
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        return UInt64(json.count).int8FileLittleEndianBytes + json + data
    }

    init(bytes: [UInt8], headerLimit: Int) throws(QuantizationError) {
        guard bytes.count >= 8 else { throw .malformedFile(reason: "\(bytes.count) bytes, too short for a header") }
        let length = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(headerLimit), Int(length) <= bytes.count - 8 else {
            throw .malformedFile(reason: "header length \(length) exceeds the file or the \(headerLimit)-byte cap")
        }
        let header: SafeTensorsFile.RawHeader
        do {
            header = try JSONDecoder().decode(SafeTensorsFile.RawHeader.self, from: Data(bytes[8..<8 + Int(length)]))
        } catch {
            throw .malformedFile(reason: "header is not valid safetensors JSON: \(error)")
        }
        metadata = header.metadata
        entries = header.entries
        data = bytes[(8 + Int(length))...]
    }

    func floats(_ name: String, shape: [Int]) throws(QuantizationError) -> [Float] {
        try raw(name, dtype: "F32", shape: shape, width: 4).map { Float(bitPattern: UInt32($0)) }
    }

    func ints(_ name: String, shape: [Int]) throws(QuantizationError) -> [Int32] {
        try raw(name, dtype: "I32", shape: shape, width: 4).map { Int32(bitPattern: UInt32($0)) }
    }

    func bytes(_ name: String, shape: [Int]) throws(QuantizationError) -> [Int8] {
        try raw(name, dtype: "I8", shape: shape, width: 1).map { Int8(bitPattern: UInt8($0)) }
    }

    /// Little-endian elements of a tensor whose dtype and shape must match exactly.
    private func raw(_ name: String, dtype: String, shape: [Int], width: Int) throws(QuantizationError) -> [UInt64] {
        guard let entry = entries[name] else { throw .malformedFile(reason: "tensor \(name) is missing") }
        guard entry.dtype == dtype, entry.shape == shape else {
            throw .malformedFile(reason: "tensor \(name) is \(entry.dtype) \(entry.shape), expected \(dtype) \(shape)")
        }
        let count = shape.reduce(1, *)
        guard entry.dataOffsets.count == 2, entry.dataOffsets[0] >= 0,
            entry.dataOffsets[1] - entry.dataOffsets[0] == count * width, entry.dataOffsets[1] <= data.count
        else {
            throw .malformedFile(reason: "tensor \(name) offsets \(entry.dataOffsets) do not fit \(data.count) bytes")
        }
        let start = data.startIndex + entry.dataOffsets[0]
        return (0..<count).map { index in
            (0..<width).reduce(UInt64(0)) { $0 | UInt64(data[start + index * width + $1]) << (8 * $1) }
        }
    }
}

extension FixedWidthInteger {
    /// The value's bytes, least significant first.
    var int8FileLittleEndianBytes: [UInt8] {
        (0..<Self.bitWidth / 8).map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) }
    }
}
