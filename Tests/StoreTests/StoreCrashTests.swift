import Foundation
import TestSupport
import Testing

@testable import Store

/// Kills a writer process with SIGKILL in the middle of its work and checks that the database
/// is intact and holds every batch whose commit had returned.
@Suite struct StoreCrashTests {
    /// The crash-writer child, built beside the test bundle (`swift build --build-tests`).
    private var writerBinary: URL {
        let bundleDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let beside = bundleDirectory.appendingPathComponent("StoreCrashWriter")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return TestEnvironment.packageRoot.appendingPathComponent(".build/debug/StoreCrashWriter")
    }

    /// Starts the child, waits until it reported at least `batches` more commits than it
    /// started with, then kills it at once. Returns the last count it reported committed.
    private func runAndKill(path: String, batchSize: Int, batches: Int) throws -> Int {
        let process = Process()
        process.executableURL = writerBinary
        process.arguments = [path, String(batchSize)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        var buffer = ""
        var started: Int?
        var lastCommitted = 0
        let reader = output.fileHandleForReading
        while true {
            let data = reader.availableData
            if data.isEmpty { break }  // the child exited early: the checks below fail
            buffer += String(decoding: data, as: UTF8.self)
            while let newline = buffer.firstIndex(of: "\n") {
                let line = String(buffer[..<newline])
                buffer.removeSubrange(...newline)
                let parts = line.split(separator: " ")
                guard parts.count == 2, let value = Int(parts[1]) else { continue }
                if parts[0] == "started" { started = value }
                if parts[0] == "committed" { lastCommitted = value }
            }
            if let started, lastCommitted >= started + batches * batchSize { break }
        }
        // The child keeps writing after the line we acted on: the kill lands mid-batch.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        return lastCommitted
    }

    @Test func killedWriterLeavesAnIntactDatabaseWithEveryCommittedBatch() throws {
        let directory = try TestEnvironment.temporaryDirectory("crash")
        let path = directory.appendingPathComponent("agent.db").path
        let batchSize = 40
        #expect(
            FileManager.default.isExecutableFile(atPath: writerBinary.path),
            "build StoreCrashWriter first: swift build --build-tests")

        var previous = 0
        for round in 0..<3 {
            let reported = try runAndKill(path: path, batchSize: batchSize, batches: 15 + 10 * round)
            #expect(reported > previous)
            #expect(try integrityCheck(path) == ["ok"])

            let store = try AgentStore(configuration: StoreConfiguration(path: path, integrityCheck: .full))
            let count = try store.windowCount()
            // Everything reported is there; batches are all-or-nothing; windows are contiguous.
            #expect(count >= reported)
            #expect(count % batchSize == 0)
            let windows = try store.windows(deviceID: "crash-strap", limit: 100_000)
            #expect(windows.count == count)
            #expect(windows.enumerated().allSatisfy { $1.window.startMicros == Int64($0) * 5_000_000 })
            let flagged = windows.filter(\.window.flagged).count
            #expect(try store.events().reduce(0) { $0 + $1.windowCount } == flagged)
            try store.close()
            previous = count
        }
    }
}
