import Foundation
import TestSupport
import Testing

@testable import Store

@Suite struct StoreWriterThreadTests {
    private func configuration(_ label: String, maxPageCount: Int64? = nil) throws -> StoreConfiguration {
        let directory = try TestEnvironment.temporaryDirectory(label)
        return StoreConfiguration(path: directory.appendingPathComponent("agent.db").path, maxPageCount: maxPageCount)
    }

    @Test func producersOnOtherThreadsGetEveryWindowCommitted() async throws {
        let writer = try StoreWriterThread(
            configuration: try configuration("writer"), policy: .count(64), maxQueuedWindows: 32)
        // Two producers at once, each with its own device; the small queue forces back-pressure.
        await withTaskGroup(of: Void.self) { group in
            for device in ["a", "b"] {
                group.addTask {
                    for batch in 0..<30 {
                        try? writer.submit((0..<10).map { scoredWindow(device, batch * 10 + $0, flagged: $0 == 0) })
                    }
                }
            }
        }
        #expect(try writer.flush() == 600)
        let summary = try writer.withStore { try $0.summary() }
        #expect(summary.devices.map(\.windows) == [300, 300])
        #expect(summary.totalFlaggedWindows == 60)
        #expect(try writer.close() == 600)
        #expect(throws: StoreError.self) { try writer.submit([scoredWindow("a", 999)]) }
    }

    @Test func openFailuresReachTheCaller() throws {
        let configuration = try configuration("writer-open")
        let store = try AgentStore(configuration: configuration)
        try store.database.execute("PRAGMA user_version = 99")
        try store.close()
        #expect(throws: StoreError.schemaTooNew(path: configuration.path, found: 99, supported: 3)) {
            _ = try StoreWriterThread(configuration: configuration, policy: .count(10))
        }
    }

    @Test func liveWriterCommitsAQuietSourceOnItsOwn() throws {
        let writer = try StoreWriterThread(
            configuration: try configuration("writer-live"), policy: .interval(.milliseconds(100)))
        try writer.submit([scoredWindow("a", 0), scoredWindow("a", 1), scoredWindow("a", 2)])
        // No flush: the writer's periodic tick commits once the interval has passed.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(20)
        while writer.committedCount < 3 && clock.now < deadline { usleep(20_000) }
        #expect(writer.committedCount == 3)
        try writer.close()
    }

    @Test func aFailedCommitIsStickyAndReported() throws {
        let writer = try StoreWriterThread(
            configuration: try configuration("writer-full", maxPageCount: 60), policy: .count(10))
        // Fill the small "disk" with models (never evicted) on the writer thread.
        let models = try writer.withStore { store -> Int in
            var count = 0
            while (try? store.saveModel(
                version: "m\(count)", floatWeights: [UInt8](repeating: 1, count: 8_000), int8Weights: nil,
                calibration: nil, createdMicros: 0)) != nil
            {
                count += 1
            }
            return count
        }
        #expect(models > 0)
        try writer.submit((0..<10).map { scoredWindow("a", $0) })
        #expect { try writer.flush() } throws: { ($0 as? StoreError)?.isDiskFull == true }
        #expect { try writer.submit([scoredWindow("a", 50)]) } throws: { ($0 as? StoreError)?.isDiskFull == true }
        #expect(writer.committedCount == 0)
        #expect { try writer.close() } throws: { ($0 as? StoreError)?.isDiskFull == true }
    }
}
