/// A model stored in the database: float weights for training, int8 weights for scoring.
public struct StoredModel: Sendable, Equatable {
    /// `models.id`.
    public var id: Int64
    /// Unique version string (e.g. "fedsense-cnn-v1+round-12").
    public var version: String
    /// Float weights as written by the model layer's weight I/O.
    public var floatWeights: [UInt8]
    /// Quantized int8 weights, when quantized.
    public var int8Weights: [UInt8]?
    /// Activation calibration (scales, zero points), when quantized.
    public var calibration: [UInt8]?
    /// Evaluation metrics as a JSON object.
    public var metricsJSON: String
    /// When it was stored (µs).
    public var createdMicros: Int64
    /// True for the one model the scorer uses.
    public var active: Bool
}

extension AgentStore {
    /// Stores a model (inactive) and returns its id. A model with the same version is replaced
    /// (keeping its active flag).
    /// - Throws: `StoreError.sqlite`.
    @discardableResult
    public func saveModel(
        version: String, floatWeights: [UInt8], int8Weights: [UInt8]?, calibration: [UInt8]?,
        metricsJSON: String = "{}", createdMicros: Int64
    ) throws -> Int64 {
        try database.transaction(durability: .full) {
            let statement = try database.prepare(
                """
                INSERT INTO models (version, float_weights, int8_weights, calibration, metrics_json, created_micros)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                ON CONFLICT (version) DO UPDATE SET float_weights = excluded.float_weights,
                    int8_weights = excluded.int8_weights, calibration = excluded.calibration,
                    metrics_json = excluded.metrics_json, created_micros = excluded.created_micros
                RETURNING id
                """)
            statement.bind(version, at: 1)
            statement.bind(floatWeights, at: 2)
            if let int8Weights { statement.bind(int8Weights, at: 3) } else { statement.bindNull(at: 3) }
            if let calibration { statement.bind(calibration, at: 4) } else { statement.bindNull(at: 4) }
            statement.bind(metricsJSON, at: 5)
            statement.bind(createdMicros, at: 6)
            guard try statement.step() else { throw StoreError.notFound(what: "model row for \(version)") }
            let id = statement.int64(at: 0)
            statement.reset()
            return id
        }
    }

    /// Makes model `id` the active one (and no other).
    /// - Throws: `StoreError.notFound` when there is no such model, `.sqlite`.
    public func activateModel(id: Int64) throws {
        try database.transaction(durability: .full) {
            let clear = try database.prepare("UPDATE models SET active = 0 WHERE active = 1 AND id != ?1")
            clear.bind(id, at: 1)
            try clear.run()
            let set = try database.prepare("UPDATE models SET active = 1 WHERE id = ?1")
            set.bind(id, at: 1)
            try set.run()
            if database.changes == 0 { throw StoreError.notFound(what: "model \(id)") }
        }
    }

    /// The active model, or nil when none is active.
    /// - Throws: `StoreError.sqlite`.
    public func activeModel() throws -> StoredModel? {
        try model(whereClause: "active = 1", bind: { _ in })
    }

    /// The model with `version`, or nil.
    /// - Throws: `StoreError.sqlite`.
    public func model(version: String) throws -> StoredModel? {
        try model(whereClause: "version = ?1", bind: { $0.bind(version, at: 1) })
    }

    private func model(whereClause: String, bind: (Statement) -> Void) throws -> StoredModel? {
        let statement = try database.prepare(
            """
            SELECT id, version, float_weights, int8_weights, calibration, metrics_json, created_micros, active
            FROM models WHERE \(whereClause) LIMIT 1
            """)
        bind(statement)
        guard try statement.step() else { return nil }
        let model = StoredModel(
            id: statement.int64(at: 0), version: statement.string(at: 1), floatWeights: statement.blob(at: 2),
            int8Weights: statement.isNull(at: 3) ? nil : statement.blob(at: 3),
            calibration: statement.isNull(at: 4) ? nil : statement.blob(at: 4), metricsJSON: statement.string(at: 5),
            createdMicros: statement.int64(at: 6), active: statement.int64(at: 7) != 0)
        statement.reset()
        return model
    }
}
