import Foundation
import Parquet
import TestSupport
import Testing

/// Files from the Swift writer, read back by pyarrow, polars, duckdb and (without nulls) fastparquet
/// (Tests/Scripts/parquet_writer_check.py), which must see exactly the values written and statistics
/// matching them.
@Suite struct ParquetWriterRoundTripTests {
    static let codecs: [CompressionCodec] = [.uncompressed, .snappy, .zstd]

    @Test(arguments: codecs)
    func replaySchemaReadsBackIdenticallyInThreeReaders(codec: CompressionCodec) throws {
        let directory = try TestEnvironment.temporaryDirectory("parquet-writer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = 5_000
        let timestamps = (0..<rows).map { 1_704_067_200_000_000 + Int64($0) * 20_000 }
        // HR held for 50 samples, as a 1 Hz strap on a 50 Hz grid: dictionary-friendly.
        let heartRate = (0..<rows).map { Double(60 + ($0 / 50) % 90) + 0.5 }
        let accelX = (0..<rows).map { sin(Double($0) * 0.37) * 9.80665 + Double($0) * 1e-6 }
        let accelY = (0..<rows).map { cos(Double($0) * 0.11) * 3.0 - 0.0 }
        let accelZ = (0..<rows).map { Double($0 % 7) * -1.25 + 1e-9 * Double($0) }
        let labels = (0..<rows).map { Int32($0 % 500 < 60 ? 1 : 0) }
        let schema: [ParquetColumnSpec] = [
            .timestampMicrosUTC("timestamp"),
            ParquetColumnSpec(name: "hr", valueType: .double),
            ParquetColumnSpec(name: "accel_x", valueType: .double),
            ParquetColumnSpec(name: "accel_y", valueType: .double),
            ParquetColumnSpec(name: "accel_z", valueType: .double),
            .int8("label"),
        ]
        // A 2 KiB dictionary limit (256 doubles) keeps hr (30 values per group) and label dictionary-encoded while accel falls back to PLAIN.
        let options = ParquetWriterOptions(
            codec: codec, rowsPerRowGroup: 1_500, maximumRowsPerPage: 300, dictionaryPageSizeLimitBytes: 2048)
        let path = directory.appendingPathComponent("replay.parquet").path
        let writer = try ParquetWriter(path: path, schema: schema, options: options)
        // Uneven batches cross row-group boundaries.
        var start = 0
        for size in [700, 1_900, 2_400] {
            let range = start..<(start + size)
            try writer.write(columns: [
                .int64(Array(timestamps[range])), .double(Array(heartRate[range])), .double(Array(accelX[range])),
                .double(Array(accelY[range])), .double(Array(accelZ[range])), .int32(Array(labels[range])),
            ])
            start += size
        }
        let summary = try writer.close()
        #expect(summary.rowCount == rows)
        #expect(summary.rowGroupCount == 4)

        let expected: [ExpectedColumn] = [
            .init(name: "timestamp", type: "timestamp_us", values: timestamps.map { "\($0)" }),
            .init(name: "hr", type: "double", values: heartRate.map { "\($0.bitPattern)" }),
            .init(name: "accel_x", type: "double", values: accelX.map { "\($0.bitPattern)" }),
            .init(name: "accel_y", type: "double", values: accelY.map { "\($0.bitPattern)" }),
            .init(name: "accel_z", type: "double", values: accelZ.map { "\($0.bitPattern)" }),
            .init(name: "label", type: "int32", values: labels.map { "\($0)" }),
        ]
        let report = try check(path: path, expected: expected, in: directory)
        #expect(report.numRowGroups == 4)
        #expect(report.readers == ["duckdb", "fastparquet", "polars", "pyarrow"])
        #expect(report.createdBy.hasPrefix("edge-agent"))
        #expect(report.arrowSchema["timestamp"] == "timestamp[us, tz=UTC]")
        #expect(report.arrowSchema["label"] == "int8")
        #expect(report.arrowSchema["hr"] == "double")
        #expect(report.nullable.values.allSatisfy { !$0 })
        let expectedCodec = ["uncompressed": "UNCOMPRESSED", "snappy": "SNAPPY", "zstd": "ZSTD"]["\(codec)"]
        for chunk in report.chunks {
            #expect(chunk.compression == expectedCodec)
            let name = chunk.column
            if name == "hr" || name == "label" {
                #expect(chunk.hasDictionaryPage, "\(name) should be dictionary-encoded")
                #expect(chunk.encodings.contains("RLE_DICTIONARY"))
            } else {
                #expect(!chunk.hasDictionaryPage, "\(name) should have fallen back to PLAIN")
                #expect(!chunk.encodings.contains("RLE_DICTIONARY"))
            }
        }
    }

    @Test(arguments: codecs)
    func genericTableWithNullsReadsBackIdentically(codec: CompressionCodec) throws {
        let directory = try TestEnvironment.temporaryDirectory("parquet-writer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = 1_200
        let schema: [ParquetColumnSpec] = [
            ParquetColumnSpec(name: "window", valueType: .int64),
            ParquetColumnSpec(name: "device", valueType: .string, isOptional: true),
            ParquetColumnSpec(name: "score", valueType: .float, isOptional: true),
            ParquetColumnSpec(name: "value", valueType: .double, isOptional: true),
            ParquetColumnSpec(name: "count", valueType: .int32, isOptional: true),
            ParquetColumnSpec(name: "flag", valueType: .boolean, isOptional: true),
            ParquetColumnSpec(name: "always_null", valueType: .int32, isOptional: true),
            ParquetColumnSpec(name: "plain_only", valueType: .int32, allowsDictionary: false),
        ]
        let devices = ["AA:BB:CC:00:11:22", "wrist-\u{00E9}", "", "\u{1F493} strap", "z"]
        let window = (0..<rows).map { Int64($0) * 250 - 1_000 }
        let device = (0..<rows).map { devices[$0 % devices.count] }
        let deviceValid = (0..<rows).map { $0 % 11 != 3 }
        let specials: [Float] = [.nan, -0.0, 0.0, .infinity, -.infinity, .leastNonzeroMagnitude]
        let score = (0..<rows).map { $0 % 50 < specials.count ? specials[$0 % 50] : Float($0) / 7 }
        let scoreValid = (0..<rows).map { $0 % 13 != 0 }
        let value = (0..<rows).map { $0 % 97 == 5 ? Double.nan : Double($0) * -0.001 }
        let valueValid = (0..<rows).map { $0 < 400 || $0 >= 800 }  // the middle row group is all null
        let count = (0..<rows).map { [Int32.min, 0, Int32.max][$0 % 3] }
        let flag = (0..<rows).map { $0 % 3 == 0 }
        let flagValid = (0..<rows).map { $0 % 5 != 4 }
        let plainOnly = (0..<rows).map { Int32($0 % 4) }

        // A 1 KiB dictionary limit makes unique columns fall back to PLAIN part-way through each chunk.
        let options = ParquetWriterOptions(
            codec: codec, rowsPerRowGroup: 400, maximumRowsPerPage: 64, dictionaryPageSizeLimitBytes: 1024)
        let path = directory.appendingPathComponent("windows.parquet").path
        let writer = try ParquetWriter(path: path, schema: schema, options: options)
        try writer.write([
            ParquetColumnBatch(.int64(window)),
            ParquetColumnBatch(.string(device), validity: deviceValid),
            ParquetColumnBatch(.float(score), validity: scoreValid),
            ParquetColumnBatch(.double(value), validity: valueValid),
            ParquetColumnBatch(.int32(count)),
            ParquetColumnBatch(.boolean(flag), validity: flagValid),
            ParquetColumnBatch(
                .int32([Int32](repeating: 7, count: rows)), validity: [Bool](repeating: false, count: rows)),
            ParquetColumnBatch(.int32(plainOnly)),
        ])
        try writer.close()

        func masked(_ values: [String], _ validity: [Bool]?) -> [String?] {
            guard let validity else { return values }
            return zip(values, validity).map { $1 ? $0 : nil }
        }
        let expected: [ExpectedColumn] = [
            .init(name: "window", type: "int64", values: window.map { "\($0)" }),
            .init(name: "device", type: "string", values: masked(device.map { jsonString($0) }, deviceValid)),
            .init(name: "score", type: "float", values: masked(score.map { "\($0.bitPattern)" }, scoreValid)),
            .init(name: "value", type: "double", values: masked(value.map { "\($0.bitPattern)" }, valueValid)),
            .init(name: "count", type: "int32", values: count.map { "\($0)" }),
            .init(name: "flag", type: "boolean", values: masked(flag.map { "\($0)" }, flagValid)),
            .init(name: "always_null", type: "int32", values: [String?](repeating: nil, count: rows)),
            .init(name: "plain_only", type: "int32", values: plainOnly.map { "\($0)" }),
        ]
        let report = try check(path: path, expected: expected, in: directory)
        #expect(report.numRowGroups == 3)
        #expect(report.readers == ["duckdb", "polars", "pyarrow"])
        #expect(report.arrowSchema["device"] == "string")
        #expect(report.arrowSchema["flag"] == "bool")
        #expect(report.nullable["device"] == true)
        #expect(report.nullable["window"] == false)
        for chunk in report.chunks where chunk.column == "plain_only" || chunk.column == "flag" {
            #expect(!chunk.hasDictionaryPage)
        }
        // `device` has five values and stays dictionary-encoded; `window` (400 distinct values per group, 128 fit)
        // starts with dictionary pages and continues PLAIN.
        for chunk in report.chunks where chunk.column == "device" || chunk.column == "window" {
            #expect(chunk.hasDictionaryPage)
            #expect(chunk.encodings.contains("RLE_DICTIONARY") && chunk.encodings.contains("PLAIN"))
        }
    }

    // MARK: - Helpers

    struct ExpectedColumn {
        var name: String
        var type: String
        /// JSON literals (numbers, quoted strings, true/false) or nil for null.
        var values: [String?]
    }

    struct Report: Decodable {
        struct Chunk: Decodable {
            var column: String
            var encodings: [String]
            var compression: String
            var hasDictionaryPage: Bool
        }
        var ok: Bool
        var failures: [String]
        var createdBy: String
        var numRowGroups: Int
        var arrowSchema: [String: String]
        var nullable: [String: Bool]
        var chunks: [Chunk]
        var readers: [String]
    }

    private func check(path: String, expected: [ExpectedColumn], in directory: URL) throws -> Report {
        var json = "{\"columns\": ["
        json += expected.map { column in
            let values = column.values.map { $0 ?? "null" }.joined(separator: ",")
            return "{\"name\": \"\(column.name)\", \"type\": \"\(column.type)\", \"values\": [\(values)]}"
        }.joined(separator: ",")
        json += "]}"
        let expectedURL = directory.appendingPathComponent("expected.json")
        try json.write(to: expectedURL, atomically: true, encoding: .utf8)
        let script = TestEnvironment.packageRoot.appendingPathComponent("Tests/Scripts/parquet_writer_check.py").path
        let result = try runPython([script, path, expectedURL.path])
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(Report.self, from: Data(result.standardOutput.utf8))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(report.ok, "\(report.failures)")
        return report
    }
}

private func jsonString(_ value: String) -> String {
    let data = try! JSONEncoder().encode(value)  // encoding a String cannot fail
    return String(decoding: data, as: UTF8.self)
}
