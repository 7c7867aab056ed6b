import Foundation
import TestSupport
import Testing

/// `edge-agent train` and `edge-agent inspect` through the built binary.
@Suite struct TrainAndInspectCommandTests {
    private func agent(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(TestEnvironment.agentBinary.path, arguments)
    }

    @Test func trainWritesFloatAndInt8ModelsThatReplayUses() throws {
        let directory = try TestEnvironment.temporaryDirectory("train")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data.parquet").path
        let made = try runTestScript("make_recording.py", ["--out", data, "--minutes", "30", "--seed", "9"])
        try #require(made.status == 0, "\(made.standardError)")

        let model = directory.appendingPathComponent("model.safetensors").path
        let trained = try agent([
            "train", "--data", data, "--out", model, "--epochs", "2", "--holdout", "0.2", "--batch-size", "32",
        ])
        try #require(trained.status == 0, "\(trained.standardError)")
        #expect(trained.standardOutput.contains("held-out  int8"))
        #expect(trained.standardOutput.contains("decision threshold"))
        let int8Model = directory.appendingPathComponent("model.int8.safetensors").path
        #expect(FileManager.default.fileExists(atPath: model))

        // The float file loads in Python under PyTorch names; the int8 file carries the threshold.
        let names = try runPython([
            "-c",
            "import sys; from safetensors.numpy import load_file; f = load_file(sys.argv[1]); "
                + "print('conv1.weight' in f and 'out.bias' in f and f['conv1.weight'].shape == (16, 4, 7))",
            model,
        ])
        #expect(names.standardOutput.hasPrefix("True"), "\(names.standardError)")

        let replay = try agent(["replay", data, "--model", int8Model, "--json"])
        try #require(replay.status == 0, "\(replay.standardError)")
        let summary = try #require(
            JSONSerialization.jsonObject(with: Data(replay.standardOutput.utf8)) as? [String: Any])
        let windows = try #require(summary["windows"] as? [String: Any])
        let threshold = try #require(windows["threshold"] as? Double)
        #expect(threshold > 0 && threshold < 1)
        #expect(windows["scored"] as? Int == 360)

        // Overlapping training windows (hop 125) stop before the held-out quarter, which is cut as
        // replay cuts it: 360 windows at hop 250, the last 90 held out from 1,350 s on; training
        // windows start every 2.5 s and must end by then, so they start at 0 … 1,345 s: 539.
        let overlapping = try agent([
            "train", "--data", data, "--out", model, "--epochs", "1", "--holdout", "0.25", "--hop", "125",
            "--schedule", "cosine", "--calibration-coverage", "1",
        ])
        try #require(overlapping.status == 0, "\(overlapping.standardError)")
        #expect(overlapping.standardOutput.contains(": 539 labelled windows"), "\(overlapping.standardOutput)")
        #expect(overlapping.standardOutput.contains("the last 90 windows are held out"))
        #expect(overlapping.standardOutput.contains("held-out  int8     90 "))
        // No terminal: one progress line per epoch on stderr instead of a bar.
        #expect(overlapping.standardError.contains("train: epoch 1/1 loss "), "\(overlapping.standardError)")
        for bad in [
            ["--schedule", "step"], ["--calibration-coverage", "0.4"], ["--input-clip", "0"], ["--monitor", "f1"],
            ["--validation", "last"],
        ] {
            let refused = try agent(["train", "--data", data, "--out", model] + bad)
            #expect(refused.status == 64, "\(bad): \(refused.standardError)")
        }
    }

    @Test func trainRefusesUnlabelledDataAndWrongUsage() throws {
        let missing = try agent(["train", "--out", "x.safetensors"])
        #expect(missing.status == 64)
        let absent = try agent(["train", "--data", "/nonexistent/file.parquet"])
        #expect(absent.status == 66)
        let unlabelled = TestEnvironment.fixture("parquet/parquet-testing/data/alltypes_plain.parquet").path
        let refused = try agent(["train", "--data", unlabelled])
        #expect(refused.status == 65)
    }

    @Test func inspectPrintsJSONAndClassifiesErrors() throws {
        let file = TestEnvironment.fixture("parquet/parquet-writers/pyarrow_ts-us_rowgroups-2500.parquet").path
        let result = try agent(["inspect", file, "--json", "--head", "2"])
        try #require(result.status == 0, "\(result.standardError)")
        let document = try #require(
            JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(document["num_rows"] as? Int == 10_000 || document["rows"] as? Int == 10_000, "\(document.keys)")

        let text = try agent(["inspect", file])
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("TIMESTAMP(MICROS"))

        let broken = TestEnvironment.fixture("parquet/parquet-testing/bad_data/PARQUET-1481.parquet").path
        let failed = try agent(["inspect", broken])
        #expect(failed.status == 65)
        #expect(failed.standardError.contains("PARQUET-1481.parquet"))
        #expect(try agent(["inspect", "/nonexistent.parquet"]).status == 66)
        #expect(try agent(["inspect", file, "--head", "-1"]).status == 64)
    }
}
