/// Collects scored windows and writes them in batches, one transaction per batch, so an SD
/// card sees at most about one commit per second live, and replay commits every N windows.
///
/// After each commit the quota is enforced. When a commit fails because the disk (or the
/// size limit) is full, the writer evicts the oldest windows once and retries: new data is
/// worth more than the oldest. If that does not help the error is thrown and the batch stays
/// pending (nothing is lost from memory; the database is unchanged by the failed commit).
///
/// Belongs to the store thread, like its `AgentStore`.
public final class BatchedWriter {
    /// When a batch is committed.
    public enum Policy: Sendable {
        /// Live sources: commit when `interval` has passed since the last commit (checked on
        /// `append` and `flushIfDue`), or when `maxPending` windows are waiting.
        case interval(Duration, maxPending: Int = 4096)
        /// Replay: commit every `windows` windows.
        case count(Int)
    }

    /// The store written to.
    public let store: AgentStore
    /// The commit policy.
    public let policy: Policy
    /// Windows committed by this writer so far: a caller can report "committed through window k".
    public private(set) var committedCount = 0
    /// The result of the last quota enforcement that evicted something, for the log.
    public private(set) var lastEviction: EvictionResult?
    /// Windows evicted by this writer (quota and full-disk recovery).
    public private(set) var evictedCount = 0
    private var pending: [ScoredWindow] = []
    private let now: () -> ContinuousClock.Instant
    private var lastCommit: ContinuousClock.Instant

    /// Creates a writer; `now` is injected so tests control time.
    public init(
        store: AgentStore, policy: Policy, now: @escaping () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.store = store
        self.policy = policy
        self.now = now
        self.lastCommit = now()
        if case .count(let windows) = policy { pending.reserveCapacity(max(1, windows)) }
    }

    /// Windows waiting for the next commit.
    public var pendingCount: Int { pending.count }

    /// Queues a window and commits when the policy says so. Returns `committedCount`.
    /// - Throws: `StoreError` from the commit (the batch stays pending).
    @discardableResult
    public func append(_ window: ScoredWindow) throws -> Int {
        pending.append(window)
        if isDue { try flush() }
        return committedCount
    }

    /// Commits when the live interval has passed; call from a periodic tick so a quiet
    /// source's last windows do not wait for the next window. Returns `committedCount`.
    /// - Throws: `StoreError` from the commit.
    @discardableResult
    public func flushIfDue() throws -> Int {
        if isDue { try flush() }
        return committedCount
    }

    /// Commits everything pending now (on demand, at shutdown, at Ctrl-C). Returns `committedCount`.
    /// - Throws: `StoreError` from the commit (the batch stays pending).
    @discardableResult
    public func flush() throws -> Int {
        guard !pending.isEmpty else { return committedCount }
        do {
            try store.appendWindows(pending)
        } catch let error as StoreError where error.isDiskFull {
            let evicted = try store.evictOldestWindows(max(AgentStore.evictionChunk, pending.count * 2))
            guard evicted > 0 else { throw error }
            evictedCount += evicted
            try store.appendWindows(pending)
        }
        committedCount += pending.count
        pending.removeAll(keepingCapacity: true)
        lastCommit = now()

        let eviction = try store.enforceQuota()
        if eviction.evictedWindows > 0 || eviction.stillOverQuota {
            lastEviction = eviction
            evictedCount += eviction.evictedWindows
        }
        return committedCount
    }

    private var isDue: Bool {
        guard !pending.isEmpty else { return false }
        switch policy {
        case .count(let windows):
            return pending.count >= windows
        case .interval(let interval, let maxPending):
            return pending.count >= maxPending || now() - lastCommit >= interval
        }
    }
}
