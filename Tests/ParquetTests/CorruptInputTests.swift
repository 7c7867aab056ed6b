import Foundation
import TestSupport
import Testing

@testable import Parquet

/// Broken input gives a ParquetError naming where it failed, never a crash.
@Suite struct CorruptInputTests {
    static let sample = Fixture(relativePath: "parquet-writers/pyarrow_ts-us_snappy.parquet")

    private func bytes(_ fixture: Fixture = sample) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixture.url))
    }

    private func readEverything(_ bytes: [UInt8], limits: ParquetReadLimits = .default) throws {
        let reader = try ParquetFileReader(bytes: bytes, name: "mutated.parquet", limits: limits)
        for group in 0..<reader.rowGroupCount { _ = try reader.readRowGroup(group) }
    }

    @Test func badMagicIsNotParquet() throws {
        var data = try bytes()
        data[data.count - 1] = 0x30
        let error = #expect(throws: ParquetError.self) { try readEverything(data) }
        #expect(error?.reason == .notParquet("missing PAR1 magic at the start or end"))
        #expect(error?.file == "mutated.parquet")
    }

    @Test func tinyFileIsNotParquet() {
        let error = #expect(throws: ParquetError.self) { try readEverything(Array("PAR1PAR1".utf8)) }
        if case .notParquet? = error?.reason {} else { Issue.record("unexpected \(String(describing: error))") }
    }

    @Test func footerLengthBeyondTheFileIsRejected() throws {
        var data = try bytes()
        data.replaceSubrange(data.count - 8..<data.count - 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
        let error = #expect(throws: ParquetError.self) { try readEverything(data) }
        if case .limitExceeded(let what, _, _)? = error?.reason {
            #expect(what == "footer length")
        } else {
            Issue.record("unexpected \(String(describing: error))")
        }
    }

    @Test func truncatedFileFails() throws {
        let data = try bytes()
        for cut in [1, 9, 100, data.count / 2] {
            #expect(throws: ParquetError.self) { try readEverything(Array(data.dropLast(cut))) }
        }
    }

    @Test func corruptPageIsLocatedByRowGroupColumnAndPage() throws {
        var data = try bytes()
        // The first chunk (timestamp) starts at byte 4 with its dictionary page; garble its body.
        for index in 30..<60 { data[index] = 0xFF }
        let error = #expect(throws: ParquetError.self) { try readEverything(data) }
        #expect(error?.rowGroup == 0)
        #expect(error?.column == "timestamp")
        #expect(error?.page == 0)
        #expect(error?.description.contains("mutated.parquet, row group 0, column 'timestamp', page 0") == true)
    }

    @Test func rowGroupAboveTheRowLimitIsRejected() throws {
        let limits = ParquetReadLimits(maxRowsPerRowGroup: 1000)
        let error = #expect(throws: ParquetError.self) { try readEverything(try bytes(), limits: limits) }
        #expect(error?.reason == .limitExceeded(what: "row group row count", value: 10_000, limit: 1000))
    }

    @Test func repeatedColumnIsRefusedByName() throws {
        let reader = try ParquetFileReader(
            path: Fixture(relativePath: "parquet-testing/data/datapage_v2.snappy.parquet").url.path)
        let error = #expect(throws: ParquetError.self) { try reader.readRowGroup(0, columns: ["e.list.element"]) }
        #expect(error?.description.contains("'e.list.element' is repeated") == true)
        #expect(try reader.readRowGroup(0, columns: ["a", "b"]).columns.count == 2)
    }

    /// Deterministic mutation sweep: random byte changes to several small files must only
    /// ever produce values or a ParquetError.
    @Test func randomMutationsNeverCrash() throws {
        let files = [
            "parquet-testing/data/alltypes_plain.parquet", "parquet-testing/data/datapage_v2.snappy.parquet",
            "parquet-testing/data/delta_encoding_optional_column.parquet",
            "parquet-testing/data/byte_stream_split.zstd.parquet", "parquet-testing/data/rle_boolean_encoding.parquet",
            "parquet-testing/data/hadoop_lz4_compressed.parquet",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            // SplitMix64: a fixed sequence so a failure reproduces.
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
        let limits = ParquetReadLimits(maxPageBytes: 1 << 24, maxRowsPerRowGroup: 1 << 20)
        for file in files {
            let original = try bytes(Fixture(relativePath: file))
            for _ in 0..<150 {
                var data = original
                for _ in 0..<Int(1 + next() % 4) {
                    data[Int(next() % UInt64(data.count))] = UInt8(truncatingIfNeeded: next())
                }
                do {
                    let reader = try ParquetFileReader(bytes: data, name: file, limits: limits)
                    let flat = reader.schema.columns.indices.filter { !reader.schema.columns[$0].isRepeated }
                    for group in 0..<reader.rowGroupCount { _ = try reader.readRowGroup(group, columnIndices: flat) }
                } catch is ParquetError {
                    continue
                }
            }
        }
    }

    /// Every input the fuzzer ever crashed on (kept in Fuzz/corpus-crashes) now reads or fails
    /// cleanly, including the `inspect` rendering.
    @Test func fuzzCrashCorpusIsHandled() throws {
        let folder = TestEnvironment.packageRoot.appendingPathComponent("Fuzz/corpus-crashes")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
        #expect(!names.isEmpty)
        for name in names {
            let data = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            do {
                let reader = try ParquetFileReader(bytes: data, name: name)
                _ = try ParquetInspector.report(reader: reader, head: 3, json: true)
                _ = try ParquetInspector.report(reader: reader, head: 3, json: false)
            } catch is ParquetError {
                continue
            }
        }
    }
}
