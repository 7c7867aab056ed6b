import Foundation
import TestSupport
import Testing

@testable import Parquet

/// Every encoding (PLAIN, dictionary, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
/// DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT incl. INT32/INT64/FLBA, RLE booleans) in data pages v1 and
/// v2, with nulls, many small pages, several row groups and each codec, written by pyarrow
/// (Tests/Fixtures/parquet/generators/write_encoding_matrix.py) and compared value by value.
@Suite struct EncodingMatrixTests {
    @Test func everyCombinationMatchesPyarrow() throws {
        let directory = try TestEnvironment.temporaryDirectory("encodings")
        let script = TestEnvironment.packageRoot.appendingPathComponent(
            "Tests/Fixtures/parquet/generators/write_encoding_matrix.py")
        let result = try runPython([script.path, directory.path])
        try #require(result.status == 0, "\(result.standardError)")

        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(expected["files"] as? [String])
        let columns = try #require(expected["columns"] as? [String: [Any]])
        #expect(files.count == 8)

        for file in files {
            let reader = try ParquetFileReader(path: file)
            #expect(reader.rowGroupCount == 3, "\(file)")
            let cells = try readAllCells(reader)
            for (name, values) in columns {
                let actual = try #require(cells[name], "\(file): no column \(name)")
                #expect(actual.count == values.count)
                for (row, value) in values.enumerated() where row < actual.count {
                    #expect(cellMatches(actual[row], value), "\(file) \(name)[\(row)]: \(actual[row]) vs \(value)")
                }
            }
        }

        // BROTLI is not built in: a clear error naming the codec, the column and the page.
        let brotli = try ParquetFileReader(path: directory.appendingPathComponent("brotli.parquet").path)
        let error = #expect(throws: ParquetError.self) { try brotli.readRowGroup(0, columns: ["i32"]) }
        #expect(error?.reason == .unsupported("compression codec BROTLI is not built in"))
        #expect(error?.column == "i32" && error?.page == 0)
    }
}
