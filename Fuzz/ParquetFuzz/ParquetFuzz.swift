// libFuzzer entry point for the Parquet reader. Compiled into the same module as the
// Parquet sources by scripts/fuzz-parquet (not part of `swift build`).

/// Limits low enough that the fuzzer's RSS cap measures leaks and bugs, not legitimate
/// large allocations a hostile footer may request within the default limits.
private let fuzzLimits = ParquetReadLimits(
    maxFooterBytes: 1 << 20, maxPageBytes: 16 << 20, maxRowsPerRowGroup: 1 << 18, maxCompressionRatio: 4096,
    maxDecodedColumnBytes: 64 << 20)

/// libFuzzer's entry point: one input, always returns 0 (failures are traps or sanitizer reports).
@_cdecl("LLVMFuzzerTestOneInput")
public func parquetFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    fuzzParquet(bytes)
    return 0
}

/// Opens, reads every flat column of every row group, and renders `inspect` text and JSON.
/// Every failure must surface as a thrown error; a trap or sanitizer report is a bug.
func fuzzParquet(_ bytes: [UInt8]) {
    guard let reader = try? ParquetFileReader(bytes: bytes, name: "fuzz", limits: fuzzLimits) else { return }
    let flat = reader.schema.columns.indices.filter { !reader.schema.columns[$0].isRepeated }
    for group in 0..<reader.rowGroupCount {
        guard let data = try? reader.readRowGroup(group, columnIndices: flat) else { continue }
        for column in data.columns where column.values.count > 0 {
            _ = column.cell(0)
            _ = column.cell(column.values.count - 1)
        }
    }
    if reader.rowGroupCount > 0 {
        _ = try? ReplayTableReader(file: reader).readRowGroup(0)
    }
    _ = try? ParquetInspector.report(reader: reader, head: 3, json: true)
    _ = try? ParquetInspector.report(reader: reader, head: 3, json: false)
}
