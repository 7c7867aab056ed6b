import Foundation
import Testing

@testable import Parquet

/// Compares one column's non-null values with the expected JSON's column summary
/// (exact integer sums as wrapping Int64, bit-exact sequential float sums, min/max, counts).
struct ColumnSummaryCheck {
    var name: String
    var summary: [String: Any]
    var values: [CellValue]
    var skipInt96: Bool

    private func number(_ key: String) -> NSNumber? { summary[key] as? NSNumber }

    func run() {
        guard let sample = values.first else { return }
        switch sample {
        case .int, .uint: checkIntegers()
        case .double: checkFloats()
        case .bool:
            let trues = values.filter { $0 == .bool(true) }.count
            #expect(trues == summary["true_count"] as? Int, "\(name) true_count")
        case .timestamp:
            let raws = values.compactMap { cell -> Int64? in
                if case .timestamp(let raw, _, _) = cell { return raw }
                return nil
            }
            checkRaw(raws)
        case .int96:
            guard !skipInt96 else { return }
            let unit = summary["unit"] as? String
            let raws = values.compactMap { cell -> Int64? in
                guard case .int96(let value) = cell else { return nil }
                return unit == "us" ? value.microsecondsSinceEpoch : value.nanosecondsSinceEpoch
            }
            checkRaw(raws)
        case .string, .bytes:
            let total = values.reduce(0) { sum, cell in
                switch cell {
                case .string(let text): sum + text.utf8.count
                case .bytes(let bytes): sum + bytes.count
                default: sum
                }
            }
            #expect(total == summary["total_bytes"] as? Int, "\(name) total_bytes")
        default: break
        }
    }

    private func checkRaw(_ raws: [Int64]) {
        #expect(raws.reduce(0, &+) == number("raw_sum_wrapping_int64")?.int64Value, "\(name) raw sum")
        #expect(raws.min() == number("raw_min")?.int64Value, "\(name) raw min")
        #expect(raws.max() == number("raw_max")?.int64Value, "\(name) raw max")
    }

    private func checkIntegers() {
        var wrapping: Int64 = 0
        var signed: [Int64] = []
        var unsigned: [UInt64] = []
        for cell in values {
            switch cell {
            case .int(let value):
                wrapping &+= value
                signed.append(value)
            case .uint(let value):
                wrapping &+= Int64(bitPattern: value)
                unsigned.append(value)
            default: break
            }
        }
        #expect(wrapping == number("sum_wrapping_int64")?.int64Value, "\(name) sum")
        if !signed.isEmpty {
            #expect(signed.min() == number("min")?.int64Value, "\(name) min")
            #expect(signed.max() == number("max")?.int64Value, "\(name) max")
        } else {
            #expect(unsigned.min() == number("min")?.uint64Value, "\(name) min")
            #expect(unsigned.max() == number("max")?.uint64Value, "\(name) max")
        }
    }

    private func checkFloats() {
        var sum = 0.0
        var nanCount = 0
        var finite: [Double] = []
        for cell in values {
            guard case .double(let value) = cell else { continue }
            if value.isNaN {
                nanCount += 1
            } else {
                sum += value
                finite.append(value)
            }
        }
        #expect(nanCount == summary["nan_count"] as? Int, "\(name) nan_count")
        if let expectedSum = number("sum_sequential_f64_skip_null_nan").map(exactDouble) {
            #expect(sum == expectedSum, "\(name) sequential sum")
        }
        if let min = number("min").map(exactDouble), let max = number("max").map(exactDouble) {
            #expect(finite.min() == min, "\(name) min")
            #expect(finite.max() == max, "\(name) max")
        }
    }
}
