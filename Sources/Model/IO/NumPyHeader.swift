/// The dict literal in a `.npy` header, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
///
/// A small recursive-descent parser for exactly the Python literals NumPy
/// writes there: strings, `True`/`False`, non-negative integers and tuples of
/// them. Anything else is an error naming the position.
struct NumPyHeader {
    /// Element type code, e.g. `<f4`.
    var descr: String
    /// Whether the data is column-major.
    var fortranOrder: Bool
    /// Extent of each dimension.
    var shape: [Int]

    init(parsing text: String, name: String) throws(WeightFileError) {
        var parser = Parser(bytes: Array(text.utf8), name: name)
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?

        try parser.expect(UInt8(ascii: "{"))
        while true {
            parser.skipSpace()
            if parser.consume(UInt8(ascii: "}")) { break }
            let key = try parser.string()
            try parser.expect(UInt8(ascii: ":"))
            switch key {
            case "descr": descr = try parser.string()
            case "fortran_order": fortranOrder = try parser.boolean()
            case "shape": shape = try parser.tuple()
            default: throw parser.failure("unexpected key '\(key)'")
            }
            parser.skipSpace()
            if !parser.consume(UInt8(ascii: ",")) {
                try parser.expect(UInt8(ascii: "}"))
                break
            }
        }
        guard let descr, let fortranOrder, let shape else {
            throw .malformed(path: name, reason: "header lacks descr, fortran_order or shape")
        }
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    private struct Parser {
        var bytes: [UInt8]
        var name: String
        var position = 0

        init(bytes: [UInt8], name: String) {
            self.bytes = bytes
            self.name = name
        }

        func failure(_ what: String) -> WeightFileError {
            .malformed(path: name, reason: ".npy header: \(what) at byte \(position)")
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x0A, 0x09, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            skipSpace()
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func expect(_ byte: UInt8) throws(WeightFileError) {
            guard consume(byte) else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        }

        mutating func string() throws(WeightFileError) -> String {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "'") || bytes[position] == UInt8(ascii: "\"")
            else { throw failure("expected a string") }
            let quote = bytes[position]
            position += 1
            let start = position
            while position < bytes.count, bytes[position] != quote {
                guard bytes[position] != UInt8(ascii: "\\") else { throw failure("escapes are not supported") }
                position += 1
            }
            guard position < bytes.count else { throw failure("unterminated string") }
            let value = String(decoding: bytes[start..<position], as: UTF8.self)
            position += 1
            return value
        }

        mutating func boolean() throws(WeightFileError) -> Bool {
            skipSpace()
            for (word, value) in [("True", true), ("False", false)] {
                let utf8 = Array(word.utf8)
                if position + utf8.count <= bytes.count, Array(bytes[position..<(position + utf8.count)]) == utf8 {
                    position += utf8.count
                    return value
                }
            }
            throw failure("expected True or False")
        }

        mutating func integer() throws(WeightFileError) -> Int {
            skipSpace()
            var value = 0
            let start = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(Int(bytes[position] - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { throw failure("dimension too large") }
                value = sum
                position += 1
            }
            guard position > start else { throw failure("expected a non-negative integer") }
            // NumPy 1.x wrote `3L` on Python 2; accept the suffix.
            if position < bytes.count, bytes[position] == UInt8(ascii: "L") { position += 1 }
            return value
        }

        mutating func tuple() throws(WeightFileError) -> [Int] {
            try expect(UInt8(ascii: "("))
            var values: [Int] = []
            while true {
                if consume(UInt8(ascii: ")")) { return values }
                guard values.count < NumPyArray.maximumRank else { throw failure("too many dimensions") }
                values.append(try integer())
                if !consume(UInt8(ascii: ",")) {
                    try expect(UInt8(ascii: ")"))
                    return values
                }
            }
        }
    }
}
