import Foundation
import SensorIO
import TestSupport
import Testing

/// Non-IID clients: each client's data follows its own profile (so clients differ),
/// and stays consistent with that profile over time.
@Suite struct SimulationClientSplitTests {
    /// Mean heart rate outside anomalies and mean motion of a stretch of rows.
    struct Means {
        var heartRate = 0.0
        var motion = 0.0
        var rows = 0

        mutating func add(hr: Double, x: Double, y: Double, z: Double) {
            heartRate += hr
            motion += abs((x * x + y * y + z * z).squareRoot() - 9.80665)
            rows += 1
        }

        var meanHeartRate: Double { heartRate / Double(rows) }
        var meanMotion: Double { motion / Double(rows) }
    }

    /// Means of the first and second half of a client's normal rows.
    private func halves(client: Int, hours: Double) throws -> (Means, Means) {
        let options = SimulationOptions(
            sampleCount: SimulationOptions.samples(hours: hours), seed: 11, clientCount: 4, clientID: client)
        var first = Means()
        var second = Means()
        let half = Int64(hours * 1800) * 1_000_000 + options.startTimestampMicros
        _ = try Simulator.generate(options) { chunk in
            for row in 0..<chunk.count where chunk.labels[row] == 0 {
                let values = (chunk.heartRate[row], chunk.accelX[row], chunk.accelY[row], chunk.accelZ[row])
                if chunk.timestamps[row] < half {
                    first.add(hr: values.0, x: values.1, y: values.2, z: values.3)
                } else {
                    second.add(hr: values.0, x: values.1, y: values.2, z: values.3)
                }
            }
        }
        return (first, second)
    }

    @Test func clientsDifferWhileEachIsConsistentWithItself() throws {
        var heartRates: [Double] = []
        var motions: [Double] = []
        for client in 0..<4 {
            let (first, second) = try halves(client: client, hours: 8)
            let profile = ClientProfile(seed: 11, clientID: client)
            // Consistent: both halves sit near the profile's resting rate plus its activity, and near each other.
            #expect(
                abs(first.meanHeartRate - second.meanHeartRate) < 6,
                "client \(client): halves \(first.meanHeartRate) vs \(second.meanHeartRate)")
            #expect(first.meanHeartRate > profile.restingHeartRateBPM - 5)
            #expect(second.meanHeartRate > profile.restingHeartRateBPM - 5)
            heartRates.append((first.meanHeartRate + second.meanHeartRate) / 2)
            motions.append((first.meanMotion + second.meanMotion) / 2)
        }
        // Different: the clients' means spread well beyond the within-client differences.
        #expect(heartRates.max()! - heartRates.min()! > 6, "client HR means \(heartRates)")
        #expect(motions.max()! / motions.min()! > 1.3, "client motion means \(motions)")
    }

    @Test func profilesAreDeterministicPerSeedAndClient() {
        #expect(ClientProfile(seed: 1, clientID: 3) == ClientProfile(seed: 1, clientID: 3))
        #expect(ClientProfile(seed: 1, clientID: 3) != ClientProfile(seed: 1, clientID: 4))
        #expect(ClientProfile(seed: 1, clientID: 3) != ClientProfile(seed: 2, clientID: 3))
        let mixes = (0..<8).map { ClientProfile(seed: 1, clientID: $0).anomalyMix }
        #expect(Set(mixes.map { $0.map { ($0 * 1000).rounded() } }).count == 8, "each client has its own anomaly mix")
    }

    @Test func splitDirectoryHoldsOneFilePerClient() throws {
        let directory = try TestEnvironment.temporaryDirectory("simulate-split")
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("clients").path
        let options = SimulationOptions(sampleCount: 30_000, anomalyRate: 0.1, seed: 3, clientCount: 3)
        let summaries = try Simulator.writeSplit(options, directory: target)
        let names = try FileManager.default.contentsOfDirectory(atPath: target).sorted()
        #expect(names == ["client-000.parquet", "client-001.parquet", "client-002.parquet"])
        #expect(summaries.map(\.profile.clientID) == [0, 1, 2])
        #expect(Set(summaries.map(\.fileBytes)).count == 3)
        // The same client written alone gives the same bytes as in the split.
        var single = options
        single.clientID = 1
        let alone = directory.appendingPathComponent("alone.parquet").path
        _ = try Simulator.write(single, to: alone)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: alone))
                == Data(contentsOf: URL(fileURLWithPath: target + "/client-001.parquet")))
        #expect(summaries[1].text.contains("malfunction/dropout"))
    }
}
