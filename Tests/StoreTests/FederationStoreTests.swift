import Testing

@testable import Store

@Suite struct FederationStoreTests {
    @Test func atMostOneModelIsActive() throws {
        let (store, _) = try makeStore("models")
        let first = try store.saveModel(
            version: "v1", floatWeights: [1, 2], int8Weights: [3], calibration: [4], metricsJSON: #"{"auc":0.9}"#,
            createdMicros: 10)
        let second = try store.saveModel(
            version: "v2", floatWeights: [5], int8Weights: nil, calibration: nil, createdMicros: 20)
        #expect(try store.activeModel() == nil)
        try store.activateModel(id: first)
        #expect(try store.activeModel()?.version == "v1")
        #expect(try store.activeModel()?.int8Weights == [3])
        #expect(try store.activeModel()?.metricsJSON == #"{"auc":0.9}"#)
        try store.activateModel(id: second)
        #expect(try store.activeModel()?.id == second)
        #expect(try store.model(version: "v1")?.active == false)
        #expect(throws: StoreError.notFound(what: "model 77")) { try store.activateModel(id: 77) }
        // The failed activation rolled back: v2 is still active.
        #expect(try store.activeModel()?.id == second)
        // The schema itself refuses a second active row.
        #expect(throws: StoreError.self) {
            try store.database.transaction {
                try store.database.prepare("UPDATE models SET active = 1").run()
            }
        }
    }

    @Test func outboxKeepsRepliesUntilSentOrExpired() throws {
        let (store, _) = try makeStore("outbox")
        try store.putOutbox(messageID: "b", runID: 1, payload: [2], createdMicros: 2, expiresMicros: 100)
        try store.putOutbox(messageID: "a", runID: 1, payload: [1], createdMicros: 1, expiresMicros: 50)
        try store.putOutbox(messageID: "c", runID: 1, payload: [3], createdMicros: 3, expiresMicros: 1000)
        #expect(throws: StoreError.self) {
            try store.putOutbox(messageID: "a", runID: 1, payload: [9], createdMicros: 9, expiresMicros: 9)
        }
        #expect(try store.peekOutbox().map(\.messageID) == ["a", "b", "c"])
        try store.recordOutboxAttempt(messageID: "b")
        try store.markOutboxSent(messageID: "b")
        #expect(try store.peekOutbox().map(\.messageID) == ["a", "c"])
        #expect(try store.dropExpiredOutbox(nowMicros: 100) == ["a"])
        let left = try store.peekOutbox()
        #expect(left.map(\.messageID) == ["c"] && left[0].payload == [3] && left[0].attempts == 0)
        #expect(throws: StoreError.notFound(what: "outbox message zz")) { try store.markOutboxSent(messageID: "zz") }
        // The sent message's id is kept (so it is not queued twice) until purged.
        #expect(throws: StoreError.self) {
            try store.putOutbox(messageID: "b", runID: 1, payload: [2], createdMicros: 5, expiresMicros: 100)
        }
        #expect(try store.purgeSentOutbox(olderThanMicros: 2) == 0)
        #expect(try store.purgeSentOutbox(olderThanMicros: 3) == 1)
        try store.putOutbox(messageID: "b", runID: 2, payload: [2], createdMicros: 5, expiresMicros: 100)
    }

    @Test func ledgerAppendsAndSums() throws {
        let (store, _) = try makeStore("ledger")
        for (index, epsilon) in [0.5, 0.25, 1.0].enumerated() {
            try store.appendLedger(
                PrivacyLedgerEntry(
                    scope: "node", runID: Int64(index), epsilon: epsilon, delta: 1e-5, steps: 10, noiseMultiplier: 1.1,
                    samplingRate: 0.02, recordedMicros: Int64(index)))
        }
        let sum = try store.ledgerSum(scope: "node")
        #expect(sum.epsilon == 1.75 && sum.entries == 3 && abs(sum.delta - 3e-5) < 1e-12)
        #expect(try store.ledgerEntries(scope: "node").map(\.runID) == [0, 1, 2])
        #expect(try store.ledgerSum(scope: "other").entries == 0)
        #expect(throws: StoreError.self) {
            try store.appendLedger(
                PrivacyLedgerEntry(
                    scope: "node", runID: 9, epsilon: -1, delta: 0, steps: 1, noiseMultiplier: 1, samplingRate: 0.1,
                    recordedMicros: 9))
        }
    }

    @Test func nodeStateGetsSetsAndRemoves() throws {
        let (store, path) = try makeStore("node-state")
        #expect(try store.nodeState("node-id") == nil)
        try store.setNodeState("node-id", [1, 2, 3], nowMicros: 1)
        try store.setNodeState("node-id", [4], nowMicros: 2)
        #expect(try store.nodeState("node-id") == [4])
        try store.close()
        let reopened = try AgentStore(configuration: StoreConfiguration(path: path))
        #expect(try reopened.nodeState("node-id") == [4])
        try reopened.removeNodeState("node-id")
        #expect(try reopened.nodeState("node-id") == nil)
    }
}
