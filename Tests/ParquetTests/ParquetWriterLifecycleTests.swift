import Foundation
import Parquet
import TestSupport
import Testing

/// The writer's file handling: nothing half-written under the real name, clear errors for bad input.
@Suite struct ParquetWriterLifecycleTests {
    private let schema: [ParquetColumnSpec] = [
        .timestampMicrosUTC("timestamp"), ParquetColumnSpec(name: "hr", valueType: .double),
    ]

    private func entries(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func closedFileAppearsUnderItsNameAndEndsWithTheMagic() throws {
        let directory = try TestEnvironment.temporaryDirectory("parquet-writer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.parquet").path
        let writer = try ParquetWriter(path: path, schema: schema)
        try writer.write(columns: [.int64([1, 2, 3]), .double([60, 61, 62])])
        #expect(!FileManager.default.fileExists(atPath: path), "the real name appears only on close")
        let summary = try writer.close()
        #expect(try entries(directory) == ["out.parquet"])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Int64(bytes.count) == summary.fileBytes)
        #expect(Array(bytes.prefix(4)) == ParquetFormat.magic)
        #expect(Array(bytes.suffix(4)) == ParquetFormat.magic)
    }

    @Test func badBatchLeavesNoFileAndKeepsAnExistingOne() throws {
        let directory = try TestEnvironment.temporaryDirectory("parquet-writer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("out.parquet")
        try Data("previous".utf8).write(to: url)
        let writer = try ParquetWriter(path: url.path, schema: schema)
        #expect(throws: ParquetWriteError.invalidBatch("column hr: 2 values, but the batch has 3 rows")) {
            try writer.write(columns: [.int64([1, 2, 3]), .double([60, 61])])
        }
        #expect(throws: ParquetWriteError.writerClosed(path: url.path)) { try writer.close() }
        #expect(try entries(directory) == ["out.parquet"])
        #expect(try Data(contentsOf: url) == Data("previous".utf8))
    }

    @Test func abandonedWriterRemovesItsTemporaryFile() throws {
        let directory = try TestEnvironment.temporaryDirectory("parquet-writer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.parquet").path
        do {
            let writer = try ParquetWriter(
                path: path, schema: schema, options: ParquetWriterOptions(rowsPerRowGroup: 2))
            try writer.write(columns: [.int64([1, 2, 3]), .double([60, 61, 62])])
            #expect(try entries(directory).count == 1, "a temporary file while writing")
        }
        // Dropping the writer unclosed abandons it.
        #expect(try entries(directory).isEmpty)
    }

    @Test func invalidSchemasAreRefusedByName() {
        #expect(throws: ParquetWriteError.self) {
            _ = try ParquetWriter(
                path: "unused.parquet",
                schema: [
                    ParquetColumnSpec(
                        name: "t", valueType: .double, logicalType: .timestamp(isAdjustedToUTC: true, unit: .micros))
                ])
        }
        #expect(throws: ParquetWriteError.invalidSchema("column name hr appears twice")) {
            _ = try ParquetWriter(
                path: "unused.parquet", schema: schema + [ParquetColumnSpec(name: "hr", valueType: .int32)])
        }
        #expect(throws: ParquetWriteError.unsupportedCodec(.gzip)) {
            _ = try ParquetWriter(path: "unused.parquet", schema: schema, options: ParquetWriterOptions(codec: .gzip))
        }
    }

    @Test func requiredColumnRefusesNulls() throws {
        let directory = try TestEnvironment.temporaryDirectory("parquet-writer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try ParquetWriter(path: directory.appendingPathComponent("out.parquet").path, schema: schema)
        #expect(throws: ParquetWriteError.invalidBatch("column hr is required but the batch has nulls")) {
            try writer.write([ParquetColumnBatch(.int64([1])), ParquetColumnBatch(.double([1]), validity: [false])])
        }
        #expect(try entries(directory).isEmpty)
    }

    @Test func missingDirectoryIsAnIOErrorNamingThePath() {
        #expect {
            _ = try ParquetWriter(path: "/nonexistent-edge-agent-dir/out.parquet", schema: schema)
        } throws: { error in
            guard case .io(let path, let call, _, _) = error as? ParquetWriteError else { return false }
            return path.hasPrefix("/nonexistent-edge-agent-dir/") && call == "open"
        }
    }
}
