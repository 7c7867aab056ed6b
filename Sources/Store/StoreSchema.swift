/// The store's schema and its history, as forward migrations.
///
/// `PRAGMA user_version` holds the number of migrations applied; migration *n* takes a
/// database from version n-1 to n. A database is only ever migrated forward, one step per
/// transaction, so an interrupted upgrade resumes from the last completed step. Never edit a
/// released migration: add a new one.
///
/// `PRAGMA application_id` marks the file as ours, so the agent never alters somebody else's
/// SQLite database that happens to sit at the configured path.
public enum StoreSchema {
    /// `application_id` of every edge-agent store: ASCII "EAG1".
    public static let applicationID: Int32 = 0x4541_4731

    /// The schema version this build writes (the number of migrations).
    public static var currentVersion: Int { migrations.count }

    /// The migrations in order; `migrations[n - 1]` takes version n-1 to n.
    static let migrations: [String] = [version1, version2, version3]

    /// Version 1: devices, windows, labels, events, models and node state.
    static let version1 = """
        CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            external_id TEXT NOT NULL UNIQUE,
            first_seen_micros INTEGER NOT NULL,
            last_seen_micros INTEGER NOT NULL
        );
        CREATE TABLE windows (
            id INTEGER PRIMARY KEY,
            device_id INTEGER NOT NULL REFERENCES devices(id),
            start_micros INTEGER NOT NULL,
            end_micros INTEGER NOT NULL CHECK (end_micros > start_micros),
            data BLOB NOT NULL,
            score REAL NOT NULL,
            flagged INTEGER NOT NULL CHECK (flagged IN (0, 1)),
            label INTEGER CHECK (label IN (0, 1)),
            model_version TEXT NOT NULL
        );
        CREATE UNIQUE INDEX windows_by_device_time ON windows(device_id, start_micros);
        CREATE TABLE label_annotations (
            id INTEGER PRIMARY KEY,
            device_id INTEGER NOT NULL REFERENCES devices(id),
            start_micros INTEGER NOT NULL,
            end_micros INTEGER NOT NULL CHECK (end_micros >= start_micros),
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            created_micros INTEGER NOT NULL
        );
        CREATE INDEX label_annotations_by_device_time ON label_annotations(device_id, start_micros);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            device_id INTEGER NOT NULL REFERENCES devices(id),
            start_micros INTEGER NOT NULL,
            end_micros INTEGER NOT NULL CHECK (end_micros >= start_micros),
            peak_score REAL NOT NULL,
            window_count INTEGER NOT NULL CHECK (window_count >= 1),
            acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1))
        );
        CREATE INDEX events_by_device_end ON events(device_id, end_micros);
        CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            version TEXT NOT NULL UNIQUE,
            float_weights BLOB NOT NULL,
            int8_weights BLOB,
            calibration BLOB,
            metrics_json TEXT NOT NULL DEFAULT '{}',
            created_micros INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
        );
        CREATE UNIQUE INDEX models_single_active ON models(active) WHERE active = 1;
        CREATE TABLE node_state (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL,
            updated_micros INTEGER NOT NULL
        ) WITHOUT ROWID;
        """

    /// Version 2: the federation outbox and the privacy ledger.
    static let version2 = """
        CREATE TABLE outbox (
            message_id TEXT PRIMARY KEY,
            run_id INTEGER NOT NULL,
            payload BLOB NOT NULL,
            created_micros INTEGER NOT NULL,
            expires_micros INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent'))
        );
        CREATE INDEX outbox_by_state_created ON outbox(state, created_micros);
        CREATE TABLE privacy_ledger (
            id INTEGER PRIMARY KEY,
            scope TEXT NOT NULL,
            run_id INTEGER NOT NULL,
            epsilon REAL NOT NULL CHECK (epsilon >= 0),
            delta REAL NOT NULL CHECK (delta >= 0 AND delta < 1),
            steps INTEGER NOT NULL CHECK (steps >= 0),
            noise_multiplier REAL NOT NULL,
            sampling_rate REAL NOT NULL CHECK (sampling_rate >= 0 AND sampling_rate <= 1),
            recorded_micros INTEGER NOT NULL
        );
        CREATE INDEX privacy_ledger_by_scope ON privacy_ledger(scope, recorded_micros);
        """

    /// Version 3: per-window labelled-sample counts (for the shared window label rule) and
    /// the time an event was acknowledged. Existing acknowledged events get their end time.
    static let version3 = """
        ALTER TABLE windows ADD COLUMN labelled_samples INTEGER CHECK (labelled_samples >= 0);
        ALTER TABLE windows ADD COLUMN total_samples INTEGER CHECK (total_samples >= 0);
        ALTER TABLE events ADD COLUMN acknowledged_micros INTEGER;
        UPDATE events SET acknowledged_micros = end_micros WHERE acknowledged = 1;
        """
}
