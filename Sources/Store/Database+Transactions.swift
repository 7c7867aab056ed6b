import CSQLite

extension Database {
    /// How durable a transaction's commit must be.
    public enum Durability: Sendable {
        /// The connection's default (`synchronous = NORMAL` in WAL): survives a crash or kill
        /// of the agent; the last commits may be lost on power loss, never corrupted.
        case normal
        /// `synchronous = FULL` for this commit: the WAL is fsynced before `COMMIT` returns, so
        /// the commit survives power loss too. For the outbox and the privacy ledger, where a
        /// lost row means a lost federated reply or an under-counted privacy budget.
        case full
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; rolls back when `body` throws.
    ///
    /// IMMEDIATE takes the write lock at the start, so a busy database fails (after the busy
    /// timeout) before any work is done rather than at the first write.
    /// `synchronous` is a per-connection setting, so a `.full` transaction switches it to FULL
    /// before `BEGIN` and back to the connection's level (NORMAL, or OFF for a scratch store)
    /// after `COMMIT`/`ROLLBACK` (it cannot change inside a transaction).
    /// - Throws: what `body` throws, or `StoreError.sqlite` from BEGIN/COMMIT (e.g. SQLITE_FULL).
    public func transaction<Result>(
        durability: Durability = .normal, _ body: () throws -> Result
    ) throws -> Result {
        precondition(!isInTransaction, "nested transaction on \(path)")
        if durability == .full { try execute("PRAGMA synchronous = FULL") }
        defer { if durability == .full { try? execute("PRAGMA synchronous = \(baseSynchronous)") } }

        try execute("BEGIN IMMEDIATE")
        let result: Result
        do {
            result = try body()
            try execute("COMMIT")
        } catch {
            // After some errors (SQLITE_FULL, IOERR) SQLite has already rolled back; only roll
            // back when a transaction is still open so the original error is what surfaces.
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
        return result
    }

    /// The integer value of a pragma that returns one (`page_count`, `user_version`, …).
    /// `name` must be a fixed pragma name, never a value from outside.
    /// - Throws: `StoreError.sqlite`.
    public func pragmaInteger(_ name: String) throws -> Int64 {
        let statement = try prepare("PRAGMA \(name)")
        guard try statement.step() else { return 0 }
        let value = statement.int64(at: 0)
        statement.reset()
        return value
    }

    /// The text value of a pragma that returns one (`journal_mode`).
    /// - Throws: `StoreError.sqlite`.
    public func pragmaText(_ name: String) throws -> String {
        let statement = try prepare("PRAGMA \(name)")
        guard try statement.step() else { return "" }
        let value = statement.string(at: 0)
        statement.reset()
        return value
    }
}
