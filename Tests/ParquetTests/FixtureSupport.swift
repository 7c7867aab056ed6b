import Foundation
import TestSupport
import Testing

@testable import Parquet

/// One fixture file and its expected-values JSON.
struct Fixture: CustomStringConvertible, Sendable {
    /// Path relative to `Tests/Fixtures/parquet`.
    var relativePath: String

    var description: String { relativePath }
    var url: URL { TestEnvironment.fixture("parquet/" + relativePath) }

    /// The expected JSON beside the file, parsed with JSONSerialization.
    func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: url.path + ".expected.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Every fixture that has an expected JSON, in both fixture folders.
    static let all: [Fixture] = {
        let root = TestEnvironment.fixture("parquet")
        var found: [Fixture] = []
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            let path = url.path
            guard path.hasSuffix(".expected.json") else { continue }
            let file = String(path.dropLast(".expected.json".count))
            found.append(Fixture(relativePath: String(file.dropFirst(root.path.count + 1))))
        }
        return found.sorted { $0.relativePath < $1.relativePath }
    }()
}

/// All flat columns of a file, read row group by row group and flattened to cells.
func readAllCells(_ reader: ParquetFileReader) throws -> [String: [CellValue]] {
    let flat = reader.schema.columns.indices.filter { !reader.schema.columns[$0].isRepeated }
    var cells: [String: [CellValue]] = [:]
    for group in 0..<reader.rowGroupCount {
        let data = try reader.readRowGroup(group, columnIndices: flat)
        for column in data.columns {
            #expect(column.values.count == data.rowCount, "\(column.descriptor.name) row count")
            cells[column.descriptor.name, default: []].append(contentsOf: (0..<data.rowCount).map(column.cell))
        }
    }
    return cells
}

/// Lowercase hex of bytes.
func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

/// Whether a cell equals a value of the fixtures' expected-JSON encoding.
func cellMatches(_ cell: CellValue, _ expected: Any, int96Unit: String = "ns") -> Bool {
    switch cell {
    case .null: return expected is NSNull
    case .bool(let value): return (expected as? NSNumber)?.boolValue == value && !(expected is NSNull)
    case .int(let value): return (expected as? NSNumber)?.int64Value == value
    case .uint(let value): return (expected as? NSNumber)?.uint64Value == value
    case .double(let value):
        if let text = expected as? String {
            switch text {
            case "NaN": return value.isNaN
            case "Infinity": return value == .infinity
            case "-Infinity": return value == -.infinity
            case "-0.0": return value == 0 && value.sign == .minus
            default: return false
            }
        }
        guard let number = expected as? NSNumber else { return false }
        return exactDouble(number) == value && (value != 0 || value.sign == .plus)
    case .string(let value): return expected as? String == value
    case .bytes(let value): return (expected as? [String: Any])?["hex"] as? String == hex(value)
    case .timestamp(let raw, let unit, _):
        guard let object = expected as? [String: Any] else { return false }
        return (object["raw"] as? NSNumber)?.int64Value == raw && object["unit"] as? String == unitName(unit)
    case .int96(let value):
        guard let object = expected as? [String: Any], let raw = (object["raw"] as? NSNumber)?.int64Value else {
            return false
        }
        return object["unit"] as? String == "us"
            ? raw == value.microsecondsSinceEpoch : raw == value.nanosecondsSinceEpoch
    case .date(let days): return expected as? String == TimeText.date(days: Int64(days))
    case .time(let raw, let unit):
        guard let text = expected as? String else { return false }
        return TimeText.time(raw: raw, unit: unit).hasPrefix(text)
    case .decimal(let text): return expected as? String == text
    }
}

func unitName(_ unit: TimeUnit) -> String {
    switch unit {
    case .millis: "ms"
    case .micros: "us"
    case .nanos: "ns"
    }
}

/// The double a JSON number denotes. JSONSerialization returns long mantissas as
/// NSDecimalNumber whose `doubleValue` can be off by an ulp; its text is exact.
func exactDouble(_ number: NSNumber) -> Double {
    if number is NSDecimalNumber, let parsed = Double(number.stringValue) { return parsed }
    return number.doubleValue
}
