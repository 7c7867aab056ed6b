/// A failure reading a Parquet file, with where it happened (file, row group, column, page)
/// and what was wrong.
public struct ParquetError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, independent of where.
    public enum Reason: Sendable, Equatable {
        /// A system call failed (`call` names it, `errno` is its error number).
        case io(call: String, errno: Int32)
        /// The bytes are not a Parquet file (bad magic, too short).
        case notParquet(String)
        /// The footer or a page header does not decode as valid Thrift / Parquet metadata.
        case corruptMetadata(String)
        /// A page's contents are inconsistent (levels, values, lengths).
        case corruptPage(String)
        /// A declared size or count is beyond what the bytes or the configured limits allow.
        case limitExceeded(what: String, value: Int, limit: Int)
        /// Decompression failed or produced the wrong size.
        case decompression(codec: String, detail: String)
        /// A feature of the file that this reader does not implement.
        case unsupported(String)
        /// A requested column is missing, repeated or has an unusable type.
        case schema(String)
    }

    /// The file (or in-memory buffer name) being read.
    public var file: String
    /// Row group index (0-based), when the failure is inside one.
    public var rowGroup: Int?
    /// Dotted column path, when the failure concerns one column.
    public var column: String?
    /// Page index within the column chunk (0-based), when the failure is inside one page.
    public var page: Int?
    /// What went wrong.
    public var reason: Reason

    /// Creates an error; context fields are usually filled in by the reader as it unwinds.
    public init(
        file: String = "", rowGroup: Int? = nil, column: String? = nil, page: Int? = nil, reason: Reason
    ) {
        self.file = file
        self.rowGroup = rowGroup
        self.column = column
        self.page = page
        self.reason = reason
    }

    /// A human-readable, single-line description naming the location and the problem.
    public var description: String {
        var parts = ["parquet: \(file.isEmpty ? "<input>" : file)"]
        if let rowGroup { parts.append("row group \(rowGroup)") }
        if let column { parts.append("column '\(column)'") }
        if let page { parts.append("page \(page)") }
        return parts.joined(separator: ", ") + ": " + reasonText
    }

    private var reasonText: String {
        switch reason {
        case .io(let call, let code): return "\(call) failed (errno \(code))"
        case .notParquet(let text): return "not a Parquet file: \(text)"
        case .corruptMetadata(let text): return "corrupt metadata: \(text)"
        case .corruptPage(let text): return "corrupt page: \(text)"
        case .limitExceeded(let what, let value, let limit): return "\(what) is \(value), limit is \(limit)"
        case .decompression(let codec, let detail): return "\(codec) decompression failed: \(detail)"
        case .unsupported(let text): return "unsupported: \(text)"
        case .schema(let text): return "schema: \(text)"
        }
    }

    /// Fills in location fields that are still empty (inner code knows less than outer code).
    func adding(file: String? = nil, rowGroup: Int? = nil, column: String? = nil, page: Int? = nil) -> ParquetError {
        var copy = self
        if copy.file.isEmpty, let file { copy.file = file }
        if copy.rowGroup == nil { copy.rowGroup = rowGroup }
        if copy.column == nil { copy.column = column }
        if copy.page == nil { copy.page = page }
        return copy
    }

    /// Shorthand for a metadata failure.
    static func metadata(_ text: String) -> ParquetError { ParquetError(reason: .corruptMetadata(text)) }

    /// Shorthand for a page-content failure.
    static func page(_ text: String) -> ParquetError { ParquetError(reason: .corruptPage(text)) }
}
