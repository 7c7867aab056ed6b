import AgentLog
import Dispatch
import Glibc
import Model
import Parquet
import SensorIO
import Store

/// Runs a recording through the same path live data takes: Parquet row groups →
/// windower (50 Hz grid) → int8 scorer → store (SQLite) → events.
///
/// Three threads overlap the work on a two-core gateway: a reader thread decodes
/// the next row group while this thread windows and scores the current one, and
/// the store's writer thread commits scored windows in batches. Two row-group
/// buffers circulate between reader and consumer and the writer's queue is bounded,
/// so memory is two row groups plus about two thousand windows whatever the file's
/// length, and decoding allocates its arrays once rather than once per row group.
struct ReplayPipeline {
    let options: ReplayOptions
    let model: LoadedModel
    private let logger = Logger(label: "replay")

    /// The flagging threshold: `--threshold`, else the configuration's, else the one
    /// stored with the model, else 0.5.
    let threshold: Double

    init(options: ReplayOptions, model: LoadedModel) {
        self.options = options
        self.model = model
        threshold = options.threshold ?? model.quantized.decisionThreshold.map(Double.init) ?? 0.5
    }

    /// What the reader thread hands over.
    private enum ReaderOutput: @unchecked Sendable {
        // @unchecked: a batch is moved to the consumer and never touched again by the reader.
        case batch(ReplayBatch)
        case failure(ParquetError)
    }

