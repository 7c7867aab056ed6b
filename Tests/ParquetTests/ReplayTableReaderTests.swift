import Foundation
import TestSupport
import Testing

@testable import Parquet

/// The replay schema reader against the four writers' files, whose every value follows the
/// generator formula in `parquet-writers/MANIFEST.md`.
@Suite struct ReplayTableReaderTests {
    static let writerFiles = Fixture.all.filter { $0.relativePath.hasPrefix("parquet-writers/") }

    @Test func everyWriterFileIsPresent() { #expect(Self.writerFiles.count == 37) }

    @Test(arguments: writerFiles)
    func valuesFollowTheGeneratorFormula(_ fixture: Fixture) throws {
        let reader = try ReplayTableReader(path: fixture.url.path)
        #expect(reader.hasLabels)
        let nullableHR = fixture.relativePath.contains("hr-nulls")
        var row = 0
        var previous: ReplayBatch?
        for group in 0..<reader.rowGroupCount {
            // Reuse the previous batch's storage, as streaming callers do.
            let batch = try reader.readRowGroup(group, reusing: &previous)
            defer { previous = batch }
            #expect(batch.heartRate.count == batch.count && batch.accelZ.count == batch.count)
            for index in 0..<batch.count {
                let i = row + index
                #expect(batch.timestampMicros[index] == 1_700_000_000_000_000 + Int64(i) * 20_000)
                let hr = 60.0 + Double((i * 7) % 97) * 0.5
                if nullableHR && i % 37 == 0 {
                    #expect(batch.heartRate[index].isNaN, "row \(i)")
                } else {
                    #expect(batch.heartRate[index] == hr, "row \(i)")
                }
                #expect(batch.accelX[index] == Double((i * 13) % 2001 - 1000) / 1000.0)
                #expect(batch.accelY[index] == Double((i * 17 + 500) % 2001 - 1000) / 1000.0)
                #expect(batch.accelZ[index] == Double((i * 19 + 1000) % 2001 - 1000) / 1000.0)
                #expect(batch.labels?[index] == Int8((i / 250) % 7 - 3))
            }
            row += batch.count
        }
        #expect(row == 10_000)
    }

    @Test func missingColumnErrorListsWhatTheFileHas() throws {
        let path = Fixture(relativePath: "parquet-testing/data/alltypes_plain.parquet").url.path
        let error = #expect(throws: ParquetError.self) { try ReplayTableReader(path: path) }
        let text = error?.description ?? ""
        #expect(text.contains("missing column 'timestamp'"))
        #expect(text.contains("double_col: DOUBLE optional"))
        #expect(text.contains("alltypes_plain.parquet"))
    }

    /// Writes a small replay table with pyarrow in a chosen variant and returns its path.
    private func writeVariant(_ variant: String) throws -> String {
        let directory = try TestEnvironment.temporaryDirectory("replay")
        let path = directory.appendingPathComponent("\(variant).parquet").path
        let script = """
            import sys, pyarrow as pa, pyarrow.parquet as pq
            variant, path = sys.argv[1], sys.argv[2]
            n = 600
            us = [1_700_000_000_000_000 + i * 20_000 for i in range(n)]
            unit = {"ms": "ms", "ns": "ns", "int96": "ns"}.get(variant, "us")
            scale = {"ms": 0.001, "ns": 1000}.get(unit, 1)
            ts = pa.array([int(u * scale) for u in us], pa.timestamp(unit))
            f = pa.float32() if variant == "float32" else pa.float64()
            cols = {"timestamp": ts,
                    "hr": pa.array([None if i % 5 == 0 else 70.5 for i in range(n)], f),
                    "accel_x": pa.array([0.25] * n, f), "accel_y": pa.array([-0.5] * n, f),
                    "accel_z": pa.array([1.0] * n, f)}
            if variant == "bool-label": cols["label"] = pa.array([i % 2 == 1 for i in range(n)])
            elif variant == "int64-label": cols["label"] = pa.array([i % 3 for i in range(n)], pa.int64())
            elif variant == "int16-label": cols["label"] = pa.array([None if i == 7 else -2 for i in range(n)], pa.int16())
            elif variant == "int32-label-128":
                cols["label"] = pa.array([128 if i == 520 else (127, -127)[i % 2] for i in range(n)], pa.int32())
            elif variant == "int64-label-wide":
                cols["label"] = pa.array([2**32 + 1 if i == 300 else 1 for i in range(n)], pa.int64())
            if variant == "text-hr": cols["hr"] = pa.array(["x"] * n)
            if variant == "no-accel": del cols["accel_z"]
            pq.write_table(pa.table(cols), path, row_group_size=250,
                           use_deprecated_int96_timestamps=(variant == "int96"),
                           coerce_timestamps=None if variant != "ms" else "ms")
            """
        let result = try runPython(["-c", script, variant, path])
        #expect(result.status == 0, "\(result.standardError)")
        return path
    }

    @Test(arguments: ["ms", "ns", "int96", "float32", "bool-label", "int64-label", "int16-label"])
    func writerVariantsConvert(_ variant: String) throws {
        let reader = try ReplayTableReader(path: try writeVariant(variant))
        #expect(reader.rowGroupCount == 3)
        var row = 0
        for group in 0..<reader.rowGroupCount {
            let batch = try reader.readRowGroup(group)
            for index in 0..<batch.count {
                let i = row + index
                #expect(batch.timestampMicros[index] == 1_700_000_000_000_000 + Int64(i) * 20_000)
                #expect(i % 5 == 0 ? batch.heartRate[index].isNaN : batch.heartRate[index] == 70.5)
                #expect(batch.accelX[index] == 0.25 && batch.accelY[index] == -0.5 && batch.accelZ[index] == 1)
                switch variant {
                case "bool-label": #expect(batch.labels?[index] == Int8(i % 2))
                case "int64-label": #expect(batch.labels?[index] == Int8(i % 3))
                case "int16-label": #expect(batch.labels?[index] == (i == 7 ? ReplayBatch.missingLabel : -2))
                default: #expect(batch.labels == nil)
                }
            }
            row += batch.count
        }
        #expect(row == 600)
    }

    @Test func reusedStorageGivesTheSameBatchesAcrossRowGroupsAndFiles() throws {
        // Row groups of 250, 250 and 100 rows: reuse shrinks the arrays for the last group,
        // and a second pass with the same storage grows them back.
        let reader = try ReplayTableReader(path: try writeVariant("int16-label"))
        let fresh = try (0..<reader.rowGroupCount).map { try reader.readRowGroup($0) }
        var previous: ReplayBatch?
        for _ in 0..<2 {
            for group in 0..<reader.rowGroupCount {
                let batch = try reader.readRowGroup(group, reusing: &previous)
                defer { previous = batch }
                let expected = fresh[group]
                #expect(batch.count == expected.count)
                #expect(batch.timestampMicros == expected.timestampMicros && batch.labels == expected.labels)
                #expect(batch.accelX == expected.accelX && batch.accelZ == expected.accelZ)
                #expect(zip(batch.heartRate, expected.heartRate).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
            }
        }
    }

    @Test(arguments: [("int32-label-128", "label 128 at row 20"), ("int64-label-wide", "label 4294967297 at row 50")])
    func labelsBeyondInt8AreRefusedWithTheirRow(_ variant: String, _ message: String) throws {
        let reader = try ReplayTableReader(path: try writeVariant(variant))
        var previous: ReplayBatch?
        var failure: ParquetError?
        for group in 0..<reader.rowGroupCount {
            do {
                let batch = try reader.readRowGroup(group, reusing: &previous)
                previous = batch
                #expect(batch.labels?.allSatisfy { $0 == 1 || $0 == 127 || $0 == -127 } == true)
            } catch let error as ParquetError {
                failure = error
                break
            }
        }
        #expect(failure?.description.contains(message) == true, "\(String(describing: failure))")
    }

    @Test func mistypedChannelIsNamedWithItsType() throws {
        let path = try writeVariant("text-hr")
        let error = #expect(throws: ParquetError.self) { try ReplayTableReader(path: path) }
        let text = error?.description ?? ""
        #expect(text.contains("column 'hr' is BYTE_ARRAY STRING optional"), "\(text)")
        #expect(text.contains("the file has: timestamp: INT64 TIMESTAMP(MICROS, local) optional"), "\(text)")
    }

    @Test func missingChannelIsNamed() throws {
        let path = try writeVariant("no-accel")
        let error = #expect(throws: ParquetError.self) { try ReplayTableReader(path: path) }
        #expect(error?.description.contains("missing column 'accel_z'") == true)
    }
}
