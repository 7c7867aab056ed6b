import Foundation
import TestSupport
import Testing

/// `edge-agent simulate` through the built binary.
@Suite struct SimulateCommandTests {
    @Test func kindLabelsChangeOnlyTheLabelColumn() throws {
        let directory = try TestEnvironment.temporaryDirectory("simulate-kinds")
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("plain.parquet").path
        let kinds = directory.appendingPathComponent("kinds.parquet").path
        for (path, extra) in [(plain, [String]()), (kinds, ["--label-kinds"])] {
            let result = try runProcess(
                TestEnvironment.agentBinary.path, ["simulate", "--out", path, "--hours", "6", "--seed", "5"] + extra)
            try #require(result.status == 0, "\(result.standardError)")
        }
        let check = try runPython([
            "-c",
            """
            import sys, pyarrow.parquet as pq
            a, b = pq.read_table(sys.argv[1]), pq.read_table(sys.argv[2])
            same = all(a.column(c).equals(b.column(c)) for c in ["timestamp", "hr", "accel_x", "accel_y", "accel_z"])
            la, lb = a.column("label").to_numpy(), b.column("label").to_numpy()
            print(same, sorted(set(la.tolist())), sorted(set(lb.tolist())), bool(((la > 0) == (lb > 0)).all()))
            """,
            plain, kinds,
        ])
        try #require(check.status == 0, "\(check.standardError)")
        let fields = check.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fields.hasPrefix("True [0, 1] [0, "), "\(fields)")
        #expect(fields.hasSuffix("True"), "\(fields)")
        // More than one kind appears in six hours at the default 5 % rate.
        #expect(fields.components(separatedBy: "[")[2].split(separator: ",").count > 2, "\(fields)")
    }

    @Test func conflictingOptionsAreUsageErrors() throws {
        for arguments in [
            ["simulate"], ["simulate", "--out", "a.parquet", "--split-dir", "d"],
            ["simulate", "--out", "a.parquet", "--hours", "1", "--samples", "5"],
            ["simulate", "--out", "a.parquet", "--anomaly-rate", "0.9"],
        ] {
            let result = try runProcess(TestEnvironment.agentBinary.path, arguments)
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
        }
    }
}
