import Foundation
import TestSupport
import Testing

/// `edge-agent replay` end to end: real Parquet files written by pyarrow, the built
/// binary, a real SQLite file, checked by an independent Python computation.
@Suite(.serialized) struct ReplayIntegrationTests {
    private let model = TestEnvironment.fixture("model/onnx/model.int8.safetensors").path

    private func recording(_ directory: URL, _ name: String, _ options: [String] = []) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let made = try runTestScript("make_recording.py", ["--out", path] + options)
        try #require(made.status == 0, "\(made.standardError)")
        return path
    }

    private func agent(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(TestEnvironment.agentBinary.path, arguments)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func check(_ file: String, _ database: String) throws -> [String: Any] {
        let result = try runTestScript("check_replay_metrics.py", [file, database, "0.5"])
        try #require(result.status == 0, "\(result.standardError)")
        return try json(result.standardOutput)
    }

    @Test func reportedMetricsMatchAnIndependentComputation() throws {
        let directory = try TestEnvironment.temporaryDirectory("replay-metrics")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try recording(directory, "ward.parquet", ["--minutes", "12", "--seed", "3"])
        let database = directory.appendingPathComponent("ward.db").path
        let result = try agent(["replay", file, "--model", model, "--db", database, "--json"])
        try #require(result.status == 0, "\(result.standardError)")
        let reported = try json(result.standardOutput)
        let independent = try check(file, database)

        #expect(independent["mismatches"] as? Int == 0)
        #expect(independent["integrity"] as? String == "ok")
        let windows = try #require(reported["windows"] as? [String: Any])
        #expect(windows["scored"] as? Int == 144)
        #expect(windows["committed"] as? Int == independent["windows"] as? Int)
        let metrics = try #require(reported["metrics"] as? [String: Any])
        for key in ["true_positives", "false_positives", "true_negatives", "false_negatives"] {
            #expect(metrics[key] as? Int == independent[key] as? Int, "\(key)")
        }
        for key in ["precision", "recall", "f1", "roc_auc"] {
            let ours = try #require(metrics[key] as? Double, "\(key)")
            let theirs = try #require(independent[key] as? Double, "\(key)")
            #expect(abs(ours - theirs) < 1e-9, "\(key): \(ours) vs \(theirs)")
        }
    }

    @Test func gapsDuplicatesAndOutOfOrderRowsAreCountedNotFatal() throws {
        let directory = try TestEnvironment.temporaryDirectory("replay-faults")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try recording(
            directory, "faulty.parquet",
            ["--minutes", "5", "--gap-at", "61.3", "--gap-seconds", "4", "--duplicates", "7", "--out-of-order", "3"])
        let result = try agent(["replay", file, "--model", model, "--json"])
        try #require(result.status == 0, "\(result.standardError)")
        let reported = try json(result.standardOutput)
        let readings = try #require(reported["readings"] as? [String: Any])
        let windows = try #require(reported["windows"] as? [String: Any])
        #expect(readings["duplicate"] as? Int == 7)
        #expect(readings["out_of_order"] as? Int == 3)
        #expect((readings["gaps"] as? Int ?? 0) >= 1)
        #expect(windows["dropped_for_gap"] as? Int == 1)
        // 5 minutes is 60 windows; the 4 s gap costs the window it cut and shifts the rest.
        let scored = try #require(windows["scored"] as? Int)
        #expect(scored >= 57 && scored <= 59, "\(scored)")
    }

    @Test func interruptCommitsWhatWasScoredAndASecondRunCompletes() throws {
        let directory = try TestEnvironment.temporaryDirectory("replay-sigint")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try recording(directory, "long.parquet", ["--minutes", "40"])
        let database = directory.appendingPathComponent("agent.db").path

        // 200x real time: 480 windows over 12 s, so the interrupt lands mid-run even on a
        // loaded machine.
        let running = try RunningProcess(
            TestEnvironment.agentBinary.path,
            ["replay", file, "--model", model, "--db", database, "--speed", "200x", "--json"])
        Thread.sleep(forTimeInterval: 5)
        running.send(SIGINT)
        let interrupted = running.wait()
        #expect(interrupted.status == 130, "\(interrupted.standardError)")
        let summary = try json(interrupted.standardOutput)
        #expect(summary["interrupted"] as? Bool == true)
        let committed = try #require((summary["windows"] as? [String: Any])?["committed"] as? Int)
        #expect(committed > 0 && committed < 480, "\(committed)")
        #expect(try check(file, database)["windows"] as? Int == committed)

        let second = try agent(["replay", file, "--model", model, "--db", database, "--json"])
        #expect(second.status == 0, "\(second.standardError)")
        let after = try check(file, database)
        #expect(after["windows"] as? Int == 480)
        #expect(after["mismatches"] as? Int == 0)
    }

    @Test func killDashNineLosesNoCommittedWindow() throws {
        let directory = try TestEnvironment.temporaryDirectory("replay-kill")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try recording(directory, "long.parquet", ["--minutes", "40"])
        let database = directory.appendingPathComponent("agent.db").path
        let running = try RunningProcess(
            TestEnvironment.agentBinary.path,
            ["replay", file, "--model", model, "--db", database, "--speed", "200x", "--log-level", "debug"])
        Thread.sleep(forTimeInterval: 5)
        running.send(SIGKILL)
        let killed = running.wait()
        #expect(killed.status == 128 + SIGKILL)

        // The last "windows committed" line is what the agent promised was durable.
        let promised =
            killed.standardError.split(separator: "\n").filter { $0.contains("windows committed") }.last
            .flatMap { line in line.split(separator: " ").first { $0.hasPrefix("count=") } }
            .flatMap { Int($0.dropFirst("count=".count)) } ?? 0
        #expect(promised > 0, "no commit was reported before the kill: \(killed.standardError)")
        let state = try check(file, database)
        #expect(state["integrity"] as? String == "ok")
        #expect((state["windows"] as? Int ?? 0) >= promised)
        #expect(state["mismatches"] as? Int == 0)
    }

    @Test func badInputsGiveClearErrorsAndStatuses() throws {
        let directory = try TestEnvironment.temporaryDirectory("replay-errors")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("agent.db").path
        let file = try recording(directory, "ok.parquet", ["--minutes", "1"])
        let first = try agent(["replay", file, "--model", model, "--db", database])
        try #require(first.status == 0, "\(first.standardError)")

        let missing = try agent(["replay", directory.appendingPathComponent("absent.parquet").path, "--model", model])
        #expect(missing.status == 66)
        #expect(missing.standardError.contains("absent.parquet"))

        let garbage = directory.appendingPathComponent("garbage.parquet")
        try Data("PAR1 this is not parquet PAR1".utf8).write(to: garbage)
        let broken = try agent(["replay", garbage.path, "--model", model, "--db", database])
        #expect(broken.status == 65)
        #expect(broken.standardError.contains("garbage.parquet"))

        let wrongSchema = TestEnvironment.fixture("parquet/parquet-testing/data/alltypes_plain.parquet").path
        let schema = try agent(["replay", wrongSchema, "--model", model, "--db", database])
        #expect(schema.status == 65)
        #expect(schema.standardError.contains("timestamp"))

        let floatModel = TestEnvironment.fixture("model/onnx/float_model.safetensors").path
        let wrongModel = try agent(["replay", file, "--model", floatModel, "--db", database])
        #expect(wrongModel.status == 65)
        #expect(wrongModel.standardError.contains("float weight file"))

        // After every failure the database holds exactly the first run's windows, intact.
        let state = try check(file, database)
        #expect(state["integrity"] as? String == "ok")
        #expect(state["windows"] as? Int == 12)
        #expect(state["mismatches"] as? Int == 0)
    }

    @Test func reportOptionWritesASelfContainedPage() throws {
        let directory = try TestEnvironment.temporaryDirectory("replay-report")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try recording(directory, "ward.parquet", ["--minutes", "3"])
        let report = directory.appendingPathComponent("report.html")
        let result = try agent(["replay", file, "--model", model, "--report", report.path])
        #expect(result.status == 0, "\(result.standardError)")
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(html.contains("ward.parquet"))
        #expect(!html.contains("<script"))
    }
}
