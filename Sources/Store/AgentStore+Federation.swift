/// A federated reply waiting in the outbox.
public struct OutboxMessage: Sendable, Equatable {
    /// The message id (content address or coordinator-assigned id); unique.
    public var messageID: String
    /// The Flower run it belongs to.
    public var runID: Int64
    /// The serialized reply.
    public var payload: [UInt8]
    /// When it was written (µs).
    public var createdMicros: Int64
    /// After this (µs) the coordinator no longer accepts it; it is dropped.
    public var expiresMicros: Int64
    /// How many sends were attempted.
    public var attempts: Int
}

/// One privacy-ledger row: the cost of one round of local DP training.
public struct PrivacyLedgerEntry: Sendable, Equatable {
    /// What the budget is kept for (a device id, or "node" for the whole gateway).
    public var scope: String
    /// The Flower run.
    public var runID: Int64
    /// ε spent by this round (as computed by the accountant for this round alone).
    public var epsilon: Double
    /// δ of that guarantee.
    public var delta: Double
    /// DP-SGD steps taken.
    public var steps: Int
    /// Noise standard deviation over clipping norm.
    public var noiseMultiplier: Double
    /// Batch sampling rate q.
    public var samplingRate: Double
    /// When it was recorded (µs).
    public var recordedMicros: Int64

    /// Creates an entry.
    public init(
        scope: String, runID: Int64, epsilon: Double, delta: Double, steps: Int, noiseMultiplier: Double,
        samplingRate: Double, recordedMicros: Int64
    ) {
        self.scope = scope
        self.runID = runID
        self.epsilon = epsilon
        self.delta = delta
        self.steps = steps
        self.noiseMultiplier = noiseMultiplier
        self.samplingRate = samplingRate
        self.recordedMicros = recordedMicros
    }
}

extension AgentStore {
    // MARK: - Outbox (durable: synchronous FULL)

    /// Writes a reply to the outbox before it is sent; fsynced so power loss cannot lose it.
    /// - Throws: `StoreError.sqlite` (a duplicate message id is a constraint error).
    public func putOutbox(
        messageID: String, runID: Int64, payload: [UInt8], createdMicros: Int64, expiresMicros: Int64
    )
        throws
    {
        try database.transaction(durability: .full) {
            let statement = try database.prepare(
                """
                INSERT INTO outbox (message_id, run_id, payload, created_micros, expires_micros)
                VALUES (?1, ?2, ?3, ?4, ?5)
                """)
            statement.bind(messageID, at: 1)
            statement.bind(runID, at: 2)
            statement.bind(payload, at: 3)
            statement.bind(createdMicros, at: 4)
            statement.bind(expiresMicros, at: 5)
            try statement.run()
        }
    }

    /// Pending (unsent) messages, oldest first, at most `limit`.
    /// - Throws: `StoreError.sqlite`.
    public func peekOutbox(limit: Int = 16) throws -> [OutboxMessage] {
        let statement = try database.prepare(
            """
            SELECT message_id, run_id, payload, created_micros, expires_micros, attempts FROM outbox
            WHERE state = 'pending' ORDER BY created_micros, message_id LIMIT ?1
            """)
        statement.bind(limit, at: 1)
        var result: [OutboxMessage] = []
        while try statement.step() {
            result.append(
                OutboxMessage(
                    messageID: statement.string(at: 0), runID: statement.int64(at: 1), payload: statement.blob(at: 2),
                    createdMicros: statement.int64(at: 3), expiresMicros: statement.int64(at: 4),
                    attempts: statement.int(at: 5)))
        }
        return result
    }

    /// Counts one send attempt of `messageID`.
    /// - Throws: `StoreError.sqlite`.
    public func recordOutboxAttempt(messageID: String) throws {
        try outboxUpdate("UPDATE outbox SET attempts = attempts + 1 WHERE message_id = ?1", messageID: messageID)
    }

    /// Marks `messageID` sent (its payload is released).
    /// - Throws: `StoreError.notFound` for an unknown id, `.sqlite`.
    public func markOutboxSent(messageID: String) throws {
        try outboxUpdate("UPDATE outbox SET state = 'sent', payload = x'' WHERE message_id = ?1", messageID: messageID)
    }

