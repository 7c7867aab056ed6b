/// A parsed TOML value together with the line it was defined on, so that
/// configuration errors can point people at the right place.
public struct TOMLNode: Sendable, Equatable {
    /// The value.
    public var value: TOMLValue
    /// 1-based line of the key (or array element) that defined the value.
    public var line: Int

    /// Creates a node.
    public init(_ value: TOMLValue, line: Int) {
        self.value = value
        self.line = line
    }
}

/// The value types configuration needs. Dates and times are refused by the parser.
public enum TOMLValue: Sendable, Equatable {
    /// A string (basic, literal or multi-line).
    case string(String)
    /// A 64-bit signed integer.
    case integer(Int64)
    /// A binary64 float, including `inf` and `nan`.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An array; elements may differ in type (TOML 1.0).
    case array([TOMLNode])
    /// A table (standard, inline, or one element of an array of tables).
    case table(TOMLTable)

    /// The TOML name of this value's type, for error messages.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// A TOML table: keys in the order they were written.
public struct TOMLTable: Sendable, Equatable {
    /// Keys in definition order.
    public private(set) var keys: [String] = []
    private var storage: [String: TOMLNode] = [:]
    /// 1-based line of the header that opened the table (0 for the root table).
    public var line: Int
    /// Whether the table was defined explicitly (header or inline) rather than implied by a dotted key.
    var isExplicit: Bool
    /// Whether the table is closed to additions (inline tables).
    var isSealed: Bool = false
    /// Keys whose arrays were made by `[[key]]` headers and so may grow.
    private var arrayOfTablesKeys: Set<String> = []

    /// Creates an empty table.
    public init(line: Int = 0, isExplicit: Bool = true) {
        self.line = line
        self.isExplicit = isExplicit
    }

    /// The node stored under `key`, if any.
    public subscript(key: String) -> TOMLNode? {
        get { storage[key] }
        set {
            if storage[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            storage[key] = newValue
        }
    }

    func isArrayOfTables(_ key: String) -> Bool { arrayOfTablesKeys.contains(key) }

    mutating func markArrayOfTables(_ key: String) { arrayOfTablesKeys.insert(key) }

    /// Whether no key is defined.
    public var isEmpty: Bool { keys.isEmpty }
}
