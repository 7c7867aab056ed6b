import CSQLite

/// A prepared SQLite statement, owned by the `Database` that prepared it (see its threading
/// model). Parameters are 1-based, as in SQLite; columns are 0-based.
///
/// Typical use: `let s = try db.prepare(sql); s.bind(x, at: 1); while try s.step() { … }`.
/// The statement is reset when it is fetched from the cache again, or by `reset()`.
public final class Statement {
    /// The raw handle; nil after `finalize()`.
    private var handle: OpaquePointer?
    /// The SQL text, for error messages.
    public let sql: String
    /// The connection, for error messages (unowned: the connection owns its statements).
    private unowned let database: Database

    /// Wraps a freshly prepared handle.
    internal init(handle: OpaquePointer, sql: String, database: Database) {
        self.handle = handle
        self.sql = sql
        self.database = database
    }

    /// Releases the handle (done by the connection when it closes).
    internal func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    /// Resets the statement for another run and clears its bindings.
    public func reset() {
        sqlite3_reset(live)
        sqlite3_clear_bindings(live)
    }

    private var live: OpaquePointer {
        guard let handle else { fatalError("statement used after its database closed: \(sql)") }
        return handle
    }

    // MARK: - Binding

    /// Binds a 64-bit integer to parameter `index` (1-based).
    public func bind(_ value: Int64, at index: Int32) {
        sqlite3_bind_int64(live, index, value)
    }

    /// Binds an `Int` to parameter `index` (1-based).
    public func bind(_ value: Int, at index: Int32) {
        sqlite3_bind_int64(live, index, Int64(value))
    }

    /// Binds a double to parameter `index` (1-based).
    public func bind(_ value: Double, at index: Int32) {
        sqlite3_bind_double(live, index, value)
    }

    /// Binds UTF-8 text to parameter `index` (1-based); SQLite copies it.
    public func bind(_ value: String, at index: Int32) {
        sqlite3_bind_text(live, index, value, -1, sqliteTransient)
    }

    /// Binds a blob to parameter `index` (1-based); SQLite copies the bytes.
    public func bind(_ bytes: [UInt8], at index: Int32) {
        let handle = live
        bytes.withUnsafeBytes { raw in
            // A zero-length blob must still be a blob, not NULL: pass a valid pointer.
            let base = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
            _ = sqlite3_bind_blob64(handle, index, base, UInt64(raw.count), sqliteTransient)
        }
    }

    /// Binds SQL NULL to parameter `index` (1-based).
    public func bindNull(at index: Int32) {
        sqlite3_bind_null(live, index)
    }

    /// Binds an optional integer: NULL when nil.
    public func bind(_ value: Int64?, at index: Int32) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    /// Binds an optional double: NULL when nil.
    public func bind(_ value: Double?, at index: Int32) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    /// Binds optional text: NULL when nil.
    public func bind(_ value: String?, at index: Int32) {
        if let value { bind(value, at: index) } else { bindNull(at: index) }
    }

    // MARK: - Running

    /// Advances the statement: true when a row is ready to read, false when done.
    /// - Throws: `StoreError.sqlite` with the result code, message and this statement's SQL.
    @discardableResult
    public func step() throws -> Bool {
        let code = sqlite3_step(live)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(code: code, sql: sql)
            sqlite3_reset(live)
            throw error
        }
    }

    /// Runs a statement that returns no rows (INSERT/UPDATE/DELETE) and resets it.
    /// - Throws: `StoreError.sqlite`.
    public func run() throws {
        while try step() {}
        sqlite3_reset(live)
    }

    // MARK: - Columns

    /// True when column `index` (0-based) of the current row is NULL.
    public func isNull(at index: Int32) -> Bool { sqlite3_column_type(live, index) == SQLITE_NULL }

    /// Column `index` as a 64-bit integer (0 for NULL).
    public func int64(at index: Int32) -> Int64 { sqlite3_column_int64(live, index) }

    /// Column `index` as an `Int` (0 for NULL).
    public func int(at index: Int32) -> Int { Int(sqlite3_column_int64(live, index)) }

    /// Column `index` as a double (0 for NULL).
    public func double(at index: Int32) -> Double { sqlite3_column_double(live, index) }

    /// Column `index` as text ("" for NULL).
    public func string(at index: Int32) -> String {
        guard let text = sqlite3_column_text(live, index) else { return "" }
        return String(cString: text)
    }

    /// Column `index` as bytes (empty for NULL).
    public func blob(at index: Int32) -> [UInt8] {
        withBlob(at: index) { Array($0) }
    }

    /// Calls `body` with the bytes of column `index`, valid only during the call (no copy).
    public func withBlob<Result>(
        at index: Int32, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows
        -> Result
    {
        let pointer = sqlite3_column_blob(live, index)
        let count = Int(sqlite3_column_bytes(live, index))
        return try body(UnsafeRawBufferPointer(start: count > 0 ? pointer : nil, count: count))
    }

    /// Column `index` as an optional integer (nil for NULL).
    public func optionalInt64(at index: Int32) -> Int64? { isNull(at: index) ? nil : int64(at: index) }

    /// Column `index` as an optional double (nil for NULL).
    public func optionalDouble(at index: Int32) -> Double? { isNull(at: index) ? nil : double(at: index) }

    /// Column `index` as optional text (nil for NULL).
    public func optionalString(at index: Int32) -> String? { isNull(at: index) ? nil : string(at: index) }
}

/// SQLite's SQLITE_TRANSIENT destructor (a C macro that Swift does not import): tells SQLite
/// to copy the bound bytes before the bind call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
