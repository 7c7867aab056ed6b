import Parquet

// ParquetBench: times reading a replay-schema Parquet file with ReplayTableReader, row group by
// row group, and prints one JSON line with the wall time, the CPU time of that read, rows, a
// checksum (so the work cannot be optimised away) and this process's peak resident memory. Used
// by scripts/bench-parquet-read.
//
// The batch storage is handed from one read to the next, as a process replaying several files
// would: glibc returns freed multi-megabyte arrays to the kernel, so without this every read
// would pay fresh page faults for its first row group, while pyarrow's mimalloc pool keeps its
// pages between reads (measured: no page faults on its second and later reads). `--fresh`
// measures the other case.
//
// Usage: ParquetBench FILE [--repeat N] [--fresh]   (reports the fastest of N reads; --fresh
// starts every read with new storage instead of the previous read's)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
/// Writes a line to standard error (fd 2 directly: the C `stderr` global is not Sendable).
func printError(_ text: String) {
    let line = text + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

guard arguments.count >= 2 else {
    printError("usage: ParquetBench FILE [--repeat N] [--fresh]")
    exit(2)
}
let path = arguments[1]
var repeats = 1
if let flag = arguments.firstIndex(of: "--repeat"), flag + 1 < arguments.count, let count = Int(arguments[flag + 1]) {
    repeats = max(1, count)
}
let fresh = arguments.contains("--fresh")

/// Reads every row group and folds the values into a checksum; `previous` carries the batch
/// storage between reads.
func readOnce(reusing previous: inout ReplayBatch?) throws -> (rows: Int, checksum: Double) {
    let reader = try ReplayTableReader(path: path)
    var rows = 0
    var checksum = 0.0
    for group in 0..<reader.rowGroupCount {
        let batch = try reader.readRowGroup(group, reusing: &previous)
        defer { previous = batch }
        rows += batch.count
        if let last = batch.timestampMicros.last { checksum += Double(last % 1_000_000) }
        checksum += batch.heartRate[batch.count / 2] + batch.accelX[0] + batch.accelY[0] + batch.accelZ[0]
        checksum += Double(batch.labels?.first ?? 0)
    }
    return (rows, checksum)
}

/// This process's resource usage so far.
func usage() -> rusage {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return usage
}

/// User plus system CPU time, in seconds.
func cpuSeconds(_ usage: rusage) -> Double {
    Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        / 1e6
}

do {
    var best = Double.infinity
    var bestCPU = 0.0
    var result = (rows: 0, checksum: 0.0)
    var previous: ReplayBatch?
    for _ in 0..<repeats {
        let clock = ContinuousClock()
        let cpuStart = cpuSeconds(usage())
        let start = clock.now
        if fresh { previous = nil }
        result = try readOnce(reusing: &previous)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if seconds < best {
            best = seconds
            bestCPU = cpuSeconds(usage()) - cpuStart
        }
    }
    print(
        "{\"reader\": \"swift\", \"seconds\": \(best), \"cpu_seconds\": \(bestCPU), \"rows\": \(result.rows), "
            + "\"checksum\": \(result.checksum), \"peak_rss_kb\": \(usage().ru_maxrss)}")
} catch {
    printError("ParquetBench: \(error)")
    exit(1)
}
