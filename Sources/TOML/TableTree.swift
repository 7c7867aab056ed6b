/// A structural error found while placing a key or table; the parser adds the position.
struct TableTreeError: Error {
    var message: String
}

/// Places keys, tables and arrays of tables into the document tree, enforcing
/// TOML's rules against redefinition.
enum TableTree {
    /// Defines `[path]`.
    static func defineTable(at path: [String], line: Int, in root: inout TOMLTable, name: String) throws(TOMLError) {
        do {
            try descend(path.dropLast(), in: &root) { (parent: inout TOMLTable) throws(TableTreeError) in
                let key = path[path.count - 1]
                if let existing = parent[key] {
                    guard case .table(var table) = existing.value, !parent.isArrayOfTables(key) else {
                        throw TableTreeError(message: "[\(name)] redefines key \(key) (line \(existing.line))")
                    }
                    guard !table.isExplicit, !table.isSealed else {
                        throw TableTreeError(
                            message: "table [\(name)] is defined twice (first on line \(existing.line))")
                    }
                    table.isExplicit = true
                    table.line = line
                    parent[key] = TOMLNode(.table(table), line: line)
                } else {
                    parent[key] = TOMLNode(.table(TOMLTable(line: line)), line: line)
                }
            }
        } catch let failure {
            throw TOMLError(line: line, column: 1, message: failure.message)
        }
    }

    /// Appends a new table to the array of tables `[[path]]`.
    static func appendArrayElement(
        at path: [String], line: Int, in root: inout TOMLTable, name: String
    )
        throws(TOMLError)
    {
        do {
            try descend(path.dropLast(), in: &root) { (parent: inout TOMLTable) throws(TableTreeError) in
                let key = path[path.count - 1]
                let element = TOMLNode(.table(TOMLTable(line: line)), line: line)
                if let existing = parent[key] {
                    guard case .array(let elements) = existing.value, parent.isArrayOfTables(key) else {
                        throw TableTreeError(message: "[[\(name)]] redefines key \(key) (line \(existing.line))")
                    }
                    parent[key] = TOMLNode(.array(elements + [element]), line: existing.line)
                } else {
                    parent[key] = TOMLNode(.array([element]), line: line)
                    parent.markArrayOfTables(key)
                }
            }
        } catch let failure {
            throw TOMLError(line: line, column: 1, message: failure.message)
        }
    }

    /// Assigns `key = value` where the key path is `path` (table path + dotted key).
    static func assign(
        _ node: TOMLNode, to path: [String], keyDepth: Int, in root: inout TOMLTable
    )
        throws(TableTreeError)
    {
        try descend(path.dropLast(), in: &root) { (table: inout TOMLTable) throws(TableTreeError) in
            let key = path[path.count - 1]
            if let existing = table[key] {
                throw TableTreeError(
                    message: "key \(path.joined(separator: ".")) is defined twice (first on line \(existing.line))")
            }
            table[key] = node
        }
    }

    /// Walks to the table at `path`, creating implicit tables and entering the last
    /// element of arrays of tables, then runs `body` on it.
    private static func descend(
        _ path: ArraySlice<String>, in table: inout TOMLTable,
        _ body: (inout TOMLTable) throws(TableTreeError) -> Void
    ) throws(TableTreeError) {
        guard let key = path.first else {
            if table.isSealed { throw TableTreeError(message: "inline tables cannot be extended") }
            try body(&table)
            return
        }
        let rest = path.dropFirst()
        guard let existing = table[key] else {
            if table.isSealed { throw TableTreeError(message: "inline tables cannot be extended") }
            var child = TOMLTable(line: 0, isExplicit: false)
            try descend(rest, in: &child, body)
            table[key] = TOMLNode(.table(child), line: child.line)
            return
        }
        switch existing.value {
        case .table(var child):
            if child.isSealed { throw TableTreeError(message: "inline table \(key) cannot be extended") }
            try descend(rest, in: &child, body)
            table[key] = TOMLNode(.table(child), line: existing.line)
        case .array(var elements) where table.isArrayOfTables(key):
            guard case .table(var last) = elements[elements.count - 1].value else {
                throw TableTreeError(message: "key \(key) is not a table")
            }
            try descend(rest, in: &last, body)
            elements[elements.count - 1].value = .table(last)
            table[key] = TOMLNode(.array(elements), line: existing.line)
        default:
            throw TableTreeError(
                message: "key \(key) is already a \(existing.value.typeName) (line \(existing.line)), not a table")
        }
    }
}