    /// Removes pending messages that expired at or before `nowMicros` and returns their ids
    /// (the caller logs each drop).
    /// - Throws: `StoreError.sqlite`.
    public func dropExpiredOutbox(nowMicros: Int64) throws -> [String] {
        try database.transaction(durability: .full) {
            let statement = try database.prepare(
                "DELETE FROM outbox WHERE state = 'pending' AND expires_micros <= ?1 RETURNING message_id")
            statement.bind(nowMicros, at: 1)
            var dropped: [String] = []
            while try statement.step() { dropped.append(statement.string(at: 0)) }
            return dropped.sorted()
        }
    }

    /// Deletes sent messages created before `olderThanMicros` (their ids were kept so a late
    /// duplicate can be recognised); returns how many went.
    /// - Throws: `StoreError.sqlite`.
    @discardableResult
    public func purgeSentOutbox(olderThanMicros: Int64) throws -> Int {
        try database.transaction {
            let statement = try database.prepare("DELETE FROM outbox WHERE state = 'sent' AND created_micros < ?1")
            statement.bind(olderThanMicros, at: 1)
            try statement.run()
            return database.changes
        }
    }

    private func outboxUpdate(_ sql: String, messageID: String) throws {
        try database.transaction(durability: .full) {
            let statement = try database.prepare(sql)
            statement.bind(messageID, at: 1)
            try statement.run()
            if database.changes == 0 { throw StoreError.notFound(what: "outbox message \(messageID)") }
        }
    }

    // MARK: - Privacy ledger (durable: synchronous FULL)

    /// Appends a ledger entry; fsynced so spent budget is never forgotten after power loss.
    /// - Throws: `StoreError.sqlite` (CHECK constraints reject negative ε/δ, δ ≥ 1, q outside 0…1).
    public func appendLedger(_ entry: PrivacyLedgerEntry) throws {
        try database.transaction(durability: .full) {
            let statement = try database.prepare(
                """
                INSERT INTO privacy_ledger (scope, run_id, epsilon, delta, steps, noise_multiplier, sampling_rate,
                                            recorded_micros)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """)
            statement.bind(entry.scope, at: 1)
            statement.bind(entry.runID, at: 2)
            statement.bind(entry.epsilon, at: 3)
            statement.bind(entry.delta, at: 4)
            statement.bind(entry.steps, at: 5)
            statement.bind(entry.noiseMultiplier, at: 6)
            statement.bind(entry.samplingRate, at: 7)
            statement.bind(entry.recordedMicros, at: 8)
            try statement.run()
        }
    }

    /// The ledger entries of `scope`, oldest first (for an accountant that composes them properly).
    /// - Throws: `StoreError.sqlite`.
    public func ledgerEntries(scope: String) throws -> [PrivacyLedgerEntry] {
        let statement = try database.prepare(
            """
            SELECT run_id, epsilon, delta, steps, noise_multiplier, sampling_rate, recorded_micros
            FROM privacy_ledger WHERE scope = ?1 ORDER BY recorded_micros, id
            """)
        statement.bind(scope, at: 1)
        var result: [PrivacyLedgerEntry] = []
        while try statement.step() {
            result.append(
                PrivacyLedgerEntry(
                    scope: scope, runID: statement.int64(at: 0), epsilon: statement.double(at: 1),
                    delta: statement.double(at: 2), steps: statement.int(at: 3),
                    noiseMultiplier: statement.double(at: 4), samplingRate: statement.double(at: 5),
                    recordedMicros: statement.int64(at: 6)))
        }
        return result
    }

    /// Σε and Σδ of `scope` (basic composition: an upper bound; an RDP accountant over
    /// `ledgerEntries` gives a tighter one) and the number of entries.
    /// - Throws: `StoreError.sqlite`.
    public func ledgerSum(scope: String) throws -> (epsilon: Double, delta: Double, entries: Int) {
        let statement = try database.prepare(
            "SELECT coalesce(sum(epsilon), 0), coalesce(sum(delta), 0), count(*) FROM privacy_ledger WHERE scope = ?1")
        statement.bind(scope, at: 1)
        _ = try statement.step()
        let result = (statement.double(at: 0), statement.double(at: 1), statement.int(at: 2))
        statement.reset()
        return result
    }
}
