/// A TOML 1.0 reader covering what configuration files need: tables, arrays of
/// tables, dotted and quoted keys, all string forms, integers (decimal, hex,
/// octal, binary), floats, booleans, arrays, inline tables and comments.
/// Dates and times are refused with a clear error (configuration has none).
public enum TOMLParser {
    /// Parses a whole document; the error names the line and column.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = Parser(bytes: Array(text.utf8))
        return try parser.parseDocument()
    }
}

/// The recursive-descent parser over the document's UTF-8 bytes.
struct Parser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0
    /// Path of the table that `key = value` lines currently go into.
    var currentPath: [String] = []
    var root = TOMLTable(line: 0)

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    func error(_ message: String) -> TOMLError {
        TOMLError(line: line, column: index - lineStart + 1, message: message)
    }

    // MARK: - Document structure

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        while true {
            skipWhitespace()
            guard let byte = current else { break }
            switch byte {
            case UInt8(ascii: "#"): skipComment()
            case UInt8(ascii: "\n"): newline()
            case UInt8(ascii: "\r"):
                guard peek(1) == UInt8(ascii: "\n") else { throw error("bare carriage return") }
                index += 1
                newline()
            case UInt8(ascii: "["): try parseTableHeader()
            default: try parseKeyValueLine()
            }
        }
        return root
    }

    mutating func newline() {
        index += 1
        line += 1
        lineStart = index
    }

    mutating func skipWhitespace() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
    }

    mutating func skipComment() {
        while let byte = current, byte != UInt8(ascii: "\n") { index += 1 }
    }

    /// After a value or header only whitespace, a comment and the end of the line may follow.
    mutating func expectEndOfLine() throws(TOMLError) {
        skipWhitespace()
        if current == UInt8(ascii: "#") { skipComment() }
        if current == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { index += 1 }
        guard atEnd || current == UInt8(ascii: "\n") else {
            throw error("unexpected text after the value; put one key = value per line")
        }
    }

    mutating func parseTableHeader() throws(TOMLError) {
        let headerLine = line
        index += 1
        let isArray = current == UInt8(ascii: "[")
        if isArray { index += 1 }
        skipWhitespace()
        let path = try parseKey()
        skipWhitespace()
        guard current == UInt8(ascii: "]") else { throw error("expected ']' to close the table header") }
        index += 1
        if isArray {
            guard current == UInt8(ascii: "]") else { throw error("expected ']]' to close the array-of-tables header") }
            index += 1
        }
        try expectEndOfLine()
        let name = path.joined(separator: ".")
        if isArray {
            try TableTree.appendArrayElement(at: path, line: headerLine, in: &root, name: name)
        } else {
            try TableTree.defineTable(at: path, line: headerLine, in: &root, name: name)
        }
        currentPath = path
    }

    mutating func parseKeyValueLine() throws(TOMLError) {
        let keyLine = line
        let keyColumn = index - lineStart + 1
        let key = try parseKey()
        skipWhitespace()
        guard current == UInt8(ascii: "=") else { throw error("expected '=' after key \(key.joined(separator: "."))") }
        index += 1
        skipWhitespace()
        let value = try parseValue()
        try expectEndOfLine()
        let node = TOMLNode(value, line: keyLine)
        do {
            try TableTree.assign(node, to: currentPath + key, keyDepth: key.count, in: &root)
        } catch let failure {
            throw TOMLError(line: keyLine, column: keyColumn, message: failure.message)
        }
    }

    // MARK: - Keys

    /// A dotted key: `a.b."c d".'e'`.
    mutating func parseKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipWhitespace()
            guard let byte = current else { throw error("expected a key") }
            if byte == UInt8(ascii: "\"") {
                index += 1
                parts.append(try parseBasicString())
            } else if byte == UInt8(ascii: "'") {
                index += 1
                parts.append(try parseLiteralString())
            } else {
                let start = index
                while let b = current, Self.isBareKeyByte(b) { index += 1 }
                guard index > start else {
                    throw error("expected a key name (letters, digits, '_' or '-'), found '\(Self.describe(byte))'")
                }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipWhitespace()
            guard current == UInt8(ascii: ".") else { return parts }
            index += 1
        }
    }

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }

    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\n"): "end of line"
        case 0x20...0x7E: String(UnicodeScalar(byte))
        default: "byte 0x" + String(byte, radix: 16)
        }
    }
}
