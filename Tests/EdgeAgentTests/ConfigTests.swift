import Foundation
import TestSupport
import Testing

@testable import EdgeAgent

@Suite struct ConfigTests {
    private func parse(_ text: String) throws(ConfigError) -> AgentConfig {
        try AgentConfig.parse(text, file: "agent.toml")
    }

    private func expectError(_ text: String, line: Int, key: String, containing fragment: String) {
        do {
            _ = try parse(text)
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.file == "agent.toml")
            #expect(error.line == line, "\(error)")
            #expect(error.key == key, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }

    @Test func anEmptyFileGivesTheDefaults() throws {
        #expect(try parse("") == AgentConfig())
    }

    @Test func readsAValidFile() throws {
        let config = try parse(
            """
            [agent]
            state_directory = "/srv/edge"
            log_level = "debug"

            [model]
            threshold = 0.7

            [windowing]
            hop = 125

            [[device]]
            id = "strap"
            source = "ble"
            address = "A0:9E:1A:00:00:01"

            [[device]]
            id = "monitor"
            source = "serial"
            path = "/dev/ttyUSB0"
            baud = 9600

            [federation]
            enabled = true
            superlink = "https://coordinator.example:9095"
            """)
        #expect(config.agent.stateDirectory == "/srv/edge")
        #expect(config.agent.logLevel == "debug")
        #expect(config.model.threshold == 0.7)
        #expect(config.windowing.hop == 125)
        #expect(config.devices.map(\.id) == ["strap", "monitor"])
        #expect(config.devices[1].baudRate == 9600)
        #expect(config.federation.enabled)
    }

    @Test func syntaxErrorsNameTheLine() {
        expectError("[store]\nquota_mb = 512\npath = agent.db\n", line: 3, key: "", containing: "syntax error")
    }

    @Test func wrongTypesNameKeyAndExpectation() {
        expectError(
            "[store]\n\nquota_mb = \"lots\"\n", line: 3, key: "store.quota_mb", containing: "expected an integer")
        expectError("[model]\nthreshold = 1.5\n", line: 2, key: "model.threshold", containing: "from 0.0 to 1.0")
        expectError("[agent]\nlog_level = \"loud\"\n", line: 2, key: "agent.log_level", containing: "one of")
        expectError(
            "[federation]\nenabled = \"yes\"\n", line: 2, key: "federation.enabled", containing: "true or false")
    }

    @Test func unknownKeysAreErrors() {
        expectError("[store]\nquota_gb = 1\n", line: 2, key: "store.quota_gb", containing: "unknown key")
        expectError("[stroe]\nquota_mb = 1\n", line: 1, key: "stroe", containing: "unknown key")
        expectError("verbose = true\n", line: 1, key: "verbose", containing: "unknown key")
    }

    @Test func missingRequiredKeysAreNamed() {
        expectError(
            "[federation]\nenabled = true\n", line: 1, key: "federation.superlink", containing: "missing required key")
        expectError("[[device]]\nsource = \"ble\"\n", line: 1, key: "device[1].id", containing: "missing required key")
        expectError(
            "[[device]]\nid = \"a\"\nsource = \"ble\"\n", line: 1, key: "device[1].address",
            containing: "missing required key")
    }

    @Test func crossKeyRulesAreEnforced() {
        expectError(
            "[federation]\nenabled = true\nsuperlink = \"http://x:9095\"\n", line: 3, key: "federation.superlink",
            containing: "https://")
        expectError(
            "[[device]]\nid = \"a\"\nsource = \"ble\"\naddress = \"nope\"\n", line: 4, key: "device[1].address",
            containing: "Bluetooth address")
        expectError(
            "[[device]]\nid = \"a\"\nsource = \"file\"\npath = \"x\"\n[[device]]\nid = \"a\"\nsource = \"file\"\npath = \"y\"\n",
            line: 6, key: "device[2].id", containing: "configured twice")
    }

    @Test func theShippedExampleParsesToTheDefaults() throws {
        let path = TestEnvironment.packageRoot.appendingPathComponent("packaging/agent.toml").path
        #expect(try AgentConfig.load(path: path) == AgentConfig())
    }

    @Test func theEffectiveConfigurationParsesBackToItself() throws {
        let config = try parse(
            """
            [agent]
            gateway_name = "ward \\"B\\""
            [[device]]
            id = "strap"
            source = "ble"
            address = "A0:9E:1A:00:00:01"
            [privacy]
            delta = 1e-6
            """)
        #expect(try parse(config.renderTOML()) == config)
    }
}
