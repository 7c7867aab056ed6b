extension LogicalType {
    /// Short text such as `TIMESTAMP(MICROS, UTC)` or `INT(8, signed)`.
    public var summary: String {
        switch self {
        case .string: "STRING"
        case .date: "DATE"
        case .timestamp(let utc, let unit): "TIMESTAMP(\(unit.thriftName), \(utc ? "UTC" : "local"))"
        case .time(let utc, let unit): "TIME(\(unit.thriftName), \(utc ? "UTC" : "local"))"
        case .integer(let width, let signed): "INT(\(width), \(signed ? "signed" : "unsigned"))"
        case .decimal(let scale, let precision): "DECIMAL(\(precision), \(scale))"
        case .other(let field): Self.otherNames[field] ?? "LOGICAL(\(field))"
        }
    }

    private static let otherNames: [Int16: String] = [
        2: "MAP", 3: "LIST", 4: "ENUM", 11: "UNKNOWN", 12: "JSON", 13: "BSON", 14: "UUID", 15: "FLOAT16",
        16: "VARIANT", 17: "GEOMETRY", 18: "GEOGRAPHY",
    ]
}

extension TimeUnit {
    /// `MILLIS`, `MICROS` or `NANOS`.
    public var thriftName: String {
        switch self {
        case .millis: "MILLIS"
        case .micros: "MICROS"
        case .nanos: "NANOS"
        }
    }
}

extension ColumnDescriptor {
    /// Physical type plus annotation, e.g. `INT64 TIMESTAMP(MICROS, local)` or `INT32 (INT_8)`.
    public var typeSummary: String {
        var text = physicalType.thriftName
        if physicalType == .fixedLenByteArray, let length = element.typeLength { text += "(\(length))" }
        if let logical = element.logicalType {
            text += " " + logical.summary
        } else if let converted = element.convertedTypeRaw {
            text += " (" + (ConvertedType(rawValue: converted).map { "\($0)".uppercased() } ?? "\(converted)") + ")"
        }
        return text
    }

    /// Nullability in words: `required`, `optional` or `repeated`.
    public var repetitionSummary: String {
        isRepeated ? "repeated" : (isNullable ? "optional" : "required")
    }
}

extension ParquetSchema {
    /// One line per column (`name: TYPE nullability`), for error messages.
    public var columnList: String {
        columns.map { "\($0.name): \($0.typeSummary) \($0.repetitionSummary)" }.joined(separator: "; ")
    }
}
