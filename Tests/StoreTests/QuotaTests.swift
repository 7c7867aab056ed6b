import Testing

@testable import Store

@Suite struct QuotaTests {
    /// Fills a store with windows plus one of everything that must survive eviction.
    private func fill(_ store: AgentStore, windows: Int) throws {
        for batch in stride(from: 0, to: windows, by: 100) {
            try store.appendWindows(
                (batch..<min(batch + 100, windows)).map { scoredWindow("a", $0, flagged: $0 % 50 == 0) })
        }
        try store.addLabel(
            AgentStore.LabelAnnotation(deviceID: "a", startMicros: 0, endMicros: 1, kind: "fall", source: "t"),
            nowMicros: 0)
        try store.putOutbox(messageID: "m", runID: 1, payload: [1, 2], createdMicros: 0, expiresMicros: .max)
        try store.saveModel(
            version: "v", floatWeights: [UInt8](repeating: 3, count: 50_000), int8Weights: nil, calibration: nil,
            createdMicros: 0)
    }

    @Test func evictionRemovesOldestWindowsOnlyAndReclaimsSpace() throws {
        let quota: Int64 = 2 * 1024 * 1024
        let (store, _) = try makeStore("quota", quotaBytes: quota)
        try fill(store, windows: 2000)  // about 5 MB of windows
        let eventsBefore = try store.events()
        let before = try store.storageUsage()
        #expect(before.usedBytes > quota)

        let result = try store.enforceQuota()
        let after = try store.storageUsage()
        #expect(result.evictedWindows > 0 && !result.stillOverQuota)
        #expect(after.usedBytes <= quota && result.usedBytesAfter == after.usedBytes)
        // incremental_vacuum gave the freed pages back: the file shrank, no free pages left.
        #expect(after.freePageCount == 0 && after.fileBytes < before.fileBytes)

        let remaining = try store.windows(deviceID: "a", limit: 5000)
        #expect(remaining.count == 2000 - result.evictedWindows)
        // Oldest first: what is left is the most recent, contiguous run.
        #expect(remaining.last?.window.startMicros == scoredWindow("a", 1999).startMicros)
        #expect(remaining.first?.window.startMicros == scoredWindow("a", result.evictedWindows).startMicros)
        // Everything else is kept.
        #expect(try store.events() == eventsBefore)
        #expect(try store.labels(deviceID: "a").count == 1)
        #expect(try store.peekOutbox().count == 1)
        #expect(try store.model(version: "v") != nil)
        #expect(try store.database.pragmaText("quick_check") == "ok")
    }

    @Test func writerEnforcesTheQuotaAfterCommits() throws {
        let quota: Int64 = 1024 * 1024
        let (store, _) = try makeStore("quota-writer", quotaBytes: quota)
        let writer = BatchedWriter(store: store, policy: .count(50))
        for index in 0..<2000 { try writer.append(scoredWindow("a", index)) }
        try writer.flush()
        #expect(writer.committedCount == 2000 && writer.evictedCount > 0)
        #expect(try store.storageUsage().usedBytes <= quota)
        #expect(try store.windowCount() == 2000 - writer.evictedCount)
    }

    @Test func fullDiskIsACleanErrorAndCorruptsNothing() throws {
        // 160 pages of 8 KiB = 1.25 MiB of "disk".
        let (store, path) = try makeStore("full", maxPageCount: 160)
        var committed = 0
        var failure: StoreError?
        for batch in 0..<100 {
            do {
                committed += try store.appendWindows((0..<50).map { scoredWindow("a", batch * 50 + $0) })
            } catch let error as StoreError {
                failure = error
                break
            }
        }
        let error = try #require(failure)
        #expect(error.isDiskFull)
        #expect(error.description.contains("full") && error.description.contains("INSERT"))
        #expect(!store.database.isInTransaction)
        // The failed batch left nothing behind; every committed batch is intact.
        #expect(try store.windowCount() == committed && committed > 0)
        try store.close()
        #expect(try integrityCheck(path) == ["ok"])
        let reopened = try AgentStore(configuration: StoreConfiguration(path: path, integrityCheck: .full))
        #expect(try reopened.windowCount() == committed)
    }

    @Test func writerMakesRoomOnAFullDiskByEvictingOldWindows() throws {
        let (store, _) = try makeStore("full-writer", maxPageCount: 160)
        let writer = BatchedWriter(store: store, policy: .count(50))
        for index in 0..<2000 { try writer.append(scoredWindow("a", index)) }
        try writer.flush()
        #expect(writer.committedCount == 2000 && writer.evictedCount > 0)
        let windows = try store.windows(deviceID: "a", limit: 5000)
        #expect(windows.last?.window.startMicros == scoredWindow("a", 1999).startMicros)
    }

    @Test func fullDiskWithNothingToEvictIsReportedAndKeepsThePendingBatch() throws {
        let (store, _) = try makeStore("full-nothing", maxPageCount: 60)
        // Fill the "disk" with models, which are never evicted.
        var models = 0
        while true {
            do {
                try store.saveModel(
                    version: "m\(models)", floatWeights: [UInt8](repeating: 1, count: 8_000), int8Weights: nil,
                    calibration: nil, createdMicros: 0)
                models += 1
            } catch let error as StoreError where error.isDiskFull {
                break
            }
        }
        #expect(models > 0)
        let writer = BatchedWriter(store: store, policy: .count(20))
        #expect {
            for index in 0..<20 { try writer.append(scoredWindow("a", index)) }
        } throws: { ($0 as? StoreError)?.isDiskFull == true }
        #expect(writer.committedCount == 0 && writer.pendingCount == 20)
        #expect(try store.windowCount() == 0)
        #expect(try store.database.pragmaText("quick_check") == "ok")
    }
}
