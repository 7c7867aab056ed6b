import CSQLite

/// One SQLite connection.
///
/// Threading model: a `Database` belongs to the thread that opened it. It is opened with
/// `SQLITE_OPEN_NOMUTEX` (SQLite's "multi-thread" mode): the connection and its statements
/// carry no mutex of their own because exactly one thread ever touches them, which the type
/// system enforces — `Database` and `Statement` are not `Sendable`, so Swift 6 refuses to
/// share them between threads. Several connections (one per thread, e.g. the store writer and
/// a status reader) may use the same file at once; WAL mode lets readers run beside the one
/// writer, and the busy timeout absorbs short writer-writer contention. `FULLMUTEX` would
/// only add a lock to every call to protect a sharing pattern we never use.
///
/// Every call blocks (disk I/O, fsync, busy waits), so run a `Database` on a dedicated
/// thread, never on the Swift concurrency cooperative pool.
public final class Database {
    /// How to open the file.
    public enum OpenMode: Sendable {
        /// Read and write; the file must exist.
        case readWrite
        /// Read and write; create the file when it does not exist.
        case readWriteCreate
        /// Read only (status and diagnostics).
        case readOnly
    }

    /// The file this connection uses (as given to `init`).
    public let path: String
    /// The raw handle; valid until `close()`.
    internal private(set) var handle: OpaquePointer?
    /// The `synchronous` level the connection returns to after a `.full` transaction; set by
    /// the store when it configures the connection (SQL keyword: "NORMAL" or "OFF").
    internal var baseSynchronous = "NORMAL"
    /// Prepared statements keyed by their SQL, reused for the life of the connection.
    private var statementCache: [String: Statement] = [:]

    /// Opens (or creates) the SQLite file at `path`.
    /// - Throws: `StoreError.sqlite` with the result code and message when SQLite cannot open it.
    public init(path: String, mode: OpenMode = .readWriteCreate) throws {
        self.path = path
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var raw: OpaquePointer?
        let code = sqlite3_open_v2(path, &raw, flags, nil)
        guard code == SQLITE_OK, let raw else {
            let message = raw.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(raw)
            throw StoreError.sqlite(code: code, message: message, sql: nil, path: path)
        }
        handle = raw
    }

    deinit {
        // Statements must be finalized before the connection; close_v2 tolerates stragglers.
        for statement in statementCache.values { statement.finalize() }
        sqlite3_close_v2(handle)
    }

    /// Finalizes every cached statement and closes the connection. Safe to call twice.
    /// - Throws: `StoreError.sqlite` when SQLite refuses to close (e.g. an unfinalized statement).
    public func close() throws {
        guard let handle else { return }
        for statement in statementCache.values { statement.finalize() }
        statementCache.removeAll()
        let code = sqlite3_close(handle)
        guard code == SQLITE_OK else { throw error(code: code, sql: nil) }
        self.handle = nil
    }

    /// Runs SQL without parameters: DDL and pragmas only. Values never go into SQL text;
    /// use `prepare(_:)` and bind them.
    /// - Throws: `StoreError.sqlite` naming the SQL.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(liveHandle, sql, nil, nil, &errorMessage)
        if code != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(errorMessage)
            throw StoreError.sqlite(
                code: sqlite3_extended_errcode(liveHandle), message: message, sql: sql, path: path)
        }
    }

    /// A prepared statement for `sql`, taken from this connection's cache (or prepared and
    /// cached). The statement comes back reset with its bindings cleared.
    /// - Throws: `StoreError.sqlite` when the SQL does not compile.
    public func prepare(_ sql: String) throws -> Statement {
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let code = sqlite3_prepare_v3(liveHandle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard code == SQLITE_OK, let raw else { throw error(code: code, sql: sql) }
        let statement = Statement(handle: raw, sql: sql, database: self)
        statementCache[sql] = statement
        return statement
    }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(liveHandle) }

    /// Rows changed by the last INSERT/UPDATE/DELETE on this connection.
    public var changes: Int { Int(sqlite3_changes64(liveHandle)) }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(liveHandle) == 0 }

    /// The handle, trapping when used after `close()` (a programmer error).
    internal var liveHandle: OpaquePointer {
        guard let handle else { fatalError("Database \(path) used after close()") }
        return handle
    }

    /// A `StoreError` for a failed call on this connection, with SQLite's current message.
    internal func error(code: Int32, sql: String?) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        // errmsg/extended code belong to the most recent call; keep the caller's code if they disagree.
        return StoreError.sqlite(
            code: extended & 0xff == code & 0xff ? extended : code, message: message, sql: sql, path: path)
    }
}
