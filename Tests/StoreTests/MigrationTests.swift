import Foundation
import TestSupport
import Testing

@testable import Store

@Suite struct MigrationTests {
    private static let start: Int64 = 1_700_000_000_000_000

    /// Builds a database at schema `version`, filled with the rows that version can hold, the
    /// way that build of the agent would have written them.
    private func makeDatabase(atVersion version: Int) throws -> String {
        let directory = try TestEnvironment.temporaryDirectory("migrate-v\(version)")
        let path = directory.appendingPathComponent("agent.db").path
        let database = try Database(path: path)
        try StoreOpener.prepareNewFile(database, pageSizeBytes: 8192)
        try StoreOpener.configureConnection(database)
        try StoreOpener.migrate(database, upTo: version)
        #expect(try database.pragmaInteger("user_version") == Int64(version))

        if version >= 1 {
            func run(_ sql: String, _ values: [Any]) throws {
                let statement = try database.prepare(sql)
                for (index, value) in values.enumerated() {
                    let position = Int32(index + 1)
                    switch value {
                    case let value as Int64: statement.bind(value, at: position)
                    case let value as Int: statement.bind(value, at: position)
                    case let value as Double: statement.bind(value, at: position)
                    case let value as String: statement.bind(value, at: position)
                    case let value as [UInt8]: statement.bind(value, at: position)
                    default: Issue.record("unsupported test value \(value)")
                    }
                }
                try statement.run()
            }
            let start = Self.start
            let blob = try sampleWindow(seed: 3).withUnsafeBufferPointer { try WindowDataCodec.encode($0, channels: 4) }
            try run("INSERT INTO devices VALUES (1, 'strap', ?1, ?2)", [start, start + 5_000_000])
            try run(
                "INSERT INTO windows VALUES (1, 1, ?1, ?2, ?3, 0.8, 1, 1, 'old-model')",
                [start, start + 5_000_000, blob])
            try run(
                "INSERT INTO label_annotations VALUES (1, 1, ?1, ?2, 'anomaly', 'file', ?1)",
                [start, start + 5_000_000])
            try run("INSERT INTO events VALUES (1, 1, ?1, ?2, 0.8, 1, 1)", [start, start + 5_000_000])
            try run(
                "INSERT INTO models (version, float_weights, created_micros, active) VALUES ('m1', ?1, ?2, 1)",
                [[UInt8](repeating: 1, count: 64), start])
            try run("INSERT INTO node_state VALUES ('node-id', ?1, ?2)", [[UInt8]([9, 8, 7]), start])
        }
        if version >= 2 {
            try run2(database)
        }
        try database.close()
        return path
    }

    private func run2(_ database: Database) throws {
        let outbox = try database.prepare(
            "INSERT INTO outbox (message_id, run_id, payload, created_micros, expires_micros) VALUES (?1, 7, ?2, ?3, ?4)"
        )
        outbox.bind("msg-1", at: 1)
        outbox.bind([UInt8]([1, 2, 3]), at: 2)
        outbox.bind(Self.start, at: 3)
        outbox.bind(Int64.max, at: 4)
        try outbox.run()
        let ledger = try database.prepare(
            """
            INSERT INTO privacy_ledger (scope, run_id, epsilon, delta, steps, noise_multiplier, sampling_rate,
                                        recorded_micros) VALUES ('node', 7, 0.5, 1e-5, 100, 1.1, 0.01, ?1)
            """)
        ledger.bind(Self.start, at: 1)
        try ledger.run()
    }

    @Test(arguments: Array(0..<StoreSchema.currentVersion))
    func everyOlderVersionMigratesWithItsData(version: Int) throws {
        let path = try makeDatabase(atVersion: version)
        let store = try AgentStore(configuration: StoreConfiguration(path: path, integrityCheck: .full))
        #expect(try store.schemaVersion() == StoreSchema.currentVersion)

        if version >= 1 {
            let windows = try store.windows(deviceID: "strap")
            #expect(windows.count == 1)
            #expect(windows.first?.window.label == true)
            #expect(windows.first?.window.modelVersion == "old-model")
            #expect(windows.first?.window.labelledSamples == nil)
            let original = sampleWindow(seed: 3)
            let decoded = windows.first?.window.samples ?? []
            #expect(zip(original, decoded).allSatisfy { abs($0 - $1) < 0.01 })
            // Version 3 back-fills acknowledgement times of acknowledged events.
            let events = try store.events()
            #expect(events.count == 1)
            #expect(events.first?.acknowledgedMicros == Self.start + 5_000_000)
            #expect(try store.labels(deviceID: "strap").count == 1)
            #expect(try store.activeModel()?.version == "m1")
            #expect(try store.nodeState("node-id") == [9, 8, 7])
        }
        if version >= 2 {
            #expect(try store.peekOutbox().map(\.messageID) == ["msg-1"])
            #expect(try store.ledgerSum(scope: "node").entries == 1)
        }

        // What the newer versions added works on the migrated file.
        var window = scoredWindow("strap", 10, flagged: true)
        window.labelledSamples = 40
        window.totalSamples = 250
        try store.appendWindows([window])
        #expect(try store.windows(deviceID: "strap").last?.window.labelledSamples == 40)
        try store.putOutbox(messageID: "msg-2", runID: 8, payload: [1], createdMicros: 1, expiresMicros: 2)
        try store.close()
        #expect(try integrityCheck(path) == ["ok"])
    }
}
