#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex with one condition variable: the store writer thread's queue waits on it.
/// (The Synchronization module's `Mutex` has no condition variable, and the store library
/// avoids Foundation for `NSCondition`.)
final class ConditionLock: @unchecked Sendable {
    // Heap-allocated so the pthread objects never move (Swift may move stored properties).
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        let mutexResult = pthread_mutex_init(mutex, nil)
        let conditionResult = pthread_cond_init(condition, nil)
        // Init only fails for lack of memory or bad attributes (we pass none).
        precondition(mutexResult == 0 && conditionResult == 0, "pthread init failed")
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` with the mutex held.
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a broadcast; call with the mutex held (inside `withLock`).
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Waits for a broadcast or until `milliseconds` pass; call with the mutex held.
    /// The deadline is on the wall clock (the portable default): a clock step only shortens
    /// or lengthens one wait, and every caller re-checks its condition after waking.
    func wait(milliseconds: Int) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let total = Int(now.tv_nsec) + milliseconds * 1_000_000
        var deadline = now
        deadline.tv_sec += total / 1_000_000_000
        deadline.tv_nsec = .init(total % 1_000_000_000)
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// Wakes every waiter.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}

/// A joinable OS thread started by `spawnThread`.
struct ThreadHandle {
    fileprivate let raw: pthread_t

    /// True when called on this thread.
    var isCurrent: Bool { pthread_equal(raw, pthread_self()) != 0 }

    /// Lets the thread's resources go when it ends, without a join.
    func detach() { pthread_detach(raw) }
}

/// Starts `body` on a new OS thread (not the Swift concurrency pool:
/// the store blocks on disk I/O). The thread is joined by `joinThread`.
func spawnThread(_ body: @escaping @Sendable () -> Void) -> ThreadHandle? {
    final class Box: @unchecked Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    #if canImport(Darwin)
    var thread: pthread_t?
    #else
    var thread = pthread_t()
    #endif
    let result = pthread_create(
        &thread, nil,
        { raw in
            #if canImport(Darwin)
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            #else
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()  // we always pass a context
            #endif
            box.body()
            return nil
        }, context)
    guard result == 0 else {
        Unmanaged<Box>.fromOpaque(context).release()
        return nil
    }
    #if canImport(Darwin)
    return thread.map(ThreadHandle.init)
    #else
    return ThreadHandle(raw: thread)
    #endif
}

/// Waits for a thread from `spawnThread` to finish.
func joinThread(_ thread: ThreadHandle) {
    pthread_join(thread.raw, nil)
}
