extension Parser {
    /// Inline tables and arrays nest; this bound keeps hostile input from exhausting the stack.
    static let maximumNestingDepth = 64

    mutating func parseValue(depth: Int = 0) throws(TOMLError) -> TOMLValue {
        guard depth < Self.maximumNestingDepth else { throw error("values nested deeper than 64 levels") }
        guard let byte = current else { throw error("expected a value after '='") }
        switch byte {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                index += 3
                return .string(try parseMultilineBasicString())
            }
            index += 1
            return .string(try parseBasicString())
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                index += 3
                return .string(try parseMultilineLiteralString())
            }
            index += 1
            return .string(try parseLiteralString())
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "{"): return try parseInlineTable(depth: depth)
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return try parseBoolean()
        default: return try parseNumber()
        }
    }

    mutating func parseBoolean() throws(TOMLError) -> TOMLValue {
        if matches("true") {
            index += 4
            return .boolean(true)
        }
        if matches("false") {
            index += 5
            return .boolean(false)
        }
        throw error("expected a value (string, number, true/false, array or table); strings need quotes")
    }

    func matches(_ word: String) -> Bool {
        let wordBytes = Array(word.utf8)
        guard index + wordBytes.count <= bytes.count else { return false }
        return Array(bytes[index..<index + wordBytes.count]) == wordBytes
    }

    // MARK: - Arrays and inline tables

    /// Skips whitespace, newlines and comments inside an array.
    mutating func skipArraySpace() throws(TOMLError) {
        while let byte = current {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): index += 1
            case UInt8(ascii: "\n"): newline()
            case UInt8(ascii: "\r") where peek(1) == UInt8(ascii: "\n"): index += 1
            case UInt8(ascii: "#"): skipComment()
            default: return
            }
        }
    }

    mutating func parseArray(depth: Int) throws(TOMLError) -> TOMLValue {
        index += 1
        var elements: [TOMLNode] = []
        while true {
            try skipArraySpace()
            guard let byte = current else { throw error("array is not closed with ']'") }
            if byte == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            let elementLine = line
            elements.append(TOMLNode(try parseValue(depth: depth + 1), line: elementLine))
            try skipArraySpace()
            if atEnd { throw error("array is not closed with ']'") }
            if current == UInt8(ascii: ",") {
                index += 1
            } else if current != UInt8(ascii: "]") {
                throw error("expected ',' or ']' in array")
            }
        }
    }

    mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        let tableLine = line
        index += 1
        var table = TOMLTable(line: tableLine)
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            table.isSealed = true
            return .table(table)
        }
        while true {
            skipWhitespace()
            let keyColumn = index - lineStart + 1
            let key = try parseKey()
            skipWhitespace()
            guard current == UInt8(ascii: "=") else { throw error("expected '=' in inline table") }
            index += 1
            skipWhitespace()
            let node = TOMLNode(try parseValue(depth: depth + 1), line: line)
            do {
                try TableTree.assign(node, to: key, keyDepth: key.count, in: &table)
            } catch let failure {
                throw TOMLError(line: line, column: keyColumn, message: failure.message)
            }
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
            } else if current == UInt8(ascii: "}") {
                index += 1
                table.isSealed = true
                return .table(table)
            } else {
                throw error("expected ',' or '}' in inline table (inline tables fit on one line)")
            }
        }
    }
}
