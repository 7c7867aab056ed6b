import Testing

@testable import Parquet

@Suite struct ParquetWriterEncodingTests {
    private func rle(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var sink = ByteSink()
        values.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: &sink) }
        return sink.bytes
    }

    @Test func bitPackedGroupMatchesTheFormatSpecificationExample() {
        // parquet-format Encodings.md: 0..7 with bit width 3 pack to 10001000 11000110 11111010.
        #expect(rle([0, 1, 2, 3, 4, 5, 6, 7], bitWidth: 3) == [0x03, 0x88, 0xC6, 0xFA])
    }

    @Test func longRepeatBecomesOneRLERun() {
        // Header varint(count << 1), then the value in ceil(bitWidth / 8) bytes.
        #expect(rle([UInt32](repeating: 5, count: 300), bitWidth: 3) == [0xD8, 0x04, 0x05])
        #expect(rle([UInt32](repeating: 0x1234, count: 8), bitWidth: 13) == [0x10, 0x34, 0x12])
    }

    @Test func repeatInsideAGroupFillsTheGroupBeforeTheRun() {
        // Three literals, then ten 1s: five 1s complete the bit-packed group, five remain (< 8) as literals
        // in a second group padded with zeros.
        let values: [UInt32] = [0, 1, 0] + [UInt32](repeating: 1, count: 10)
        let encoded = rle(values, bitWidth: 1)
        #expect(encoded == [0x05, 0b1111_1010, 0b0001_1111])
    }

    @Test func repeatAfterFullGroupIsRunLengthEncoded() {
        let values: [UInt32] = [1, 0, 1, 0, 1, 0, 1, 0] + [UInt32](repeating: 1, count: 20)
        #expect(rle(values, bitWidth: 1) == [0x03, 0b0101_0101, 0x28, 0x01])
    }

    @Test func definitionLevelsEncodeNullsAsZero() {
        var sink = ByteSink()
        let validity: [Bool] = [true, false, true, true]
        validity.withUnsafeBufferPointer { RLEHybridEncoder.encodeLevels($0, into: &sink) }
        #expect(sink.bytes == [0x03, 0b0000_1101])
    }

    @Test func bitWidthCoversTheLargestValue() {
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 0) == 0)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 1) == 1)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 255) == 8)
        #expect(RLEHybridEncoder.bitWidth(forMaximum: 256) == 9)
    }

    @Test func thriftCompactFieldsUseDeltasZigzagAndLongForms() {
        var thrift = ThriftCompactWriter()
        thrift.writeI32(1, -1)  // delta 1, type i32, zigzag(-1) = 1
        thrift.writeI64(3, 300)  // delta 2, zigzag(300) = 600 = 0xD8 0x04
        thrift.writeBool(20, true)  // delta 17 > 15: long form, type byte then zigzag id 40
        thrift.beginStructField(21)
        thrift.writeString(1, "ab")
        thrift.endStruct()
        thrift.beginListField(22, elementType: .i32, count: 16)
        for value in 0..<16 { thrift.writeI32Element(Int32(value)) }
        thrift.finishTopLevel()
        var expected: [UInt8] = [0x15, 0x01, 0x26, 0xD8, 0x04, 0x01, 0x28, 0x1C, 0x18, 0x02, 0x61, 0x62, 0x00]
        expected += [0x19, 0xF5, 0x10] + (0..<16).map { UInt8($0 * 2) } + [0x00]
        #expect(thrift.bytes == expected)
    }

    @Test func floatingStatisticsSkipNaNAndSignZeros() throws {
        let store = FixedWidthStore<Double>(values: [.nan, 0.0, 3.5, -0.0, .nan])
        let bounds = try #require(store.minimumAndMaximum())
        #expect(bounds.minimum == withUnsafeBytes(of: (-0.0 as Double).bitPattern.littleEndian) { Array($0) })
        #expect(bounds.maximum == withUnsafeBytes(of: (3.5 as Double).bitPattern.littleEndian) { Array($0) })
        #expect(FixedWidthStore<Double>(values: [.nan]).minimumAndMaximum() == nil)
    }

    @Test func dictionaryStopsAtItsByteLimit() throws {
        let repeated = FixedWidthStore<Int64>(values: (0..<1000).map { Int64($0 % 10) })
        let dictionary = try #require(repeated.buildDictionary(limitBytes: 80))
        #expect(dictionary.entryCount == 10)
        #expect(dictionary.indices.prefix(12) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
        #expect(dictionary.coveredValues == 1000)
        // Nine entries fit in 72 bytes: the dictionary covers the values before the first 9.
        let partial = try #require(repeated.buildDictionary(limitBytes: 72))
        #expect(partial.entryCount == 9 && partial.coveredValues == 9)
        let strings = StringStore(values: ["a", "bb", "a"])
        #expect(try #require(strings.buildDictionary(limitBytes: 11)).coveredValues == 3)
        #expect(try #require(strings.buildDictionary(limitBytes: 10)).coveredValues == 1)
        #expect(strings.buildDictionary(limitBytes: 4) == nil)
    }
}
