/// Wire types of the Thrift compact protocol (the low nibble of a field header).
enum ThriftType: UInt8 {
    case stop = 0
    case boolTrue = 1
    case boolFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case structure = 12
}

/// One field header inside a struct: its id and wire type.
struct ThriftField {
    /// Field id from the IDL.
    var id: Int16
    /// Wire type of the value that follows.
    var type: ThriftType
}

/// Decoder of the Thrift compact protocol over a byte range of an array.
///
/// Untrusted input: every length is checked against the bytes that remain, varints are
/// limited to their maximum encoded size, and nesting is limited to `maxDepth` so a hostile
/// footer cannot exhaust the stack. Unknown fields are skipped, as Thrift requires.
struct ThriftCompactReader {
    /// Deepest struct/list/map nesting accepted (Parquet metadata needs fewer than 10).
    static let maxDepth = 64

    private let bytes: [UInt8]
    private let end: Int
    /// Offset of the next unread byte in `bytes`.
    private(set) var position: Int
    private var depth = 0

    /// Reads `bytes[start..<end]`.
    init(bytes: [UInt8], start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    /// Bytes not yet consumed.
    var remaining: Int { end - position }

    // MARK: - Primitives

    mutating func readByte() throws -> UInt8 {
        guard position < end else { throw ParquetError.metadata("Thrift data ends early at byte \(position)") }
        let byte = bytes[position]
        position += 1
        return byte
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            if shift == 63 && byte > 1 {
                throw ParquetError.metadata("varint overflows 64 bits at byte \(position - 1)")
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readZigZag64() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func readZigZag32() throws -> Int32 {
        let value = try readZigZag64()
        guard let narrow = Int32(exactly: value) else { throw ParquetError.metadata("i32 value \(value) out of range") }
        return narrow
    }

    // MARK: - Typed field values

    /// An integer field of any integer wire type, widened to Int64.
    mutating func readInt(_ field: ThriftField) throws -> Int64 {
        switch field.type {
        case .byte: return Int64(Int8(bitPattern: try readByte()))
        case .i16, .i32, .i64: return try readZigZag64()
        default: throw ParquetError.metadata("field \(field.id) has wire type \(field.type), expected an integer")
        }
    }

    mutating func readI32(_ field: ThriftField) throws -> Int32 {
        let value = try readInt(field)
        guard let narrow = Int32(exactly: value) else {
            throw ParquetError.metadata("field \(field.id) value \(value) does not fit in i32")
        }
        return narrow
    }

    mutating func readBool(_ field: ThriftField) throws -> Bool {
        switch field.type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw ParquetError.metadata("field \(field.id) has wire type \(field.type), expected bool")
        }
    }

    mutating func readDouble(_ field: ThriftField) throws -> Double {
        guard field.type == .double else { throw ParquetError.metadata("field \(field.id) is not a double") }
        guard remaining >= 8 else { throw ParquetError.metadata("double at byte \(position) runs past the end") }
        var bits: UInt64 = 0
        for index in 0..<8 { bits |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return Double(bitPattern: bits)
    }

    /// Binary/string payload; its length is checked against the remaining bytes before copying.
    mutating func readBinary(_ field: ThriftField) throws -> [UInt8] {
        guard field.type == .binary else { throw ParquetError.metadata("field \(field.id) is not binary") }
        return try readBinaryValue()
    }

    mutating func readBinaryValue() throws -> [UInt8] {
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw ParquetError.metadata("binary length \(length) exceeds the \(remaining) bytes left")
        }
        let count = Int(length)
        let value = Array(bytes[position..<position + count])
        position += count
        return value
    }

    mutating func readString(_ field: ThriftField) throws -> String {
        String(decoding: try readBinary(field), as: UTF8.self)
    }

    // MARK: - Containers

    /// A list/set header: element type and count (count checked: each element needs a byte).
    mutating func readListHeader(_ field: ThriftField) throws -> (ThriftType, Int) {
        guard field.type == .list || field.type == .set else {
            throw ParquetError.metadata("field \(field.id) is not a list")
        }
        return try readListHeaderValue()
    }

    private mutating func readListHeaderValue() throws -> (ThriftType, Int) {
        let header = try readByte()
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint() }
        // Some writers (fastparquet) give empty lists element type 0; harmless when empty.
        guard let elementType = ThriftType(rawValue: header & 0x0F), elementType != .stop || count == 0 else {
            throw ParquetError.metadata("invalid list element type \(header & 0x0F)")
        }
        guard count <= UInt64(remaining) else {
            throw ParquetError.metadata("list of \(count) elements exceeds the \(remaining) bytes left")
        }
        return (elementType, Int(count))
    }

    /// Reads a list of structs, calling `element` once per element.
    mutating func readStructList(
        _ field: ThriftField, _ element: (inout ThriftCompactReader) throws -> Void
    ) throws {
        let (type, count) = try readListHeader(field)
        guard type == .structure else {
            throw ParquetError.metadata("field \(field.id) is a list of \(type), expected structs")
        }
        for _ in 0..<count { try element(&self) }
    }

    /// Reads a list of integers of any integer wire type.
    mutating func readIntList(_ field: ThriftField) throws -> [Int64] {
        let (type, count) = try readListHeader(field)
        var values: [Int64] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readInt(ThriftField(id: field.id, type: type))) }
        return values
    }

    /// Reads a list of strings.
    mutating func readStringList(_ field: ThriftField) throws -> [String] {
        let (type, count) = try readListHeader(field)
        guard type == .binary else {
            throw ParquetError.metadata("field \(field.id) is a list of \(type), expected strings")
        }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(String(decoding: try readBinaryValue(), as: UTF8.self)) }
        return values
    }

    // MARK: - Structs

    /// Reads one struct: calls `body` for each field until the stop byte. Fields `body`
    /// does not want must be passed to `skip`.
    mutating func readStruct(
        _ body: (inout ThriftCompactReader, ThriftField) throws -> Void
    ) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw ParquetError.metadata("Thrift nesting deeper than \(Self.maxDepth)") }
        var lastID: Int16 = 0
        while true {
            let header = try readByte()
            if header == 0 { return }
            guard let type = ThriftType(rawValue: header & 0x0F) else {
                throw ParquetError.metadata("invalid Thrift wire type \(header & 0x0F) at byte \(position - 1)")
            }
            let delta = Int16(header >> 4)
            let id: Int16
            if delta == 0 {
                id = Int16(truncatingIfNeeded: try readZigZag64())
            } else {
                id = lastID &+ delta
            }
            lastID = id
            try body(&self, ThriftField(id: id, type: type))
        }
    }

    /// Skips a value of the given wire type, including nested containers.
    mutating func skip(_ type: ThriftType) throws {
        switch type {
        case .stop: throw ParquetError.metadata("unexpected stop type")
        case .boolTrue, .boolFalse: return
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double:
            guard remaining >= 8 else { throw ParquetError.metadata("double runs past the end") }
            position += 8
        case .binary:
            let length = try readVarint()
            guard length <= UInt64(remaining) else {
                throw ParquetError.metadata("binary length \(length) runs past the end")
            }
            position += Int(length)
        case .structure:
            try readStruct { reader, field throws in try reader.skip(field.type) }
        case .list, .set:
            try nested { reader throws in
                let (elementType, count) = try reader.readListHeaderValue()
                for _ in 0..<count { try reader.skipElement(elementType) }
            }
        case .map:
            try nested { reader throws in
                let count = try reader.readVarint()
                guard count > 0 else { return }
                guard count <= UInt64(reader.remaining / 2) else {
                    throw ParquetError.metadata("map of \(count) entries runs past the end")
                }
                let types = try reader.readByte()
                guard let keyType = ThriftType(rawValue: types >> 4), let valueType = ThriftType(rawValue: types & 0x0F)
                else { throw ParquetError.metadata("invalid map types \(types)") }
                for _ in 0..<count {
                    try reader.skipElement(keyType)
                    try reader.skipElement(valueType)
                }
            }
        }
    }

    /// Collection elements: booleans take one byte there, unlike in fields.
    private mutating func skipElement(_ type: ThriftType) throws {
        if type == .boolTrue || type == .boolFalse {
            _ = try readByte()
        } else {
            try skip(type)
        }
    }

    private mutating func nested(_ body: (inout ThriftCompactReader) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw ParquetError.metadata("Thrift nesting deeper than \(Self.maxDepth)") }
        try body(&self)
    }
}
