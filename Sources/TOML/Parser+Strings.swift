extension Parser {
    /// After the opening `"`; handles escapes; ends after the closing quote.
    mutating func parseBasicString() throws(TOMLError) -> String {
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        func flush(_ pending: inout [UInt8], into scalars: inout String.UnicodeScalarView) {
            scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
            pending.removeAll(keepingCapacity: true)
        }
        while true {
            guard let byte = current, byte != UInt8(ascii: "\n") else { throw error("string is not closed with '\"'") }
            index += 1
            if byte == UInt8(ascii: "\"") {
                flush(&pending, into: &scalars)
                return String(scalars)
            }
            if byte == UInt8(ascii: "\\") {
                flush(&pending, into: &scalars)
                scalars.append(try parseEscape())
            } else if byte < 0x20 && byte != UInt8(ascii: "\t") || byte == 0x7F {
                throw error("control character in string; use an escape")
            } else {
                pending.append(byte)
            }
        }
    }

    mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        guard let byte = current else { throw error("string ends inside an escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "u"): return try parseUnicodeEscape(digits: 4)
        case UInt8(ascii: "U"): return try parseUnicodeEscape(digits: 8)
        default: throw error("unknown escape '\\\(Self.describe(byte))' in string")
        }
    }

    mutating func parseUnicodeEscape(digits: Int) throws(TOMLError) -> Unicode.Scalar {
        guard index + digits <= bytes.count,
            let value = UInt32(String(decoding: bytes[index..<index + digits], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(value)
        else { throw error("invalid \\u escape: needs \(digits) hex digits of a Unicode scalar") }
        index += digits
        return scalar
    }

    /// After the opening `'`: no escapes.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        let start = index
        while let byte = current, byte != UInt8(ascii: "'") {
            guard byte != UInt8(ascii: "\n") else { throw error("string is not closed with \"'\"") }
            index += 1
        }
        guard !atEnd else { throw error("string is not closed with \"'\"") }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        return text
    }

    /// After the opening `"""`: escapes, a newline right after the delimiter is
    /// dropped, and a backslash at the end of a line joins it to the next.
    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        skipNewlineAfterDelimiter()
        var result = String.UnicodeScalarView()
        var pending: [UInt8] = []
        while true {
            guard let byte = current else { throw error("multi-line string is not closed with '\"\"\"'") }
            if byte == UInt8(ascii: "\""), peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                index += 3
                // Up to two extra quotes right before the delimiter belong to the string.
                while current == UInt8(ascii: "\""), pending.count < Int.max {
                    pending.append(byte)
                    index += 1
                }
                result.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                return String(result)
            }
            if byte == UInt8(ascii: "\\") {
                result.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                pending.removeAll(keepingCapacity: true)
                index += 1
                if try skipLineContinuation() { continue }
                result.append(try parseEscape())
                continue
            }
            if byte == UInt8(ascii: "\n") {
                pending.append(byte)
                newline()
                continue
            }
            pending.append(byte)
            index += 1
        }
    }

    /// After a backslash: when only whitespace follows up to the end of the line,
    /// skips it and all following whitespace and newlines.
    mutating func skipLineContinuation() throws(TOMLError) -> Bool {
        var probe = index
        while probe < bytes.count,
            bytes[probe] == UInt8(ascii: " ") || bytes[probe] == UInt8(ascii: "\t")
                || bytes[probe] == UInt8(ascii: "\r")
        {
            probe += 1
        }
        guard probe < bytes.count, bytes[probe] == UInt8(ascii: "\n") else { return false }
        index = probe
        while let byte = current {
            if byte == UInt8(ascii: "\n") {
                newline()
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                index += 1
            } else {
                break
            }
        }
        return true
    }

    /// After the opening `'''`: raw text up to the closing delimiter.
    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        skipNewlineAfterDelimiter()
        var text: [UInt8] = []
        while true {
            guard let byte = current else { throw error("multi-line string is not closed with \"'''\"") }
            if byte == UInt8(ascii: "'"), peek(1) == UInt8(ascii: "'"), peek(2) == UInt8(ascii: "'") {
                index += 3
                while current == UInt8(ascii: "'") {
                    text.append(byte)
                    index += 1
                }
                return String(decoding: text, as: UTF8.self)
            }
            text.append(byte)
            if byte == UInt8(ascii: "\n") { newline() } else { index += 1 }
        }
    }

    mutating func skipNewlineAfterDelimiter() {
        if current == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { index += 1 }
        if current == UInt8(ascii: "\n") { newline() }
    }
}