    /// Replays the whole file (or until SIGINT/SIGTERM) and returns the summary.
    func run() throws(CommandFailure) -> ReplaySummary {
        let started = ProgressBar.monotonicNanos()
        let reader = try openRecording()
        let deviceID = Self.deviceID(for: options.file)
        var summary = ReplaySummary(
            file: options.file, deviceID: deviceID, modelVersion: model.version, threshold: threshold)
        summary.rowGroupCount = reader.rowGroupCount
        summary.databasePath = options.databasePath

        let database = try ReplayDatabase(path: options.databasePath)
        defer { database.removeIfTemporary() }
        let writer: StoreWriterThread
        do {
            // Paced replays behave like live mode (at most one commit a second); a fast replay
            // commits in large batches.
            let policy: BatchedWriter.Policy = options.speed == .max ? .count(1024) : .interval(.seconds(1))
            // One commit's worth of queued windows: this thread fills the next batch while the
            // writer commits one, and what waits in memory stays bounded (each queued window
            // holds its 4 KB of samples).
            writer = try StoreWriterThread(
                configuration: database.configuration, policy: policy, maxQueuedWindows: Self.maxQueuedWindows)
        } catch {
            throw CommandFailure(.ioError, "cannot open the database \(database.path): \(error)")
        }

        var windower: Windower
        do {
            windower = try Windower(
                configuration: WindowerConfiguration(hop: options.hop, maxGapMicros: options.maxGapMicros))
        } catch {
            throw CommandFailure(.usage, "\(error)")
        }
        let scorer = QuantizedScorer(model: model.quantized)
        var report = options.reportPath.map { _ in ReplayReport(title: Self.baseName(options.file)) }
        report?.threshold = threshold
        var scores: [Float] = []
        var labels: [Float] = []
        var pending: [ScoredWindow] = []
        pending.reserveCapacity(256)
        var progress = ProgressBar(label: "replay", enabled: Console.errorIsTerminal && !options.json)
        var pacing: RealtimePacer?
        if case .paced(let factor) = options.speed { pacing = RealtimePacer(factor: factor) }
        let submitEvery = pacing == nil ? 256 : 1
        var reportedCommitted = 0
        var failure: CommandFailure?

        logger.info(
            "replay started",
            ["file": options.file, "device": deviceID, "model": model.version, "rows": String(reader.rowCount)])
        // Double buffering: two row-group buffers circulate, so the reader decodes the next
        // row group while this thread windows the current one, and no more than two are in
        // memory. `free` hands finished buffers (empty at first) back to the reader.
        let queue = BoundedQueue<ReaderOutput>(capacity: Self.rowGroupBuffers)
        let free = BoundedQueue<SpareBatch>(capacity: Self.rowGroupBuffers)
        for _ in 0..<Self.rowGroupBuffers { free.push(SpareBatch(batch: nil)) }
        let readerDone = DispatchGroup()
        DispatchQueue(label: "replay-reader").async(group: readerDone) {
            for index in 0..<reader.rowGroupCount where !StopSignal.isRequested {
                do {
                    // Each pop is matched by the consumer's push of the batch it received.
                    var previous = free.pop()?.batch
                    queue.push(.batch(try reader.readRowGroup(index, reusing: &previous)))
                } catch let error as ParquetError {
                    free.push(SpareBatch(batch: nil))
                    queue.push(.failure(error))
                    break
                } catch {
                    free.push(SpareBatch(batch: nil))
                    queue.push(.failure(ParquetError(file: options.file, reason: .corruptPage("\(error)"))))
                    break
                }
            }
            queue.close()
        }

        // MARK: Window, score and hand to the store, one row group at a time.
        while let output = queue.pop() {
            guard failure == nil, !StopSignal.isRequested else {
                // Drain so the reader can finish; it waits for the buffer back.
                if case .batch = output { free.push(SpareBatch(batch: nil)) }
                continue
            }
            let batch: ReplayBatch
            switch output {
            case .failure(let error):
                failure = CommandFailure(error)
                continue
            case .batch(let value): batch = value
            }
            defer { free.push(SpareBatch(batch: batch)) }
            summary.rowGroupsRead += 1
            summary.rowsRead += batch.count
            if let first = batch.timestampMicros.first {
                summary.firstMicros = min(summary.firstMicros ?? first, first)
                summary.lastMicros = max(summary.lastMicros ?? first, batch.timestampMicros.max() ?? first)
            }
            do {
                try windower.append(
                    deviceID: deviceID, timestamps: batch.timestampMicros, heartRate: batch.heartRate,
                    accelerationX: batch.accelX, accelerationY: batch.accelY, accelerationZ: batch.accelZ,
                    labels: batch.labels
                ) { window in
                    if let pacing, let first = summary.firstMicros { pacing.wait(until: window.endMicros - first) }
                    // Stop at this window rather than finishing the row group.
                    if StopSignal.isRequested { throw StopRequested() }
                    let score = try scorer.score(window.samples)
                    let label = WindowLabelRule.isAnomalous(
                        anomalousSamples: window.anomalousSamples, labelledSamples: window.labelledSamples,
                        windowLength: window.length)
                    let flagged = Double(score) >= threshold
                    summary.windowsScored += 1
                    if flagged { summary.windowsFlagged += 1 }
                    if let label {
                        scores.append(score)
                        labels.append(label ? 1 : 0)
                    }
                    report?.record(window: window, score: score, flagged: flagged, label: label)
                    pending.append(
                        ScoredWindow(
                            deviceID: deviceID, startMicros: window.startMicros, endMicros: window.endMicros,
                            samples: window.copySamples(), score: Double(score), flagged: flagged, label: label,
                            labelledSamples: label == nil ? nil : window.anomalousSamples,
                            totalSamples: label == nil ? nil : window.labelledSamples, modelVersion: model.version))
                    if pending.count >= submitEvery {
                        try writer.submit(pending)
                        pending.removeAll(keepingCapacity: true)
                    }
                    let committed = writer.committedCount
                    if committed != reportedCommitted {
                        // What a crash can no longer lose: tests and operators read this line.
                        logger.debug("windows committed", ["device": deviceID, "count": String(committed)])
                        reportedCommitted = committed
                    }
                }
            } catch is StopRequested {
                continue
            } catch let error as StoreError {
                failure = CommandFailure(.ioError, "storing windows in \(database.path) failed: \(error)")
            } catch {
                failure = CommandFailure(.dataError, "\(options.file): \(error)")
            }
            progress.update(
                fraction: Double(summary.rowGroupsRead) / Double(max(1, reader.rowGroupCount)),
                detail: "\(summary.windowsScored) windows")
        }
        readerDone.wait()
        // Every buffer is back in `free` now; take them out so its semaphores end where they
        // started (libdispatch traps on releasing a semaphore below its initial value).
        for _ in 0..<Self.rowGroupBuffers { _ = free.pop() }
        progress.finish()

        // MARK: Commit what was scored, even when interrupted or failed.
        summary.interrupted = StopSignal.isRequested
        if !summary.interrupted && failure == nil { windower.finish(deviceID: deviceID) }
        summary.windowing = windower.counters(for: deviceID)
        do {
            if !pending.isEmpty { try writer.submit(pending) }
            summary.windowsCommitted = try writer.flush()
            if let first = summary.firstMicros, let last = summary.lastMicros {
                let deviceEvents = try writer.withStore { store in
                    try store.events(deviceID: deviceID, fromMicros: first, toMicros: last + 1)
                }
                summary.events = deviceEvents
            }
            summary.windowsCommitted = try writer.close(checkpoint: true)
        } catch {
            throw failure ?? CommandFailure(.ioError, "committing windows to \(database.path) failed: \(error)")
        }
        if let failure { throw failure }

        if !scores.isEmpty {
            summary.metrics = ClassificationMetrics(scores: scores, labels: labels, threshold: Float(threshold))
            summary.labelledWindows = labels.count
            summary.anomalousWindows = labels.reduce(0) { $0 + Int($1) }
        }
        summary.elapsedSeconds = Double(ProgressBar.monotonicNanos() - started) / 1e9
        if var report, let reportPath = options.reportPath {
            report.summary = summary.reportRows()
            try writeAtomically(report.html(), to: reportPath)
        }
        logger.info(
            summary.interrupted ? "replay interrupted" : "replay finished",
            [
                "device": deviceID, "windows": String(summary.windowsScored),
                "committed": String(summary.windowsCommitted), "events": String(summary.events.count),
            ])
        return summary
    }

    private func openRecording() throws(CommandFailure) -> ReplayTableReader {
        try CommandFailure.requireReadable(options.file)
        do {
            return try ReplayTableReader(path: options.file)
        } catch let error as ParquetError {
            throw CommandFailure(error)
        } catch {
            throw CommandFailure(.dataError, "\(options.file): \(error)")
        }
    }

    /// Windows that may wait for the store's writer thread: about 1 MB of window copies.
    /// Commits take 1,024 windows at most, so a deeper queue only adds resident memory
    /// (1,024 measured about 3.5 MB more peak RSS on a one-day replay, at the same speed).
    static let maxQueuedWindows = 256

    /// Row-group buffers in circulation between the reader thread and this one.
    static let rowGroupBuffers = 2

    /// A row-group buffer on its way back to the reader (nil: allocate afresh).
    private struct SpareBatch: Sendable {
        var batch: ReplayBatch?
    }

    /// Thrown from the window callback to abandon the rest of a row group on SIGINT/SIGTERM.
    private struct StopRequested: Error {}

    /// Windows of a recording are stored under its file name (without folders).
    static func deviceID(for path: String) -> String { "file:" + baseName(path) }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
