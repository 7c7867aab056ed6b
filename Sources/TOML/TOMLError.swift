/// A TOML syntax or structure error, with the 1-based line and column where it was found.
public struct TOMLError: Error, Equatable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column (in bytes).
    public var column: Int
    /// What is wrong, as a sentence fragment ("expected '=' after key name").
    public var message: String

    /// Creates an error.
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}
