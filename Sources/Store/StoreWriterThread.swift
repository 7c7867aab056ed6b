/// An `AgentStore` and its `BatchedWriter` on a dedicated thread, fed from any thread.
///
/// This is how replay and the daemon store windows: decoding and scoring run elsewhere and
/// hand finished windows to `submit`, which only queues them (blocking when
/// `maxQueuedWindows` are waiting, so a fast producer cannot exhaust memory); the writer
/// thread commits them in batches per `policy`. With the `.interval` policy the thread also
/// wakes on its own so a quiet source's last windows are committed within about a second.
///
/// Errors are sticky: when a commit fails (disk full with nothing left to evict, I/O error),
/// the thread closes the store and stops, and every later call throws that error. Windows
/// not committed by then are lost from memory; `committedCount` says what is safe on disk.
public final class StoreWriterThread: @unchecked Sendable {
    // @unchecked: every mutable field below is read and written only under `lock`.

    private enum Job {
        case windows([ScoredWindow])
        case flush
        case call(@Sendable (AgentStore) throws -> Void)
    }

    private let lock = ConditionLock()
    private var jobs: [Job] = []
    private var queuedWindows = 0
    private var submittedSequence = 0
    private var completedSequence = 0
    private var committed = 0
    private var evicted = 0
    private var failure: (any Error)?
    private var closing = false
    private var stopped = false
    private var opened = false
    private var thread: ThreadHandle?
    private let maxQueuedWindows: Int

    /// Opens the store on a new thread and returns once it is open.
    /// - Throws: what `AgentStore.init` throws (integrity, schema, SQLite errors), or
    ///   `StoreError.invalidArgument` when the thread cannot be started.
    public init(
        configuration: StoreConfiguration, policy: BatchedWriter.Policy, maxQueuedWindows: Int = 8192
    ) throws {
        self.maxQueuedWindows = max(1, maxQueuedWindows)
        thread = spawnThread { [self] in run(configuration: configuration, policy: policy) }
        guard thread != nil else {
            throw StoreError.invalidArgument(name: "store writer thread", reason: "pthread_create failed")
        }
        try lock.withLock {
            while !opened && !stopped { lock.wait() }
            if let failure { throw failure }
        }
    }

    deinit {
        // The running thread holds `self`, so this runs only after it stopped on its own
        // (a failure) without `close()`; possibly on that very thread, which cannot join itself.
        guard let thread else { return }
        if thread.isCurrent { thread.detach() } else { joinThread(thread) }
    }

    /// Windows committed so far: everything up to here survives a crash of the agent.
    public var committedCount: Int { lock.withLock { committed } }

    /// Windows evicted by quota enforcement or full-disk recovery so far.
    public var evictedCount: Int { lock.withLock { evicted } }

    /// Queues windows for storing; blocks while the queue is full.
    /// - Throws: the writer's sticky error, or `StoreError.invalidArgument` after `close()`.
    public func submit(_ windows: [ScoredWindow]) throws {
        guard !windows.isEmpty else { return }
        try lock.withLock {
            while failure == nil && !closing && queuedWindows >= maxQueuedWindows { lock.wait() }
            try checkUsable()
            jobs.append(.windows(windows))
            queuedWindows += windows.count
            submittedSequence += 1
            lock.broadcast()
        }
    }

    /// Commits everything submitted so far and returns `committedCount` once it is on disk.
    /// - Throws: the writer's sticky error.
    @discardableResult
    public func flush() throws -> Int {
        let sequence = try enqueue(.flush)
        return try lock.withLock {
            while completedSequence < sequence && failure == nil { lock.wait() }
            if let failure { throw failure }
            return committed
        }
    }

