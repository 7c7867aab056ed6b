#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A safetensors file in memory: named tensors plus a string-to-string metadata map.
///
/// Layout (little-endian): an 8-byte header length H, H bytes of JSON
/// (`{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
/// "__metadata__": {"key": "value"}}`), then the data section that the offsets
/// index. Decoding checks everything a hostile file could get wrong: header size
/// cap, JSON shape, dtype, shape products against byte ranges, ranges inside the
/// data section, and no overlaps or holes between tensors.
public struct SafeTensorsFile: Sendable, Equatable {
    /// Float32 tensors by name.
    public var floatTensors: [String: Tensor]
    /// Int64 tensors by name (PyTorch's `bnN.num_batches_tracked` counters), with shapes.
    public var integerTensors: [String: IntegerTensor]
    /// The `__metadata__` map; empty when the file has none.
    public var metadata: [String: String]

    /// A dense int64 array with a shape (row-major).
    public struct IntegerTensor: Sendable, Equatable {
        /// Extent of each dimension; empty for a scalar.
        public var shape: [Int]
        /// `shape.reduce(1, *)` values.
        public var values: [Int64]

        /// Creates an int64 tensor; traps when the count does not match the shape.
        public init(shape: [Int], values: [Int64]) {
            precondition(shape.reduce(1, *) == values.count, "int64 tensor shape \(shape) mismatches its values")
            self.shape = shape
            self.values = values
        }
    }

    /// Largest JSON header accepted; real model headers are a few kilobytes.
    public static let maximumHeaderBytes = 1 << 20
    /// Largest number of dimensions accepted for one tensor.
    public static let maximumRank = 8

    /// Creates a file from tensors and metadata.
    public init(
        floatTensors: [String: Tensor] = [:], integerTensors: [String: IntegerTensor] = [:],
        metadata: [String: String] = [:]
    ) {
        self.floatTensors = floatTensors
        self.integerTensors = integerTensors
        self.metadata = metadata
    }

    // MARK: - Decoding

    /// Decodes and validates `bytes`; `path` only labels errors.
    public init(decoding bytes: [UInt8], path: String) throws(WeightFileError) {
        guard bytes.count >= 8 else {
            throw .malformed(path: path, reason: "file has \(bytes.count) bytes, shorter than the 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for index in 0..<8 { headerLength |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard headerLength <= UInt64(Self.maximumHeaderBytes) else {
            throw .malformed(path: path, reason: "header length \(headerLength) exceeds \(Self.maximumHeaderBytes)")
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw .malformed(
                path: path, reason: "header length \(headerLength) runs past the end of the \(bytes.count)-byte file")
        }
        guard headerLength >= 2, bytes[8] == UInt8(ascii: "{") else {
            throw .malformed(path: path, reason: "header does not start with a JSON object")
        }

        let header: RawHeader
        do {
            header = try JSONDecoder().decode(RawHeader.self, from: Data(bytes[8..<headerEnd]))
        } catch {
            throw .malformed(path: path, reason: "header is not valid safetensors JSON: \(error)")
        }

        let dataLength = bytes.count - headerEnd
        let entries = try Self.validatedEntries(header.entries, dataLength: dataLength, path: path)
        var floats: [String: Tensor] = [:]
        var integers: [String: IntegerTensor] = [:]
        for entry in entries {
            let start = headerEnd + entry.begin
            switch entry.dataType {
            case .f32:
                var values = [Float](repeating: 0, count: entry.count)
                for index in 0..<entry.count {
                    values[index] = Float(bitPattern: Self.loadUInt32(bytes, at: start + 4 * index))
                }
                floats[entry.name] = Tensor(shape: entry.shape, values: values)
            case .i64:
                var values = [Int64](repeating: 0, count: entry.count)
                for index in 0..<entry.count {
                    let low = UInt64(Self.loadUInt32(bytes, at: start + 8 * index))
                    let high = UInt64(Self.loadUInt32(bytes, at: start + 8 * index + 4))
                    values[index] = Int64(bitPattern: low | high << 32)
                }
                integers[entry.name] = IntegerTensor(shape: entry.shape, values: values)
            }
        }
        self.init(floatTensors: floats, integerTensors: integers, metadata: header.metadata)
    }

    /// Reads and decodes the file at `path`.
    public init(contentsOf path: String) throws(WeightFileError) {
        try self.init(decoding: WeightFileAccess.read(path), path: path)
    }

    /// Checks dtypes, shapes and byte ranges; returns the entries ordered by offset.
    private static func validatedEntries(
        _ raw: [String: RawEntry], dataLength: Int, path: String
    ) throws(WeightFileError) -> [Entry] {
        var entries: [Entry] = []
        for (name, entry) in raw {
            guard let dataType = DataType(rawValue: entry.dtype) else {
                throw .unsupportedDataType(path: path, tensor: name, dataType: entry.dtype)
            }
            guard entry.shape.count <= maximumRank, entry.shape.allSatisfy({ $0 >= 0 }) else {
                throw .malformed(path: path, reason: "tensor \(name) has invalid shape \(entry.shape)")
            }
            var count = 1
            for extent in entry.shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: extent)
                guard !overflow, product <= dataLength else {
                    throw .malformed(path: path, reason: "tensor \(name) shape \(entry.shape) exceeds the data section")
                }
                count = product
            }
            guard entry.dataOffsets.count == 2 else {
                throw .malformed(path: path, reason: "tensor \(name) data_offsets must have two entries")
            }
            let (begin, end) = (entry.dataOffsets[0], entry.dataOffsets[1])
            guard begin >= 0, begin <= end, end <= dataLength else {
                throw .malformed(
                    path: path,
                    reason: "tensor \(name) data_offsets [\(begin), \(end)] outside the \(dataLength)-byte data section"
                )
            }
            guard end - begin == count * dataType.byteWidth else {
                throw .malformed(
                    path: path,
                    reason: "tensor \(name) has \(end - begin) bytes, shape \(entry.shape) of \(entry.dtype) needs "
                        + "\(count * dataType.byteWidth)")
            }
            entries.append(
                Entry(name: name, dataType: dataType, shape: entry.shape, count: count, begin: begin, end: end))
        }

