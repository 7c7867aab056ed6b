import Foundation
import Testing

@testable import Parquet

/// Every fixture file: the values equal the expected JSON, and broken files give a clean error.
@Suite struct FixtureConformanceTests {
    @Test func fixturesArePresent() {
        #expect(Fixture.all.count == 79)
    }

    @Test(arguments: Fixture.all)
    func fileMatchesExpectedJSON(_ fixture: Fixture) throws {
        let expected = try fixture.expected()
        let metadataReadable = expected["metadata_readable"] as? Bool ?? true
        let dataReadable = expected["data_readable"] as? Bool ?? metadataReadable

        // Unreadable footers must fail at open with a ParquetError naming the file.
        guard metadataReadable else {
            let error = #expect(throws: ParquetError.self) { try ParquetFileReader(path: fixture.url.path) }
            #expect(error?.file == fixture.url.path)
            return
        }
        let reader: ParquetFileReader
        do {
            reader = try ParquetFileReader(path: fixture.url.path)
        } catch {
            // pyarrow read the footer; only the files pyarrow cannot read either may fail here.
            #expect(!dataReadable, "open failed: \(error)")
            return
        }
        guard dataReadable else {
            // Nested columns are refused by name; flat ones must fail while decoding.
            #expect(throws: ParquetError.self) {
                _ = try reader.columnIndices(nil)
                _ = try readAllCells(reader)
            }
            return
        }

        #expect(Int(reader.metadata.numRows) == expected["num_rows"] as? Int)
        #expect(reader.rowGroupCount == expected["num_row_groups"] as? Int)
        try checkSchema(reader, expected)
        let cells = try readAllCells(reader)
        try checkRows(cells, expected, fixture: fixture)
        checkSummaries(cells, expected)
    }

    private func checkSchema(_ reader: ParquetFileReader, _ expected: [String: Any]) throws {
        let schema = try #require(expected["parquet_schema"] as? [[String: Any]])
        #expect(schema.count == reader.schema.columns.count)
        for (column, entry) in zip(reader.schema.columns, schema) {
            #expect(column.name == entry["path"] as? String)
            #expect(column.physicalType.thriftName == entry["physical_type"] as? String)
            #expect(column.maxDefinitionLevel == entry["max_definition_level"] as? Int, "\(column.name)")
            #expect(column.maxRepetitionLevel == entry["max_repetition_level"] as? Int, "\(column.name)")
        }
    }

    private func checkRows(_ cells: [String: [CellValue]], _ expected: [String: Any], fixture: Fixture) throws {
        let first = expected["first_rows_by_column"] as? [String: [Any]] ?? [:]
        let last = expected["last_2_rows_by_column"] as? [String: [Any]] ?? [:]
        let int96Upstream = (expected["int96_notes"] as? [String: Any])?["upstream_expected_microseconds"] as? [Any]
        var compared = 0
        for (name, rows) in first {
            guard let column = cells[name] else { continue }
            compared += 1
            if let int96Upstream, case .int96 = column.first(where: { $0 != .null }) ?? .null {
                // pyarrow is wrong on these rows; the upstream values are the reference.
                for (row, value) in int96Upstream.enumerated() {
                    guard case .int96(let stored) = column[row] else {
                        #expect(value is NSNull, "\(fixture) \(name)[\(row)]")
                        continue
                    }
                    #expect((value as? NSNumber)?.int64Value == stored.microsecondsSinceEpoch, "\(name)[\(row)]")
                }
                continue
            }
            for (row, value) in rows.enumerated() {
                #expect(cellMatches(column[row], value), "\(fixture) \(name)[\(row)]: \(column[row]) vs \(value)")
            }
            for (offset, value) in (last[name] ?? []).enumerated() {
                let row = column.count - (last[name]?.count ?? 0) + offset
                #expect(cellMatches(column[row], value), "\(fixture) \(name)[\(row)]: \(column[row]) vs \(value)")
            }
        }
        #expect(compared > 0 || first.isEmpty || cells.isEmpty, "\(fixture): no column compared")
    }

    private func checkSummaries(_ cells: [String: [CellValue]], _ expected: [String: Any]) {
        let summaries = expected["column_summaries"] as? [String: [String: Any]] ?? [:]
        let skipInt96 = expected["int96_notes"] != nil
        for (name, summary) in summaries {
            guard let column = cells[name] else { continue }
            let nonNull = column.filter { $0 != .null }
            #expect(column.count - nonNull.count == summary["null_count"] as? Int, "\(name) null_count")
            #expect(column.count == summary["length"] as? Int, "\(name) length")
            ColumnSummaryCheck(name: name, summary: summary, values: nonNull, skipInt96: skipInt96).run()
        }
    }
}
