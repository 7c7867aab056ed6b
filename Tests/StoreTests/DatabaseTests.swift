import Testing

@testable import Store

@Suite struct DatabaseTests {
    private func scratch() throws -> Database {
        let (store, path) = try makeStore("db")
        try store.close()
        return try Database(path: path)
    }

    @Test func typedBindingsRoundTrip() throws {
        let database = try scratch()
        try database.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n INTEGER)")
        let insert = try database.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)")
        insert.bind(Int64.min, at: 1)
        insert.bind(-0.125, at: 2)
        insert.bind("héllo 'quoted'; DROP TABLE t", at: 3)
        insert.bind([0, 255, 7], at: 4)
        insert.bind(nil as Int64?, at: 5)
        try insert.run()

        let select = try database.prepare("SELECT i, r, s, b, n FROM t")
        #expect(try select.step())
        #expect(select.int64(at: 0) == Int64.min)
        #expect(select.double(at: 1) == -0.125)
        #expect(select.string(at: 2) == "héllo 'quoted'; DROP TABLE t")
        #expect(select.blob(at: 3) == [0, 255, 7])
        #expect(select.optionalInt64(at: 4) == nil)
        #expect(try !select.step())
    }

    @Test func preparedStatementsAreCachedAndReset() throws {
        let database = try scratch()
        let first = try database.prepare("SELECT ?1")
        first.bind(5, at: 1)
        #expect(try first.step())
        let second = try database.prepare("SELECT ?1")
        #expect(first === second)
        // Fetched again: reset with bindings cleared, so the parameter is NULL.
        #expect(try second.step())
        #expect(second.isNull(at: 0))
    }

    @Test func errorsCarryCodeMessageAndStatement() throws {
        let database = try scratch()
        #expect {
            _ = try database.prepare("SELEKT 1")
        } throws: { error in
            guard case .sqlite(let code, let message, let sql, _) = error as? StoreError else { return false }
            return code == 1 && message.contains("syntax error") && sql == "SELEKT 1"
        }

        try database.execute("CREATE TABLE u (k TEXT PRIMARY KEY)")
        let insert = try database.prepare("INSERT INTO u VALUES (?1)")
        insert.bind("a", at: 1)
        try insert.run()
        insert.bind("a", at: 1)
        #expect {
            try insert.run()
        } throws: { error in
            guard let error = error as? StoreError, case .sqlite(_, let message, let sql, _) = error else {
                return false
            }
            // SQLITE_CONSTRAINT (19), with the statement in the message for the log.
            return error.resultCode == 19 && message.contains("UNIQUE") && sql == "INSERT INTO u VALUES (?1)"
                && error.description.contains("INSERT INTO u")
        }
    }

    @Test func failedTransactionRollsBack() throws {
        let database = try scratch()
        try database.execute("CREATE TABLE v (x INTEGER)")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try database.transaction {
                let insert = try database.prepare("INSERT INTO v VALUES (1)")
                try insert.run()
                throw Abort()
            }
        }
        #expect(!database.isInTransaction)
        #expect(try database.pragmaInteger("data_version") >= 0)
        let count = try database.prepare("SELECT count(*) FROM v")
        #expect(try count.step())
        #expect(count.int(at: 0) == 0)
        count.reset()

        try database.transaction(durability: .full) { try database.prepare("INSERT INTO v VALUES (2)").run() }
        // The FULL commit path restores the connection's NORMAL setting (1) afterwards.
        #expect(try database.pragmaInteger("synchronous") == 1)
        #expect(try count.step())
        #expect(count.int(at: 0) == 1)
    }
}
