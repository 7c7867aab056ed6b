/// How much of the database file is in use.
public struct StorageUsage: Sendable, Equatable {
    /// `PRAGMA page_size`.
    public var pageSizeBytes: Int64
    /// `PRAGMA page_count`: pages in the file.
    public var pageCount: Int64
    /// `PRAGMA freelist_count`: pages in the file that hold nothing.
    public var freePageCount: Int64
    /// Bytes holding data: (page_count − freelist_count) × page_size. The WAL file is not
    /// counted; `journal_size_limit` keeps it under 64 MiB after checkpoints.
    public var usedBytes: Int64 { (pageCount - freePageCount) * pageSizeBytes }
    /// Size of the main file: page_count × page_size.
    public var fileBytes: Int64 { pageCount * pageSizeBytes }
}

/// What one quota enforcement did.
public struct EvictionResult: Sendable, Equatable {
    /// Windows deleted (oldest first).
    public var evictedWindows: Int
    /// Used bytes before and after.
    public var usedBytesBefore: Int64
    /// See `usedBytesBefore`.
    public var usedBytesAfter: Int64
    /// True when the store is still over quota with no window left to evict: the rest is
    /// events, labels, models, outbox and ledger, which are never evicted. Log it as a warning.
    public var stillOverQuota: Bool
}

extension AgentStore {
    /// Windows deleted per eviction transaction: small enough to hold the write lock briefly.
    static let evictionChunk = 512

    /// The current page accounting of the file.
    /// - Throws: `StoreError.sqlite`.
    public func storageUsage() throws -> StorageUsage {
        StorageUsage(
            pageSizeBytes: try database.pragmaInteger("page_size"), pageCount: try database.pragmaInteger("page_count"),
            freePageCount: try database.pragmaInteger("freelist_count"))
    }

    /// When the used size exceeds `configuration.quotaBytes`, deletes the oldest windows (by
    /// arrival order, which is time order for live data and needs no extra index on the hot
    /// table) in chunks until the used size is at or below 95 % of the quota, then returns the
    /// freed pages to the file system with `PRAGMA incremental_vacuum` (the file was created
    /// with `auto_vacuum = INCREMENTAL`). Evicting to 95 % rather than 100 % keeps the store
    /// from evicting on every batch once it is full. Events, labels, models, outbox, ledger and
    /// node state are never touched.
    /// - Throws: `StoreError.sqlite`.
    @discardableResult
    public func enforceQuota() throws -> EvictionResult {
        let before = try storageUsage().usedBytes
        guard before > configuration.quotaBytes else {
            return EvictionResult(
                evictedWindows: 0, usedBytesBefore: before, usedBytesAfter: before, stillOverQuota: false)
        }
        let target = configuration.quotaBytes / 20 * 19
        var evicted = 0
        var used = before
        while used > target {
            let deleted = try evictOldestWindows(Self.evictionChunk)
            if deleted == 0 { break }
            evicted += deleted
            used = try storageUsage().usedBytes
        }
        try database.execute("PRAGMA incremental_vacuum")
        let after = try storageUsage().usedBytes
        return EvictionResult(
            evictedWindows: evicted, usedBytesBefore: before, usedBytesAfter: after,
            stillOverQuota: after > configuration.quotaBytes)
    }

    /// Deletes up to `count` of the oldest windows in one transaction; returns how many went.
    /// Deleting needs no new pages beyond the WAL, so it works on a full disk.
    /// - Throws: `StoreError.sqlite`.
    @discardableResult
    public func evictOldestWindows(_ count: Int) throws -> Int {
        try database.transaction {
            let statement = try database.prepare(
                "DELETE FROM windows WHERE id IN (SELECT id FROM windows ORDER BY id LIMIT ?1)")
            statement.bind(count, at: 1)
            try statement.run()
            return database.changes
        }
    }
}
