/// A JSON document tree with ordered object keys, rendered deterministically.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    /// Rendered with Swift's shortest round-tripping description; NaN and infinities (not
    /// representable in JSON) as the strings "NaN", "Infinity", "-Infinity".
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Pretty-printed text, two spaces per level; arrays of scalars stay on one line.
    func rendered(indent: Int = 0) -> String {
        var text = ""
        render(into: &text, indent: indent)
        return text
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func render(into text: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .int(let value): text += String(value)
        case .uint(let value): text += String(value)
        case .double(let value):
            if value.isNaN {
                text += "\"NaN\""
            } else if value.isInfinite {
                text += value < 0 ? "\"-Infinity\"" : "\"Infinity\""
            } else {
                text += value.description
            }
        case .string(let value): Self.quote(value, into: &text)
        case .array(let items):
            if items.isEmpty {
                text += "[]"
            } else if items.allSatisfy(\.isScalar) {
                text += "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]"
            } else {
                text += "[\n"
                for (index, item) in items.enumerated() {
                    text += pad
                    item.render(into: &text, indent: indent + 1)
                    text += index == items.count - 1 ? "\n" : ",\n"
                }
                text += closing + "]"
            }
        case .object(let members):
            if members.isEmpty {
                text += "{}"
                return
            }
            text += "{\n"
            for (index, (key, value)) in members.enumerated() {
                text += pad
                Self.quote(key, into: &text)
                text += ": "
                value.render(into: &text, indent: indent + 1)
                text += index == members.count - 1 ? "\n" : ",\n"
            }
            text += closing + "}"
        }
    }

    private static func quote(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

extension CellValue {
    /// The JSON form used by `inspect --json`: timestamps as ISO-8601 strings at the file's
    /// precision (`Z` only when adjusted to UTC), integers exact, floats round-tripping,
    /// decimals as exact strings, binary as `{"hex": …}`.
    var json: JSONValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .uint(let value): .uint(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .bytes(let value): .object([("hex", .string(Self.hex(value)))])
        case .timestamp(let raw, let unit, let utc): .string(TimeText.timestamp(raw: raw, unit: unit, utc: utc))
        case .int96(let value): .string(TimeText.int96(value))
        case .date(let days): .string(TimeText.date(days: Int64(days)))
        case .time(let raw, let unit): .string(TimeText.time(raw: raw, unit: unit))
        case .decimal(let text): .string(text)
        }
    }

    /// Plain text for the human report.
    var text: String {
        switch json {
        case .null: "null"
        case .string(let value): value
        case .object: "0x" + (Self.hexOf(self) ?? "")
        case let other: other.rendered()
        }
    }

    private static func hexOf(_ cell: CellValue) -> String? {
        if case .bytes(let value) = cell { return hex(value) }
        return nil
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
