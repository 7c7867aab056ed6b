import Testing

@testable import AgentLog

@Suite struct LoggerTests {
    @Test func journalLinesCarryTheSyslogPriority() {
        let output = LogOutput(minimumLevel: .info, style: .journal, fileDescriptor: 2)
        output.capture(true)
        let logger = Logger(label: "store", output: output).with("device", "AA:BB")
        logger.notice("quota reached", ["evicted": "12"])
        logger.error("disk full", ["path": "/var/lib/edge agent"])
        #expect(
            output.capture(false) == [
                "<5>store: quota reached device=AA:BB evicted=12",
                "<3>store: disk full device=AA:BB path=\"/var/lib/edge agent\"",
            ])
    }

    @Test func levelsBelowTheMinimumAreDropped() {
        let output = LogOutput(minimumLevel: .warning, style: .journal, fileDescriptor: 2)
        output.capture(true)
        let logger = Logger(label: "ble", output: output)
        logger.debug("frame")
        logger.info("connected")
        logger.warning("weak signal")
        #expect(output.capture(false) == ["<4>ble: weak signal"])
    }

    @Test func humanLinesStartWithAUTCTimestampAndLevel() throws {
        let output = LogOutput(minimumLevel: .debug, style: .human, fileDescriptor: 2)
        output.capture(true)
        Logger(label: "agent", output: output).info("started")
        let line = try #require(output.capture(false).first)
        #expect(line.hasSuffix("Z info    agent: started"))
        #expect(line.count == "2026-12-03T17:40:01.123Z info    agent: started".count)
    }

    @Test func levelNamesRoundTrip() {
        for level in LogLevel.allCases { #expect(LogLevel(name: level.description) == level) }
        #expect(LogLevel(name: "verbose") == nil)
        #expect(LogLevel.debug < LogLevel.error)
    }
}
