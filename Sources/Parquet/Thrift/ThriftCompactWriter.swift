/// Encodes Thrift structures in the compact protocol, the encoding Parquet uses for
/// its page headers and file footer.
///
/// Callers write fields in increasing id order inside `beginStruct`/`endStruct`
/// pairs; the encoder keeps the last field id of every open struct because the
/// compact protocol stores field ids as deltas from the previous field.
struct ThriftCompactWriter {
    /// Compact-protocol type nibbles (parquet.thrift uses only these).
    enum FieldType: UInt8 {
        /// Boolean true, as a field type (the value lives in the type nibble).
        case booleanTrue = 1
        /// Boolean false, as a field type.
        case booleanFalse = 2
        /// One signed byte.
        case byte = 3
        /// Zigzag varint, 16 bits.
        case i16 = 4
        /// Zigzag varint, 32 bits.
        case i32 = 5
        /// Zigzag varint, 64 bits.
        case i64 = 6
        /// Eight bytes little-endian.
        case double = 7
        /// Varint length, then bytes.
        case binary = 8
        /// Size and element type, then elements.
        case list = 9
        /// Nested fields, closed by a stop byte.
        case structure = 12
    }

    /// The encoded bytes so far.
    private(set) var bytes: [UInt8] = []
    /// Last field id written in each open struct, innermost last.
    private var lastFieldIDs: [Int16] = [0]

    /// Creates an empty encoder positioned inside an implicit top-level struct.
    init() {
        bytes.reserveCapacity(256)
    }

    // MARK: - Structs and fields

    /// Opens a field of a nested struct; its fields follow, closed by `endStruct`.
    mutating func beginStructField(_ id: Int16) {
        writeFieldHeader(id, .structure)
        lastFieldIDs.append(0)
    }

    /// Starts a struct that is an element of a list.
    mutating func beginStructElement() {
        lastFieldIDs.append(0)
    }

    /// Closes the innermost struct with a stop byte.
    mutating func endStruct() {
        bytes.append(0)
        precondition(lastFieldIDs.count > 1, "endStruct without a matching begin")
        lastFieldIDs.removeLast()
    }

    /// Writes the stop byte that closes the top-level struct.
    mutating func finishTopLevel() {
        precondition(lastFieldIDs.count == 1, "unclosed struct in Thrift encoder")
        bytes.append(0)
    }

    /// Writes an i32 field.
    mutating func writeI32(_ id: Int16, _ value: Int32) {
        writeFieldHeader(id, .i32)
        writeVarint(zigzag64(Int64(value)))
    }

    /// Writes an i64 field.
    mutating func writeI64(_ id: Int16, _ value: Int64) {
        writeFieldHeader(id, .i64)
        writeVarint(zigzag64(value))
    }

    /// Writes an i16 field.
    mutating func writeI16(_ id: Int16, _ value: Int16) {
        writeFieldHeader(id, .i16)
        writeVarint(zigzag64(Int64(value)))
    }

    /// Writes a byte (i8) field.
    mutating func writeByte(_ id: Int16, _ value: Int8) {
        writeFieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    /// Writes a bool field; the compact protocol folds the value into the type nibble.
    mutating func writeBool(_ id: Int16, _ value: Bool) {
        writeFieldHeader(id, value ? .booleanTrue : .booleanFalse)
    }

    /// Writes a binary (or string) field.
    mutating func writeBinary(_ id: Int16, _ value: [UInt8]) {
        writeFieldHeader(id, .binary)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a string field as UTF-8 binary.
    mutating func writeString(_ id: Int16, _ value: String) {
        writeBinary(id, Array(value.utf8))
    }

    /// Writes an empty struct field (used for union members without data).
    mutating func writeEmptyStruct(_ id: Int16) {
        beginStructField(id)
        endStruct()
    }

    // MARK: - Lists

    /// Opens a list field of `count` elements of `elementType`; elements follow.
    mutating func beginListField(_ id: Int16, elementType: FieldType, count: Int) {
        writeFieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    /// Writes an i32 list element.
    mutating func writeI32Element(_ value: Int32) {
        writeVarint(zigzag64(Int64(value)))
    }

    /// Writes a string list element.
    mutating func writeStringElement(_ value: String) {
        let utf8 = Array(value.utf8)
        writeVarint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    // MARK: - Primitives

    private mutating func writeFieldHeader(_ id: Int16, _ type: FieldType) {
        let last = lastFieldIDs[lastFieldIDs.count - 1]
        let delta = Int(id) - Int(last)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag64(Int64(id)))
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
    }

    private mutating func writeVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    private func zigzag64(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
