/// The agent's store: one SQLite database in the state directory holding devices, scored
/// windows, label annotations, events, models, the federation outbox, the privacy ledger and
/// node state. Replay and the daemon use it through this type.
///
/// Like `Database`, an `AgentStore` belongs to the one thread that opened it (it is not
/// `Sendable`): open it on the store-writer thread and hand windows to that thread.
/// Other threads that need to read open their own `AgentStore` on the same path.
public final class AgentStore {
    /// The connection (for diagnostics and the rare query this type does not cover).
    public let database: Database
    /// How the store was opened.
    public let configuration: StoreConfiguration
    /// External device id → `devices.id`, filled as devices are seen (devices are never deleted).
    private var deviceRowIDs: [String: Int64] = [:]

    /// Opens (creating and migrating as needed) the store described by `configuration`.
    /// - Throws: `StoreError` — `.integrityCheckFailed` for a damaged file, `.schemaTooNew` for a
    ///   file from a newer build, `.foreignDatabase` for another application's file, `.sqlite`
    ///   for anything SQLite refuses (with its code and message).
    public init(configuration: StoreConfiguration) throws {
        self.configuration = configuration
        self.database = try StoreOpener.open(configuration)
    }

    /// Closes the connection. Pending `BatchedWriter` work must be flushed first.
    /// - Throws: `StoreError.sqlite`.
    public func close() throws {
        try database.close()
    }

    /// Copies the WAL into the main file and truncates it (end of a replay, shutdown), so the
    /// next start does not replay a large WAL and the file alone holds everything.
    /// - Throws: `StoreError.sqlite` (SQLITE_BUSY when a reader keeps the WAL pinned).
    public func checkpoint() throws {
        let statement = try database.prepare("PRAGMA wal_checkpoint(TRUNCATE)")
        guard try statement.step() else { return }
        let busy = statement.int64(at: 0) != 0
        statement.reset()
        if busy {
            throw StoreError.sqlite(
                code: 5, message: "checkpoint could not finish: another connection is reading",
                sql: statement.sql, path: database.path)
        }
    }

    /// The schema version of the open file (always `StoreSchema.currentVersion` after open).
    public func schemaVersion() throws -> Int {
        Int(try database.pragmaInteger("user_version"))
    }

    // MARK: - Devices

    /// Records that `externalID` was seen at `seenAtMicros` and returns its row id.
    /// Must run inside a transaction when called for many windows (the window writer does).
    /// - Throws: `StoreError.sqlite`.
    @discardableResult
    public func upsertDevice(_ externalID: String, seenAtMicros: Int64) throws -> Int64 {
        let statement = try database.prepare(
            """
            INSERT INTO devices (external_id, first_seen_micros, last_seen_micros) VALUES (?1, ?2, ?2)
            ON CONFLICT (external_id) DO UPDATE SET
                last_seen_micros = max(last_seen_micros, excluded.last_seen_micros),
                first_seen_micros = min(first_seen_micros, excluded.first_seen_micros)
            RETURNING id
            """)
        statement.bind(externalID, at: 1)
        statement.bind(seenAtMicros, at: 2)
        guard try statement.step() else { throw StoreError.notFound(what: "device row for \(externalID)") }
        let rowID = statement.int64(at: 0)
        statement.reset()
        deviceRowIDs[externalID] = rowID
        return rowID
    }

    /// The row id of a device already in the table, or nil.
    func deviceRowID(_ externalID: String) throws -> Int64? {
        if let cached = deviceRowIDs[externalID] { return cached }
        let statement = try database.prepare("SELECT id FROM devices WHERE external_id = ?1")
        statement.bind(externalID, at: 1)
        guard try statement.step() else { return nil }
        let rowID = statement.int64(at: 0)
        statement.reset()
        deviceRowIDs[externalID] = rowID
        return rowID
    }

    /// Every known device id with when it was first and last seen (µs), by first sighting.
    /// - Throws: `StoreError.sqlite`.
    public func devices() throws -> [(id: String, firstSeenMicros: Int64, lastSeenMicros: Int64)] {
        let statement = try database.prepare(
            "SELECT external_id, first_seen_micros, last_seen_micros FROM devices ORDER BY first_seen_micros, id")
        var result: [(id: String, firstSeenMicros: Int64, lastSeenMicros: Int64)] = []
        while try statement.step() {
            result.append((statement.string(at: 0), statement.int64(at: 1), statement.int64(at: 2)))
        }
        return result
    }

    // MARK: - Node state

    /// The value stored under `key`, or nil.
    /// - Throws: `StoreError.sqlite`.
    public func nodeState(_ key: String) throws -> [UInt8]? {
        let statement = try database.prepare("SELECT value FROM node_state WHERE key = ?1")
        statement.bind(key, at: 1)
        guard try statement.step() else { return nil }
        let value = statement.blob(at: 0)
        statement.reset()
        return value
    }

    /// Stores `value` under `key` (replacing it), durably (synchronous FULL): node identity and
    /// federation progress must survive power loss.
    /// - Throws: `StoreError.sqlite`.
    public func setNodeState(_ key: String, _ value: [UInt8], nowMicros: Int64) throws {
        try database.transaction(durability: .full) {
            let statement = try database.prepare(
                """
                INSERT INTO node_state (key, value, updated_micros) VALUES (?1, ?2, ?3)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_micros = excluded.updated_micros
                """)
            statement.bind(key, at: 1)
            statement.bind(value, at: 2)
            statement.bind(nowMicros, at: 3)
            try statement.run()
        }
    }

    /// Removes `key`; no error when it is absent.
    /// - Throws: `StoreError.sqlite`.
    public func removeNodeState(_ key: String) throws {
        try database.transaction(durability: .full) {
            let statement = try database.prepare("DELETE FROM node_state WHERE key = ?1")
            statement.bind(key, at: 1)
            try statement.run()
        }
    }
}
