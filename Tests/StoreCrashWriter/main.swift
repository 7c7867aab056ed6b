import Store

// A child process for the store's crash test (StoreTests/StoreCrashTests.swift): appends
// batches of windows forever, printing "committed N" after each commit returns, until the
// test kills it with SIGKILL. Not shipped; built with the test suites.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one line straight to a file descriptor (unbuffered, so the parent sees it at once).
func say(_ line: String, to descriptor: Int32 = STDOUT_FILENO) {
    var bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let batchSize = Int(arguments[2]), batchSize > 0 else {
    say("usage: StoreCrashWriter DATABASE BATCH_SIZE", to: STDERR_FILENO)
    exit(64)
}

do {
    let store = try AgentStore(configuration: StoreConfiguration(path: arguments[1]))
    // Continue after the windows earlier (killed) runs committed, so windows stay contiguous.
    var next = try store.windowCount()
    let writer = BatchedWriter(store: store, policy: .count(batchSize))
    let samples = (0..<1000).map { Float($0 % 250) * 0.01 }
    say("started \(next)")
    while true {
        let start = Int64(next) * 5_000_000
        let window = ScoredWindow(
            deviceID: "crash-strap", startMicros: start, endMicros: start + 5_000_000, samples: samples,
            score: next % 7 == 0 ? 0.9 : 0.1, flagged: next % 7 == 0, modelVersion: "crash-test")
        let before = writer.committedCount
        try writer.append(window)
        next += 1
        if writer.committedCount != before {
            say("committed \(try store.windowCount())")
        }
    }
} catch {
    say("StoreCrashWriter: \(error)", to: STDERR_FILENO)
    exit(1)
}