    /// Runs `body` with the store on the writer thread, after everything submitted before it
    /// (e.g. the replay summary, or a model load), and returns its result.
    /// - Throws: what `body` throws, or the writer's sticky error.
    public func withStore<Result: Sendable>(
        _ body: @escaping @Sendable (AgentStore) throws -> Result
    ) throws
        -> Result
    {
        let box = ResultBox<Result>()
        let sequence = try enqueue(.call({ store in box.set(Swift.Result { try body(store) }) }))
        try lock.withLock {
            while completedSequence < sequence && failure == nil { lock.wait() }
            if let failure { throw failure }
        }
        // The job completed, so the box was filled before `completedSequence` moved on.
        return try box.take().get()
    }

    /// Commits what is queued, checkpoints the WAL (when `checkpoint`), closes the store and
    /// ends the thread. Returns the final `committedCount`. Safe to call twice.
    /// - Throws: the writer's sticky error (after the thread has ended).
    @discardableResult
    public func close(checkpoint: Bool = true) throws -> Int {
        if checkpoint, (lock.withLock { failure == nil && !closing }) {
            _ = try? withStore { try $0.checkpoint() }
        }
        lock.withLock {
            closing = true
            lock.broadcast()
        }
        if let thread {
            joinThread(thread)
            self.thread = nil
        }
        return try lock.withLock {
            if let failure { throw failure }
            return committed
        }
    }

    // MARK: - Internals

    private func enqueue(_ job: Job) throws -> Int {
        try lock.withLock {
            try checkUsable()
            jobs.append(job)
            submittedSequence += 1
            lock.broadcast()
            return submittedSequence
        }
    }

    /// Call with the lock held.
    private func checkUsable() throws {
        if let failure { throw failure }
        if closing || stopped {
            throw StoreError.invalidArgument(name: "store writer", reason: "used after close()")
        }
    }

    /// The writer thread's loop.
    private func run(configuration: StoreConfiguration, policy: BatchedWriter.Policy) {
        let store: AgentStore
        do {
            store = try AgentStore(configuration: configuration)
        } catch {
            lock.withLock {
                failure = error
                stopped = true
                lock.broadcast()
            }
            return
        }
        let writer = BatchedWriter(store: store, policy: policy)
        let isLive: Bool
        if case .interval = policy { isLive = true } else { isLive = false }
        lock.withLock {
            opened = true
            lock.broadcast()
        }

        while true {
            let (batch, shutdown) = lock.withLock { () -> ([Job], Bool) in
                while jobs.isEmpty && !closing {
                    if isLive { lock.wait(milliseconds: 250) } else { lock.wait() }
                    if isLive && jobs.isEmpty { break }  // periodic tick: commit a quiet source
                }
                let taken = jobs
                jobs.removeAll(keepingCapacity: true)
                return (taken, closing)
            }

            var error: (any Error)?
            var windows = 0
            do {
                for job in batch {
                    switch job {
                    case .windows(let list):
                        windows += list.count
                        for window in list { try writer.append(window) }
                    case .flush:
                        try writer.flush()
                    case .call(let body):
                        try writer.flush()
                        try body(store)
                    }
                }
                if shutdown { try writer.flush() } else if isLive { try writer.flushIfDue() }
            } catch let failed {
                error = failed
            }

            let done = lock.withLock { () -> Bool in
                completedSequence += batch.count
                queuedWindows -= windows
                committed = writer.committedCount
                evicted = writer.evictedCount
                if let error, failure == nil { failure = error }
                lock.broadcast()
                return failure != nil || (closing && jobs.isEmpty)
            }
            if done { break }
        }
        try? store.close()
        lock.withLock {
            stopped = true
            lock.broadcast()
        }
    }
}

/// Carries a `withStore` result from the writer thread to the caller.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    // @unchecked: written once on the writer thread before the job is marked complete under
    // the writer's lock, read once by the caller after it saw that completion under the lock.
    private var value: Result<Value, any Error>?

    func set(_ value: Result<Value, any Error>) { self.value = value }

    func take() -> Result<Value, any Error> {
        // The caller only takes after the job completed, which set the value first.
        value ?? .failure(StoreError.notFound(what: "result of a store call"))
    }
}
