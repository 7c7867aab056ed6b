public import Parquet

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `edge-agent simulate`: synthetic wearable data in the replay schema.
///
/// Samples are generated chunk by chunk into contiguous column buffers and
/// handed to the Parquet writer, which writes a row group whenever one is full,
/// so memory stays bounded whatever the length. Output is a pure function of the
/// options: the same options give byte-identical files on every machine.
public enum Simulator {
    /// The replay schema the simulator writes.
    public static let schema: [ParquetColumnSpec] = [
        ParquetColumnSpec(
            name: "timestamp", valueType: .int64, logicalType: .timestamp(isAdjustedToUTC: true, unit: .micros),
            allowsDictionary: false),
        ParquetColumnSpec(name: "hr", valueType: .double),
        ParquetColumnSpec(name: "accel_x", valueType: .double, allowsDictionary: false),
        ParquetColumnSpec(name: "accel_y", valueType: .double, allowsDictionary: false),
        ParquetColumnSpec(name: "accel_z", valueType: .double, allowsDictionary: false),
        .int8("label"),
    ]

    /// Grid samples generated per chunk (about 22 minutes at 50 Hz).
    public static let chunkSamples = 65_536

    /// Generates the data in memory, calling `consume` with each chunk (valid only during the call).
    public static func generate(
        _ options: SimulationOptions, progress: (Double) -> Void = { _ in },
        consume: (SimulatedChunk) throws -> Void
    ) throws -> SimulationSummary {
        try options.validate()
        var generator = SignalGenerator(options: options)
        var chunk = SimulatedChunk(capacity: min(chunkSamples, options.sampleCount))
        var remaining = options.sampleCount
        while remaining > 0 {
            let count = min(chunkSamples, remaining)
            chunk.removeAll()
            generator.generate(count, into: &chunk)
            try consume(chunk)
            remaining -= count
            progress(Double(options.sampleCount - remaining) / Double(options.sampleCount))
        }
        generator.finish()
        return SimulationSummary(
            path: "", options: options, profile: generator.profile, statistics: generator.statistics)
    }

    /// Writes one client's data to `path` (replaced atomically) and returns what it holds.
    public static func write(
        _ options: SimulationOptions, to path: String, progress: (Double) -> Void = { _ in }
    ) throws(SimulationError) -> SimulationSummary {
        try options.validate()
        let writerOptions = ParquetWriterOptions(
            codec: options.codec, rowsPerRowGroup: options.rowsPerRowGroup,
            keyValueMetadata: metadata(for: options))
        do {
            let writer = try ParquetWriter(path: path, schema: schema, options: writerOptions)
            var summary = try generate(options, progress: progress) { chunk in
                try writer.write(columns: [
                    .int64(chunk.timestamps), .double(chunk.heartRate), .double(chunk.accelX),
                    .double(chunk.accelY), .double(chunk.accelZ), .int32(chunk.labels),
                ])
            }
            let written = try writer.close()
            summary.path = path
            summary.fileBytes = written.fileBytes
            return summary
        } catch let error as SimulationError {
            throw error
        } catch let error as ParquetWriteError {
            throw .output(path: path, underlying: error)
        } catch {
            throw .output(path: path, underlying: .invalidBatch("\(error)"))
        }
    }

    /// Writes one file per client (`client-000.parquet`, ...) into `directory`, creating it if needed.
    /// `options.clientID` is ignored; `options.clientCount` clients are written.
    public static func writeSplit(
        _ options: SimulationOptions, directory: String, progress: (Double) -> Void = { _ in }
    ) throws(SimulationError) -> [SimulationSummary] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .directory(path: directory, message: "\(error)")
        }
        var summaries: [SimulationSummary] = []
        for client in 0..<options.clientCount {
            var clientOptions = options
            clientOptions.clientID = client
            let path = directory.hasSuffix("/") ? directory + fileName(client) : directory + "/" + fileName(client)
            let done = Double(client) / Double(options.clientCount)
            summaries.append(
                try write(clientOptions, to: path) { progress(done + $0 / Double(options.clientCount)) })
        }
        return summaries
    }

    /// The file name of `client` in a split directory.
    public static func fileName(_ client: Int) -> String {
        let digits = String(client)
        return "client-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits + ".parquet"
    }

    /// Footer key/values recording how the file was made.
    private static func metadata(for options: SimulationOptions) -> [(key: String, value: String)] {
        [
            ("edge-agent.simulate.seed", "\(options.seed)"),
            ("edge-agent.simulate.client", "\(options.clientID)/\(options.clientCount)"),
            ("edge-agent.simulate.rate_hz", "\(options.sampleRateHz)"),
            ("edge-agent.simulate.anomaly_rate", "\(options.anomalyRate)"),
            (
                "edge-agent.simulate.window_rule",
                "\(WindowLabelRule.minimumLabelledSamples)/\(WindowLabelRule.windowLength)"
            ),
        ]
    }
}
