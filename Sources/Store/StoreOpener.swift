import CSQLite

/// Opens a store file: identifies it, checks it, configures the connection and migrates it.
enum StoreOpener {
    /// Opens `configuration.path` (creating it when missing) and brings it to the current schema.
    /// - Throws: `StoreError.foreignDatabase`, `.schemaTooNew`, `.integrityCheckFailed`, or
    ///   `.sqlite` (e.g. SQLITE_NOTADB for a file that is not SQLite, SQLITE_CANTOPEN).
    static func open(_ configuration: StoreConfiguration) throws -> Database {
        let database = try Database(path: configuration.path, mode: .readWriteCreate)
        sqlite3_busy_timeout(database.liveHandle, configuration.busyTimeoutMillis)

        // Identify the file before changing anything in it.
        let version: Int
        let isNew: Bool
        do {
            let applicationID = Int32(truncatingIfNeeded: try database.pragmaInteger("application_id"))
            version = Int(try database.pragmaInteger("user_version"))
            isNew = try tableCount(database) == 0
            if applicationID != StoreSchema.applicationID && !(applicationID == 0 && isNew) {
                throw StoreError.foreignDatabase(path: configuration.path, applicationID: applicationID)
            }
        } catch let error as StoreError {
            throw corruptionAsIntegrityFailure(error, path: configuration.path)
        }
        if version > StoreSchema.currentVersion {
            throw StoreError.schemaTooNew(
                path: configuration.path, found: version, supported: StoreSchema.currentVersion)
        }

        if isNew {
            try prepareNewFile(database, pageSizeBytes: configuration.pageSizeBytes)
        } else {
            try checkIntegrity(database, configuration.integrityCheck)
        }
        try configureConnection(database, synchronous: configuration.synchronous)
        guard (1...1_000_000).contains(configuration.walAutocheckpointPages) else {
            throw StoreError.invalidArgument(
                name: "WAL checkpoint interval",
                reason: "\(configuration.walAutocheckpointPages) pages, expected 1…1,000,000")
        }
        // Pragmas take no bound parameters; the value is a range-checked integer.
        _ = try database.pragmaInteger("wal_autocheckpoint = \(configuration.walAutocheckpointPages)")
        try migrate(database, upTo: StoreSchema.currentVersion)
        if let maxPageCount = configuration.maxPageCount {
            // Pragmas take no bound parameters; the value is an integer we format ourselves.
            _ = try database.pragmaInteger("max_page_count = \(maxPageCount)")
        }
        return database
    }

    /// Page size and incremental auto-vacuum: both only take effect before the first table.
    static func prepareNewFile(_ database: Database, pageSizeBytes: Int) throws {
        guard [4096, 8192, 16384, 32768, 65536].contains(pageSizeBytes) else {
            throw StoreError.invalidArgument(
                name: "page size", reason: "\(pageSizeBytes) is not 4, 8, 16, 32 or 64 KiB")
        }
        try database.execute("PRAGMA page_size = \(pageSizeBytes)")
        try database.execute("PRAGMA auto_vacuum = INCREMENTAL")
    }

    /// WAL, synchronous NORMAL, foreign keys, a bounded WAL file.
    ///
    /// WAL + `synchronous = NORMAL`: commits are not fsynced individually; the WAL is synced at
    /// checkpoints. A crash or SIGKILL of the agent loses nothing that committed (the OS holds
    /// the written pages); a power loss may lose the last commits but never corrupts the file.
    /// For windows that is the right trade on an SD card. Outbox and ledger writes use
    /// `Database.Durability.full` per transaction.
    static func configureConnection(
        _ database: Database, synchronous: StoreConfiguration.Synchronous = .normal
    ) throws {
        let mode = try database.pragmaText("journal_mode = WAL")
        guard mode.lowercased() == "wal" else {
            throw StoreError.sqlite(
                code: SQLITE_ERROR, message: "journal_mode is \(mode), WAL could not be enabled",
                sql: "PRAGMA journal_mode = WAL", path: database.path)
        }
        database.baseSynchronous = synchronous == .off ? "OFF" : "NORMAL"
        try database.execute("PRAGMA synchronous = \(database.baseSynchronous)")
        try database.execute("PRAGMA foreign_keys = ON")
        // Truncate the WAL back to 64 MiB after checkpoints so it cannot grow unbounded.
        try database.execute("PRAGMA journal_size_limit = 67108864")
    }

    /// Runs migrations `current+1 … target`, each in its own transaction with its version bump.
    static func migrate(_ database: Database, upTo target: Int) throws {
        precondition(target <= StoreSchema.currentVersion, "no migration to version \(target)")
        var version = Int(try database.pragmaInteger("user_version"))
        while version < target {
            let next = version + 1
            try database.transaction {
                try database.execute(StoreSchema.migrations[next - 1])
                // PRAGMA takes no bound parameters; both values are constants of this build.
                try database.execute("PRAGMA user_version = \(next)")
                try database.execute("PRAGMA application_id = \(StoreSchema.applicationID)")
            }
            version = next
        }
    }

    /// Runs the configured integrity check; any answer other than "ok" is a failure.
    static func checkIntegrity(_ database: Database, _ kind: StoreConfiguration.IntegrityCheck) throws {
        let pragma: String
        switch kind {
        case .none: return
        case .quick: pragma = "PRAGMA quick_check(20)"
        case .full: pragma = "PRAGMA integrity_check(20)"
        }
        var problems: [String] = []
        do {
            let statement = try database.prepare(pragma)
            while try statement.step() { problems.append(statement.string(at: 0)) }
        } catch let error as StoreError {
            throw corruptionAsIntegrityFailure(error, path: database.path)
        }
        if problems != ["ok"] {
            throw StoreError.integrityCheckFailed(path: database.path, problems: problems)
        }
    }

    /// Reading a damaged file fails with SQLITE_CORRUPT or SQLITE_NOTADB: report it as what it is.
    private static func corruptionAsIntegrityFailure(_ error: StoreError, path: String) -> StoreError {
        guard let code = error.resultCode, code == SQLITE_CORRUPT || code == SQLITE_NOTADB else { return error }
        return .integrityCheckFailed(path: path, problems: [error.description])
    }

    private static func tableCount(_ database: Database) throws -> Int64 {
        let statement = try database.prepare("SELECT count(*) FROM sqlite_schema")
        _ = try statement.step()
        let count = statement.int64(at: 0)
        statement.reset()
        return count
    }
}
