/// The agent's SQLite store (being built: see issue 6).
public enum StoreSchema {
    /// The schema version this build writes.
    public static let currentVersion = 0
}
