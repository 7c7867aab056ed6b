import Testing

@testable import Parquet

/// The compact-protocol decoder: unknown fields of every type are skipped, long field
/// headers work, and hostile lengths and nesting fail cleanly.
@Suite struct ThriftCompactReaderTests {
    /// Reads fields 1 (i32) and 3 (binary) of a struct, skipping everything else.
    private func readKnownFields(_ bytes: [UInt8]) throws -> (Int32, [UInt8], Int) {
        var reader = ThriftCompactReader(bytes: bytes)
        var number: Int32 = 0
        var text: [UInt8] = []
        var other = 0
        try reader.readStruct { reader, field in
            switch field.id {
            case 1: number = try reader.readI32(field)
            case 3: text = try reader.readBinary(field)
            case 100: other = Int(try reader.readI32(field))
            default: try reader.skip(field.type)
            }
        }
        #expect(reader.remaining == 0)
        return (number, text, other)
    }

    @Test func skipsUnknownNestedStructListsMapsAndBooleans() throws {
        let bytes: [UInt8] = [
            0x15, 0x0A,  // field 1 i32 = 5
            0x1C,  // field 2 struct (unknown to the reader)
            0x19, 0x28, 0x01, 0x61, 0x02, 0x62, 0x63,  // list<binary> ["a", "bc"]
            0x1B, 0x02, 0x85, 0x01, 0x6B, 0x04, 0x01, 0x6C, 0x06,  // map<binary,i32> {k: 2, l: 3}
            0x11,  // bool true
            0x1C, 0x16, 0x02, 0x00,  // struct { i64 1 }
            0x19, 0x11, 0x01,  // list<bool> [true]
            0x17, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,  // double 1.0
            0x00,  // end of field 2
            0x18, 0x03, 0x78, 0x79, 0x7A,  // field 3 binary "xyz"
            0x05, 0xC8, 0x01, 0x0E,  // field 100 (long header) i32 = 7
            0x00,
        ]
        let (number, text, other) = try readKnownFields(bytes)
        #expect(number == 5)
        #expect(text == Array("xyz".utf8))
        #expect(other == 7)
    }

    @Test func binaryLongerThanTheDataFails() {
        let bytes: [UInt8] = [0x18, 0xE8, 0x07, 0x61, 0x62, 0x00]  // field 3 binary of 1000 bytes
        #expect(throws: ParquetError.self) { try readKnownFields(bytes) }
    }

    @Test func listCountBeyondTheDataFails() {
        let bytes: [UInt8] = [0x29, 0xF5, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]  // field 2 list of 2^32-1 i32
        #expect(throws: ParquetError.self) { try readKnownFields(bytes) }
    }

    @Test func deepNestingFailsInsteadOfOverflowingTheStack() {
        let bytes = [0x2C] + [UInt8](repeating: 0x1C, count: 10_000) + [UInt8](repeating: 0, count: 10_002)
        let error = #expect(throws: ParquetError.self) { try readKnownFields(bytes) }
        #expect(error?.description.contains("nesting deeper") == true)
    }

    @Test func truncatedStructFails() {
        #expect(throws: ParquetError.self) { try readKnownFields([0x15]) }
        #expect(throws: ParquetError.self) { try readKnownFields([0x15, 0x0A]) }
    }

    @Test func overlongVarintFails() {
        let bytes: [UInt8] = [0x16] + [UInt8](repeating: 0xFF, count: 11) + [0x01, 0x00]
        #expect(throws: ParquetError.self) { try readKnownFields(bytes) }
    }

    @Test func invalidWireTypeFails() {
        #expect(throws: ParquetError.self) { try readKnownFields([0x1D, 0x00]) }
    }
}
