import Foundation
import Parquet
import SensorIO
import TestSupport
import Testing

/// `Simulator.write` output: byte-identical for the same options, the replay schema,
/// and the same values when pyarrow reads the file back.
@Suite struct SimulationFileTests {
    private let halfHour = SimulationOptions.samples(hours: 0.5)

    @Test func sameOptionsGiveByteIdenticalFiles() throws {
        let directory = try TestEnvironment.temporaryDirectory("simulate")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A high rate and small row groups put episodes and several row groups into a short file.
        let options = SimulationOptions(sampleCount: halfHour, anomalyRate: 0.2, seed: 99, rowsPerRowGroup: 20_000)
        let first = directory.appendingPathComponent("a.parquet").path
        let second = directory.appendingPathComponent("b.parquet").path
        let summary = try Simulator.write(options, to: first)
        _ = try Simulator.write(options, to: second)
        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(firstBytes == (try Data(contentsOf: URL(fileURLWithPath: second))))
        #expect(Int64(firstBytes.count) == summary.fileBytes)
        #expect(summary.labelledRows > 0)

        var reseeded = options
        reseeded.seed = 100
        let third = directory.appendingPathComponent("c.parquet").path
        _ = try Simulator.write(reseeded, to: third)
        #expect(firstBytes != (try Data(contentsOf: URL(fileURLWithPath: third))))
    }

    @Test(arguments: [CompressionCodecChoice.zstd, .snappy, .uncompressed])
    func fileHasTheReplaySchemaAndPyarrowReadsTheGeneratedValues(codec: CompressionCodecChoice) throws {
        let directory = try TestEnvironment.temporaryDirectory("simulate")
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = SimulationOptions(sampleCount: halfHour, anomalyRate: 0.2, seed: 5, rowsPerRowGroup: 30_000)
        options.codec = codec.codec
        let path = directory.appendingPathComponent("sim.parquet").path
        var progress: [Double] = []
        let summary = try Simulator.write(options, to: path) { progress.append($0) }
        #expect(progress.last == 1)
        #expect(progress == progress.sorted())

        // The generator's values, in memory, for comparison.
        var expected = SimulatedChunk()
        _ = try Simulator.generate(options) { chunk in
            expected.timestamps += chunk.timestamps
            expected.heartRate += chunk.heartRate
            expected.accelX += chunk.accelX
            expected.accelY += chunk.accelY
            expected.accelZ += chunk.accelZ
            expected.labels += chunk.labels
        }
        #expect(expected.count == summary.rows)

        let script = TestEnvironment.packageRoot.appendingPathComponent("Tests/Scripts/simulate_dump.py").path
        let result = try runPython([script, path, directory.path])
        try #require(result.status == 0, "\(result.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let arrow = report?["arrow"] as? [String: String]
        #expect(
            arrow == [
                "timestamp": "timestamp[us, tz=UTC]", "hr": "double", "accel_x": "double", "accel_y": "double",
                "accel_z": "double", "label": "int8",
            ])
        let nullable = report?["nullable"] as? [String: Bool]
        #expect(nullable?.values.allSatisfy { !$0 } == true)
        #expect(report?["rows"] as? Int == summary.rows)
        #expect((report?["created_by"] as? String)?.hasPrefix("edge-agent") == true)

        func column<Element>(_ name: String, as type: Element.Type) throws -> [Element] {
            let data = try Data(contentsOf: directory.appendingPathComponent(name + ".bin"))
            return data.withUnsafeBytes { Array($0.bindMemory(to: Element.self)) }
        }
        #expect(try column("timestamp", as: Int64.self) == expected.timestamps)
        #expect(try column("hr", as: UInt64.self) == expected.heartRate.map(\.bitPattern))
        #expect(try column("accel_x", as: UInt64.self) == expected.accelX.map(\.bitPattern))
        #expect(try column("accel_y", as: UInt64.self) == expected.accelY.map(\.bitPattern))
        #expect(try column("accel_z", as: UInt64.self) == expected.accelZ.map(\.bitPattern))
        #expect(try column("label", as: Int8.self) == expected.labels.map { Int8($0) })
    }

    @Test func badOptionsAreRefusedByName() {
        #expect(throws: SimulationError.invalidOption(name: "anomaly-rate", value: "0.9", expected: "0 ... 0.5")) {
            try SimulationOptions(sampleCount: 10, anomalyRate: 0.9).validate()
        }
        #expect(throws: SimulationError.invalidOption(name: "client-id", value: "3", expected: "0 ..< 3")) {
            try SimulationOptions(sampleCount: 10, clientCount: 3, clientID: 3).validate()
        }
        #expect(throws: SimulationError.self) { try SimulationOptions(sampleCount: 10, sampleRateHz: 7).validate() }
        #expect(throws: SimulationError.self) { try SimulationOptions(sampleCount: 0).validate() }
    }

    @Test func windowLabelRuleNeedsFiftyOfTwoHundredFiftySamples() {
        #expect(WindowLabelRule.windowLength == 250)
        #expect(WindowLabelRule.minimumLabelledSamples == 50)
        #expect(
            !WindowLabelRule.isAnomalous(labels: [Int8](repeating: 1, count: 49) + [Int8](repeating: 0, count: 201)))
        #expect(WindowLabelRule.isAnomalous(labels: [Int8](repeating: 0, count: 200) + [Int8](repeating: 1, count: 50)))
        #expect(WindowLabelRule.isAnomalous(labelledSamples: 50))
        #expect(!WindowLabelRule.isAnomalous(labelledSamples: 49))
    }
}

/// The codecs the simulator is tested with, named for readable test-case names.
enum CompressionCodecChoice: String, Sendable, CaseIterable {
    case zstd, snappy, uncompressed

    var codec: CompressionCodec {
        switch self {
        case .zstd: return .zstd
        case .snappy: return .snappy
        case .uncompressed: return .uncompressed
        }
    }
}
