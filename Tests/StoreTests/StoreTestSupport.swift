import Foundation
import TestSupport

@testable import Store

/// A store in a fresh temporary directory.
func makeStore(
    _ label: String = "store", quotaBytes: Int64 = 512 * 1024 * 1024, maxPageCount: Int64? = nil,
    gapToleranceMicros: Int64 = 5_000_000
) throws -> (store: AgentStore, path: String) {
    let directory = try TestEnvironment.temporaryDirectory(label)
    let path = directory.appendingPathComponent("agent.db").path
    let configuration = StoreConfiguration(
        path: path, quotaBytes: quotaBytes, eventGapToleranceMicros: gapToleranceMicros, maxPageCount: maxPageCount)
    return (try AgentStore(configuration: configuration), path)
}

/// Realistic-looking samples: a heart rate near 70 and noisy acceleration, deterministic per `seed`.
func sampleWindow(seed: Int) -> [Float] {
    (0..<1000).map { index in
        let channel = index / 250
        let phase = Float(index % 250 + seed) * 0.1
        return channel == 0 ? 70 + Float(seed % 20) : sin(phase) * Float(channel) * 3 + Float(seed % 7) * 0.01
    }
}

/// The `index`-th 5 s window of `device` (start = index × 5 s from a fixed epoch).
func scoredWindow(
    _ device: String, _ index: Int, flagged: Bool = false, score: Double? = nil, label: Bool? = nil
)
    -> ScoredWindow
{
    let start = 1_700_000_000_000_000 + Int64(index) * 5_000_000
    return ScoredWindow(
        deviceID: device, startMicros: start, endMicros: start + 5_000_000, samples: sampleWindow(seed: index),
        score: score ?? (flagged ? 0.9 : 0.1), flagged: flagged, label: label, modelVersion: "test-v1")
}

/// Runs `PRAGMA integrity_check` on the file with a fresh connection; "ok" when healthy.
func integrityCheck(_ path: String) throws -> [String] {
    let database = try Database(path: path, mode: .readOnly)
    defer { try? database.close() }
    let statement = try database.prepare("PRAGMA integrity_check")
    var rows: [String] = []
    while try statement.step() { rows.append(statement.string(at: 0)) }
    return rows
}
