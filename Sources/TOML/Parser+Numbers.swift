extension Parser {
    /// Integers (decimal with sign, 0x, 0o, 0b; `_` between digits) and floats
    /// (fraction and/or exponent, `inf`, `nan`). Date-like text is refused.
    mutating func parseNumber() throws(TOMLError) -> TOMLValue {
        let start = index
        while let byte = current, Self.isNumberByte(byte) { index += 1 }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        guard !token.isEmpty else {
            if let byte = current {
                throw error("expected a value, found '\(Self.describe(byte))'; strings need quotes")
            }
            throw error("expected a value after '='")
        }
        if current == UInt8(ascii: ":") || Self.looksLikeDate(token) {
            throw error("dates and times are not supported in this configuration; use a string or a number")
        }
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let first = token.first, first.isLetter {
            throw error("expected a value, found '\(token)'; strings need quotes")
        }
        if token.hasPrefix("0x") || token.hasPrefix("0o") || token.hasPrefix("0b") {
            let radix = token.hasPrefix("0x") ? 16 : token.hasPrefix("0o") ? 8 : 2
            let digits = String(token.dropFirst(2))
            guard Self.underscoresAreValid(digits), let value = Int64(digits.replacing("_", with: ""), radix: radix)
            else { throw error("'\(token)' is not a valid integer") }
            return .integer(value)
        }
        let isFloat = token.contains(".") || token.contains("e") || token.contains("E")
        guard Self.underscoresAreValid(token), Self.decimalIsWellFormed(token, isFloat: isFloat) else {
            throw error("'\(token)' is not a valid number")
        }
        let plain = token.replacing("_", with: "")
        if isFloat {
            guard let value = Double(plain) else { throw error("'\(token)' is not a valid float") }
            return .float(value)
        }
        guard let value = Int64(plain) else {
            throw error("'\(token)' is not a valid integer or does not fit in 64 bits")
        }
        return .integer(value)
    }

    /// `1979-05-27…`: four digits and a dash start a TOML date.
    static func looksLikeDate(_ token: String) -> Bool {
        let characters = Array(token)
        return characters.count >= 5 && characters[0..<4].allSatisfy(\.isNumber) && characters[4] == "-"
    }

    static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+")
            || (byte == UInt8(ascii: "-"))
    }

    /// Each `_` must sit between two digits.
    static func underscoresAreValid(_ token: String) -> Bool {
        let characters = Array(token)
        for (position, character) in characters.enumerated() where character == "_" {
            guard position > 0, position < characters.count - 1, characters[position - 1].isHexDigit,
                characters[position + 1].isHexDigit
            else { return false }
        }
        return true
    }

    /// TOML forbids leading zeros and bare dots (`01`, `.5`, `5.`), which Swift would accept.
    static func decimalIsWellFormed(_ token: String, isFloat: Bool) -> Bool {
        var body = Substring(token)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let integerPart = body.prefix { $0.isNumber || $0 == "_" }
        guard !integerPart.isEmpty, integerPart == "0" || integerPart.first != "0" else { return false }
        let rest = body.dropFirst(integerPart.count)
        if !isFloat { return rest.isEmpty }
        if rest.hasPrefix(".") {
            let fraction = rest.dropFirst().prefix { $0.isNumber || $0 == "_" }
            guard !fraction.isEmpty else { return false }
        }
        return true
    }
}
