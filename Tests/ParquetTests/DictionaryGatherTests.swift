import Testing

@testable import Parquet

/// The run-by-run dictionary gather (`FixedWidthDecoding.dictionary`) against a reference
/// built from the plain index decoder, and its checks on indices beyond the dictionary, in
/// RLE runs and in bit-packed runs, across gather chunk boundaries.
@Suite struct DictionaryGatherTests {
    /// A page's dictionary-index section: bit width byte, then the RLE / bit-packed hybrid.
    static func indexPage(_ indices: [UInt32], bitWidth: Int) -> [UInt8] {
        var sink = ByteSink()
        sink.append(UInt8(bitWidth))
        indices.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: &sink) }
        return sink.bytes
    }

    /// Gathers `count` values of `dictionary` as the page's indices say.
    static func gather(_ page: [UInt8], dictionary: [Double], count: Int) throws -> [Double] {
        var output = [Double](repeating: -1, count: count)
        var scratch: [UInt32] = []
        try page.withUnsafeBytes { bytes in
            try output.withUnsafeMutableBufferPointer { out in
                try FixedWidthDecoding.dictionary(bytes, dictionary: dictionary, indices: &scratch, into: out)
            }
        }
        return output
    }

    /// Indices mixing long repeats (RLE runs) with noise (bit-packed runs), several gather
    /// chunks long, so both run kinds start and end inside and across chunks.
    static func mixedIndices(count: Int, below limit: UInt32) -> [UInt32] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var indices: [UInt32] = []
        while indices.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = UInt32(truncatingIfNeeded: state >> 33) % limit
            let repeats = state & 3 == 0 ? Int((state >> 50) % 3000) + 1 : 1
            indices.append(contentsOf: repeatElement(value, count: min(repeats, count - indices.count)))
        }
        return indices
    }

    @Test func mixedRunsGatherTheEntriesTheIndicesName() throws {
        let dictionary = (0..<700).map { Double($0) * 0.25 - 3 }
        let indices = Self.mixedIndices(count: 3 * FixedWidthDecoding.gatherChunk + 517, below: 700)
        let page = Self.indexPage(indices, bitWidth: 10)

        let gathered = try Self.gather(page, dictionary: dictionary, count: indices.count)

        #expect(gathered == indices.map { dictionary[Int($0)] })
    }

    @Test func pageWithFewerValuesThanItsRunsStopsAtTheCount() throws {
        let dictionary: [Double] = [1, 2, 3]
        let indices = Self.mixedIndices(count: 2000, below: 3)
        let page = Self.indexPage(indices, bitWidth: 2)

        let gathered = try Self.gather(page, dictionary: dictionary, count: 1500)

        #expect(gathered == indices[0..<1500].map { dictionary[Int($0)] })
    }

    @Test func rleRunBeyondTheDictionaryIsRejected() throws {
        // 40 equal indices encode as one RLE run of index 5; the dictionary has 5 entries.
        let page = Self.indexPage(Array(repeating: 5, count: 40), bitWidth: 3)

        #expect(throws: ParquetError.self) {
            try Self.gather(page, dictionary: [0, 1, 2, 3, 4], count: 40)
        }
    }

    @Test func bitPackedIndexBeyondTheDictionaryIsRejectedInAnyChunk() throws {
        // One bad index late in the page, in the third gather chunk of a bit-packed stretch.
        var indices = (0..<UInt32(2600)).map { $0 % 5 }
        indices[2 * FixedWidthDecoding.gatherChunk + 100] = 6
        let page = Self.indexPage(indices, bitWidth: 3)

        #expect(throws: ParquetError.self) {
            try Self.gather(page, dictionary: [0, 1, 2, 3, 4], count: indices.count)
        }
    }

    @Test func runsEndingBeforeTheCountAreAnError() throws {
        let page = Self.indexPage(Array(repeating: 1, count: 16), bitWidth: 1)

        #expect(throws: ParquetError.self) {
            try Self.gather(page, dictionary: [0, 1], count: 17)
        }
    }
}
