import Testing

@testable import Store

@Suite struct BatchedWriterTests {
    @Test func replayPolicyCommitsEveryNWindows() throws {
        let (store, _) = try makeStore("batch-count")
        let writer = BatchedWriter(store: store, policy: .count(10))
        var reported: [Int] = []
        for index in 0..<25 { reported.append(try writer.append(scoredWindow("a", index))) }
        #expect(reported[8] == 0 && reported[9] == 10 && reported[24] == 20)
        #expect(writer.pendingCount == 5)
        #expect(try store.windowCount() == 20)
        #expect(try writer.flush() == 25)
        #expect(try store.windowCount() == 25 && writer.pendingCount == 0)
        #expect(try writer.flush() == 25)  // nothing pending: no empty transaction
    }

    @Test func livePolicyCommitsAtMostOncePerInterval() throws {
        let (store, _) = try makeStore("batch-live")
        let origin = ContinuousClock.now
        var offset = Duration.zero
        let writer = BatchedWriter(store: store, policy: .interval(.seconds(1))) { origin + offset }

        for index in 0..<5 {
            offset = .milliseconds(100 * index)
            try writer.append(scoredWindow("a", index))
        }
        #expect(writer.committedCount == 0 && writer.pendingCount == 5)
        // A quiet source: the periodic tick commits once the interval has passed.
        offset = .milliseconds(999)
        #expect(try writer.flushIfDue() == 0)
        offset = .milliseconds(1000)
        #expect(try writer.flushIfDue() == 5)
        // The next window only 0.5 s later waits for the following interval.
        offset = .milliseconds(1500)
        #expect(try writer.append(scoredWindow("a", 5)) == 5)
        offset = .milliseconds(2000)
        #expect(try writer.append(scoredWindow("a", 6)) == 7)
        #expect(try store.windowCount() == 7)
    }

    @Test func livePolicyCommitsEarlyWhenTooManyArePending() throws {
        let (store, _) = try makeStore("batch-cap")
        let origin = ContinuousClock.now
        let writer = BatchedWriter(store: store, policy: .interval(.seconds(60), maxPending: 3)) { origin }
        for index in 0..<7 { try writer.append(scoredWindow("a", index)) }
        #expect(writer.committedCount == 6 && writer.pendingCount == 1)
    }
}
