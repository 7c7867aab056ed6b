import Foundation
import TestSupport
import Testing

@testable import EdgeAgent

/// Runs the built `edge-agent` binary as a user would.
@Suite struct CommandLineTests {
    private func agent(_ arguments: String...) throws -> ProcessResult {
        try runProcess(TestEnvironment.agentBinary.path, arguments)
    }

    @Test func topLevelHelpListsEveryCommand() throws {
        let result = try agent("--help")
        #expect(result.status == 0)
        for command in CommandCatalog.all { #expect(result.standardOutput.contains("  \(command.name)  ")) }
    }

    @Test(arguments: CommandCatalog.all.map(\.name))
    func everyCommandHasHelp(name: String) throws {
        let words = name.split(separator: " ").map(String.init)
        for spelling in [words + ["--help"], words + ["-h"], ["help"] + words] {
            let result = try runProcess(TestEnvironment.agentBinary.path, spelling)
            #expect(result.status == 0, "\(spelling)")
            #expect(result.standardOutput.hasPrefix("Usage: edge-agent \(name)"), "\(spelling)")
            #expect(result.standardOutput.contains("Options:"))
            #expect(result.standardOutput.contains("Examples:"))
        }
    }

    @Test func wrongUsageExits64WithAUsageLine() throws {
        for arguments in [["replay"], ["replay", "x.parquet", "--bogus"], ["inspect", "f", "--head"], ["frobnicate"]] {
            let result = try runProcess(TestEnvironment.agentBinary.path, arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.standardError.contains("Usage: edge-agent") || result.standardError.contains("--help"))
        }
        let noArguments = try runProcess(TestEnvironment.agentBinary.path, [])
        #expect(noArguments.status == 64)
    }

    @Test func aBadLogLevelIsAUsageError() throws {
        let result = try agent("version", "--log-level", "loud")
        #expect(result.status == 64)
        #expect(result.standardError.contains("--log-level"))
    }

    @Test func unimplementedCommandsSaySoAndExit69() throws {
        for arguments in [["run"], ["scan"]] {
            let result = try runProcess(TestEnvironment.agentBinary.path, arguments)
            #expect(result.status == 69, "\(arguments)")
            #expect(result.standardError.contains("not implemented"), "\(arguments)")
            #expect(result.standardOutput.isEmpty)
        }
    }

    @Test func versionPrintsTheVersion() throws {
        let result = try agent("version")
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("edge-agent \(AgentVersion.current) "))
    }

    @Test func configCheckValidatesAndReportsFileLineAndKey() throws {
        let directory = try TestEnvironment.temporaryDirectory("config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("good.toml")
        try "[store]\nquota_mb = 64\n".write(to: good, atomically: true, encoding: .utf8)
        let ok = try agent("config", "check", good.path)
        #expect(ok.status == 0)
        #expect(ok.standardOutput.contains("quota_mb = 64"))

        let bad = directory.appendingPathComponent("bad.toml")
        try "[store]\nquota_mb = 64\nquota_gb = 1\n".write(to: bad, atomically: true, encoding: .utf8)
        let failed = try agent("config", "check", "--config", bad.path)
        #expect(failed.status == 78)
        #expect(failed.standardError.contains("\(bad.path):3: store.quota_gb: unknown key"))

        let missing = try agent("config", "check", directory.appendingPathComponent("absent.toml").path)
        #expect(missing.status == 66)
    }

    @Test func doctorPassesAGoodSetupAndNamesWhatToFix() throws {
        let directory = try TestEnvironment.temporaryDirectory("doctor")
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = TestEnvironment.fixture("model/onnx/model.int8.safetensors").path
        let good = directory.appendingPathComponent("good.toml")
        try "[agent]\nstate_directory = \"\(directory.path)\"\n[model]\npath = \"\(model)\"\n"
            .write(to: good, atomically: true, encoding: .utf8)
        let passed = try agent("doctor", "--config", good.path)
        #expect(passed.status == 0, "\(passed.standardOutput)")
        #expect(passed.standardOutput.contains("[ ok ] model"))
        #expect(passed.standardOutput.hasSuffix("all checks passed\n"))

        let bad = directory.appendingPathComponent("bad.toml")
        try
            "[agent]\nstate_directory = \"\(directory.path)/missing\"\n[[device]]\nid = \"m\"\nsource = \"serial\"\npath = \"/dev/edge-agent-no-such-port\"\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let failed = try agent("doctor", "--config", bad.path)
        #expect(failed.status == 1)
        #expect(failed.standardOutput.contains("[FAIL] state dir"))
        #expect(failed.standardOutput.contains("[FAIL] device         m: /dev/edge-agent-no-such-port"))
    }

    @Test func statusReadsAReplayDatabaseAndNeverCreatesOne() throws {
        let directory = try TestEnvironment.temporaryDirectory("status")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("agent.db").path
        let missing = try agent("status", "--db", database)
        #expect(missing.status == 66)
        #expect(!FileManager.default.fileExists(atPath: database))

        let recording = TestEnvironment.fixture("parquet/parquet-writers/pyarrow_ts-us_default.parquet").path
        let model = TestEnvironment.fixture("model/onnx/model.int8.safetensors").path
        let replay = try agent("replay", recording, "--model", model, "--db", database)
        try #require(replay.status == 0, "\(replay.standardError)")
        let status = try agent("status", "--db", database)
        #expect(status.status == 0, "\(status.standardError)")
        #expect(status.standardOutput.contains("file:pyarrow_ts-us_default.parquet: 40 windows"))
    }
}