        // Tensors must tile the data section exactly, as the reference implementation requires.
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var expectedBegin = 0
        for entry in entries {
            guard entry.begin == expectedBegin else {
                let problem = entry.begin < expectedBegin ? "overlaps the previous tensor" : "leaves a gap before it"
                throw .malformed(path: path, reason: "tensor \(entry.name) at offset \(entry.begin) \(problem)")
            }
            expectedBegin = entry.end
        }
        guard expectedBegin == dataLength else {
            throw .malformed(
                path: path, reason: "data section has \(dataLength) bytes but tensors cover \(expectedBegin)")
        }
        return entries
    }

    private static func loadUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    // MARK: - Encoding

    /// The file's bytes: tensors in name order, header padded with spaces to a
    /// multiple of 8 bytes so the data section stays aligned (as the reference writer does).
    public func encoded() -> [UInt8] {
        var json = "{"
        var data: [UInt8] = []
        var first = true
        if !metadata.isEmpty {
            let fields = metadata.keys.sorted().map { "\(Self.jsonString($0)):\(Self.jsonString(metadata[$0]!))" }
            json += "\"__metadata__\":{" + fields.joined(separator: ",") + "}"
            first = false
        }
        let names = (Array(floatTensors.keys) + Array(integerTensors.keys)).sorted()
        for name in names {
            let begin = data.count
            let dtype: String
            let shape: [Int]
            if let tensor = floatTensors[name] {
                (dtype, shape) = ("F32", tensor.shape)
                for value in tensor.values { Self.appendLittleEndian(UInt64(value.bitPattern), bytes: 4, to: &data) }
            } else {
                // Present in one of the two maps by construction of `names`.
                let tensor = integerTensors[name]!
                (dtype, shape) = ("I64", tensor.shape)
                for value in tensor.values { Self.appendLittleEndian(UInt64(bitPattern: value), bytes: 8, to: &data) }
            }
            let shapeText = shape.map(String.init).joined(separator: ",")
            json +=
                (first ? "" : ",")
                + "\(Self.jsonString(name)):{\"dtype\":\"\(dtype)\",\"shape\":[\(shapeText)],"
                + "\"data_offsets\":[\(begin),\(data.count)]}"
            first = false
        }
        json += "}"

        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + data.count)
        Self.appendLittleEndian(UInt64(header.count), bytes: 8, to: &bytes)
        bytes += header
        bytes += data
        return bytes
    }

    /// Encodes and writes the file to `path` (atomically, via a rename).
    public func write(to path: String) throws(WeightFileError) {
        try WeightFileAccess.write(encoded(), to: path)
    }

    private static func appendLittleEndian(_ value: UInt64, bytes count: Int, to bytes: inout [UInt8]) {
        for index in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    /// A JSON string literal for `text` (quotes, backslashes and control characters escaped).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
