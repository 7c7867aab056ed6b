import Foundation
import Testing

@testable import Parquet

/// `inspect --json` agrees with the expected JSON on every readable fixture, and the text
/// report shows what a person checking a recording needs.
@Suite struct ParquetInspectorTests {
    static let readable = Fixture.all.filter { fixture in
        let expected = (try? fixture.expected()) ?? [:]
        return expected["data_readable"] as? Bool ?? false
    }

    @Test(arguments: readable)
    func jsonAgreesWithExpected(_ fixture: Fixture) throws {
        let expected = try fixture.expected()
        let output = try ParquetInspector.report(path: fixture.url.path, head: 5, json: true)
        let document = try #require(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])

        #expect(document["num_rows"] as? Int == expected["num_rows"] as? Int)
        #expect(document["num_row_groups"] as? Int == expected["num_row_groups"] as? Int)
        let schema = try #require(document["schema"] as? [[String: Any]])
        let expectedSchema = try #require(expected["parquet_schema"] as? [[String: Any]])
        #expect(schema.map { $0["path"] as? String } == expectedSchema.map { $0["path"] as? String })
        #expect(schema.map { $0["physical_type"] as? String } == expectedSchema.map { $0["physical_type"] as? String })
        #expect(
            schema.map { $0["nullable"] as? Bool }
                == expectedSchema.map { ($0["max_definition_level"] as? Int ?? 0) > 0 })

        let groups = try #require(document["row_groups"] as? [[String: Any]])
        let expectedGroups = expected["row_groups"] as? [[String: Any]] ?? []
        for (group, expectedGroup) in zip(groups, expectedGroups) {
            #expect(group["num_rows"] as? Int == expectedGroup["num_rows"] as? Int)
            let chunks = group["columns"] as? [[String: Any]] ?? []
            let expectedChunks = expectedGroup["columns"] as? [[String: Any]] ?? []
            #expect(chunks.map { $0["codec"] as? String } == expectedChunks.map { $0["codec"] as? String })
            #expect(chunks.map { $0["encodings"] as? [String] } == expectedChunks.map { $0["encodings"] as? [String] })
        }

        #expect(document["head_error"] == nil, "\(document["head_error"] ?? "")")
        let rows = try #require(document["head"] as? [[String: Any]])
        let first = expected["first_rows_by_column"] as? [String: [Any]] ?? [:]
        let skipInt96 = expected["int96_notes"] != nil
        for (name, values) in first {
            guard let column = schema.first(where: { $0["path"] as? String == name }),
                column["max_repetition_level"] as? Int == 0
            else { continue }
            if skipInt96 && column["physical_type"] as? String == "INT96" { continue }
            #expect(rows.count == values.count)
            for (row, value) in zip(rows, values) {
                #expect(jsonMatches(row[name] as Any, value), "\(fixture) \(name): \(row[name] ?? "nil") vs \(value)")
            }
        }
    }

    /// Compares one `inspect --json` value with the fixtures' encoding of the same value.
    private func jsonMatches(_ actual: Any, _ expected: Any) -> Bool {
        switch expected {
        case is NSNull: return actual is NSNull
        case let object as [String: Any]:
            if let iso = object["iso"] as? String {
                // pyarrow writes "YYYY-MM-DD HH:MM:SS.fff"; inspect writes ISO-8601 with a "T".
                return actual as? String == iso.replacingOccurrences(of: " ", with: "T")
            }
            return (actual as? [String: Any])?["hex"] as? String == object["hex"] as? String
        case let text as String:
            if ["NaN", "Infinity", "-Infinity"].contains(text) { return actual as? String == text }
            if text == "-0.0", let number = actual as? NSNumber {
                return exactDouble(number) == 0 && exactDouble(number).sign == .minus
            }
            guard let actualText = actual as? String else { return false }
            return actualText == text || actualText.hasPrefix(text + ".")
        case let number as NSNumber:
            guard let actualNumber = actual as? NSNumber else { return false }
            let text = number.stringValue
            if text.contains(".") || text.contains("e") || text.contains("n") {
                return exactDouble(actualNumber) == exactDouble(number)
            }
            // Integers (and booleans, which both sides parse the same way) compare exactly.
            return actualNumber.int64Value == number.int64Value && actualNumber.uint64Value == number.uint64Value
        default: return false
        }
    }

    @Test func textReportShowsSchemaGroupsStatisticsAndRows() throws {
        let path = Fixture(relativePath: "parquet-writers/pyarrow_ts-us_rowgroups-2500.parquet").url.path
        let text = try ParquetInspector.report(path: path, head: 3, json: false)
        #expect(text.contains("rows: 10000 in 4 row group(s)"))
        #expect(text.contains("timestamp: INT64 TIMESTAMP(MICROS, local), optional"))
        #expect(text.contains("label: INT32 INT(8, signed), optional"))
        #expect(text.contains("row group 3: 2500 rows"))
        #expect(text.contains("min=2023-11-14T22:13:20.000000 max="))
        #expect(text.contains("first 3 row(s):"))
        #expect(text.contains("2023-11-14T22:13:20.040000 | 67.0 | -0.974"))
    }

    @Test func corruptFooterThrowsNamingTheFile() {
        let path = Fixture(relativePath: "parquet-testing/bad_data/PARQUET-1481.parquet").url.path
        let error = #expect(throws: ParquetError.self) { try ParquetInspector.report(path: path, head: 5, json: true) }
        #expect(error?.description.contains("PARQUET-1481.parquet") == true)
    }
}
