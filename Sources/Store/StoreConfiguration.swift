/// How the agent's store is opened and bounded.
public struct StoreConfiguration: Sendable {
    /// How thoroughly the file is checked when it is opened.
    public enum IntegrityCheck: Sendable {
        /// `PRAGMA quick_check`: reads every page and checks b-tree structure, record formats
        /// and constraints, but skips the cross-check of every index against its table, which
        /// makes `integrity_check` several times slower — on a 512 MiB store on an SD card the
        /// full check would delay every start by tens of seconds. Catches the torn or
        /// overwritten pages that power loss and failing cards cause. The default.
        case quick
        /// `PRAGMA integrity_check`: everything `quick` does plus index/table consistency.
        case full
        /// No check (tests and read-only tools only).
        case none
    }

    /// How hard ordinary commits push data to the disk (outbox, ledger, models and node state
    /// always commit with FULL).
    public enum Synchronous: Sendable {
        /// WAL + NORMAL: an agent crash or kill loses no commit; power loss may lose the last
        /// commits (never corrupts). The default, for every persistent store.
        case normal
        /// OFF: no fsync at all, about twice as fast for bulk replay here. An agent crash or kill
        /// still loses nothing (the kernel has the pages), but power loss or a kernel crash may
        /// corrupt the file. Only for scratch databases (e.g. replay into a temporary file).
        case off
    }

    /// The database file.
    public var path: String
    /// The `synchronous` level of ordinary commits.
    public var synchronous: Synchronous
    /// Upper bound of the database's used size in bytes; above it the oldest window data is
    /// evicted. Default 512 MiB: about 10 days of windows for one device, a few days for a
    /// handful (see README), small next to a 16–32 GB SD card, and a quick_check of it still
    /// finishes in seconds on a Raspberry Pi.
    public var quotaBytes: Int64
    /// How long a write waits for another connection's lock before failing (milliseconds).
    public var busyTimeoutMillis: Int32
    /// The check run at open.
    public var integrityCheck: IntegrityCheck
    /// Flagged windows of a device closer than this (µs) to the device's latest event extend
    /// that event instead of starting a new one. Default 5 s, one window at 50 Hz.
    public var eventGapToleranceMicros: Int64
    /// SQLite page size for a new file (ignored for existing ones). 8 KiB keeps three ~2.1 KB
    /// window rows per page (4 KiB pages would hold only one, wasting half of every page)
    /// while a small commit still writes only a few pages to the SD card.
    public var pageSizeBytes: Int
    /// Pages the WAL may hold before SQLite checkpoints it into the main file (each checkpoint
    /// copies the pages and, unless `synchronous` is `.off`, fsyncs). SQLite's default 1000
    /// (8 MiB here) suits live mode. A larger value defers checkpoint work of a bulk replay to
    /// the end (`checkpoint()`/close) rather than removing it: in a local measurement the
    /// commits alone got about twice as fast, commits plus the final checkpoint about the same.
    public var walAutocheckpointPages: Int
    /// `PRAGMA max_page_count` for this connection, to simulate a full disk in tests; nil = none.
    public var maxPageCount: Int64?

    /// The default configuration for the store at `path`.
    public init(
        path: String, synchronous: Synchronous = .normal, quotaBytes: Int64 = 512 * 1024 * 1024,
        busyTimeoutMillis: Int32 = 5000,
        integrityCheck: IntegrityCheck = .quick, eventGapToleranceMicros: Int64 = 5_000_000,
        pageSizeBytes: Int = 8192, walAutocheckpointPages: Int = 1000, maxPageCount: Int64? = nil
    ) {
        self.path = path
        self.synchronous = synchronous
        self.quotaBytes = quotaBytes
        self.busyTimeoutMillis = busyTimeoutMillis
        self.integrityCheck = integrityCheck
        self.eventGapToleranceMicros = eventGapToleranceMicros
        self.pageSizeBytes = pageSizeBytes
        self.walAutocheckpointPages = walAutocheckpointPages
        self.maxPageCount = maxPageCount
    }
}
