import AgentLog
import TOML

extension AgentConfig {
    /// Reads and validates `path`. Every error names the file, line and key.
    static func load(path: String) throws(ConfigError) -> AgentConfig {
        let bytes: [UInt8]
        do {
            bytes = try SystemFile.read(path, limit: 1 << 20)
        } catch {
            throw ConfigError(file: path, line: 0, key: "", message: "cannot be read (\(error))")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(file: path, line: 1, key: "", message: "is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses configuration text; `file` names it in errors.
    static func parse(_ text: String, file: String) throws(ConfigError) -> AgentConfig {
        let document: TOMLTable
        do {
            document = try TOMLParser.parse(text)
        } catch {
            throw ConfigError(file: file, line: error.line, key: "", message: "syntax error: \(error.message)")
        }
        var root = ConfigTableReader(file: file, table: document, path: "")
        var config = AgentConfig()

        var agent = try root.table("agent")
        config.agent.stateDirectory = try agent.string("state_directory", default: config.agent.stateDirectory)
        config.agent.logLevel = try agent.choice(
            "log_level", default: config.agent.logLevel, allowed: LogLevel.allCases.map(\.description))
        config.agent.gatewayName = try agent.string("gateway_name", default: "")
        try agent.finish()

        var model = try root.table("model")
        config.model.path = try model.string("path", default: "")
        config.model.threshold = try model.optionalNumber("threshold", range: 0...1)
        try model.finish()

        var windowing = try root.table("windowing")
        config.windowing.hop = try windowing.integer("hop", default: config.windowing.hop, range: 1...250)
        config.windowing.maxGapMilliseconds = try windowing.integer(
            "max_gap_ms", default: config.windowing.maxGapMilliseconds, range: 20...60_000)
        try windowing.finish()

        var store = try root.table("store")
        config.store.path = try store.string("path", default: config.store.path)
        config.store.quotaMegabytes = try store.integer(
            "quota_mb", default: config.store.quotaMegabytes, range: 16...1_048_576)
        config.store.commitIntervalMilliseconds = try store.integer(
            "commit_interval_ms", default: config.store.commitIntervalMilliseconds, range: 100...60_000)
        try store.finish()

        config.devices = try parseDevices(&root)
        config.federation = try parseFederation(&root)
        config.training = try parseTraining(&root)
        config.privacy = try parsePrivacy(&root)
        try root.finish()
        return config
    }

    private static func parseDevices(_ root: inout ConfigTableReader) throws(ConfigError) -> [Device] {
        var devices: [Device] = []
        var seen: Set<String> = []
        for var table in try root.arrayOfTables("device") {
            let id = try table.string("id", default: nil, expected: "a device name")
            guard seen.insert(id).inserted else { throw table.invalid("id", "device \"\(id)\" is configured twice") }
            var device = Device(
                id: id, source: try table.choice("source", default: nil, allowed: ["ble", "serial", "file"]))
            switch device.source {
            case "ble":
                device.address = try table.string(
                    "address", default: nil, expected: "a Bluetooth address AA:BB:CC:DD:EE:FF")
                guard Self.isBluetoothAddress(device.address) else {
                    throw table.invalid(
                        "address", "expected a Bluetooth address AA:BB:CC:DD:EE:FF, found \"\(device.address)\"")
                }
            case "serial":
                device.path = try table.string("path", default: nil, expected: "a device path such as /dev/ttyUSB0")
                device.baudRate = try table.integer("baud", default: device.baudRate, range: 1200...4_000_000)
            default:
                device.path = try table.string("path", default: nil, expected: "a recording (.parquet)")
            }
            try table.finish()
            devices.append(device)
        }
        return devices
    }

    private static func parseFederation(_ root: inout ConfigTableReader) throws(ConfigError) -> Federation {
        var table = try root.table("federation")
        var federation = Federation()
        federation.enabled = try table.boolean("enabled", default: false)
        federation.insecure = try table.boolean("insecure", default: false)
        federation.superlink = try table.string(
            "superlink", default: federation.enabled ? nil : "", expected: "the SuperLink URL https://host:port")
        if federation.enabled {
            let scheme = federation.insecure ? "http://" : "https://"
            guard federation.superlink.hasPrefix(scheme) else {
                throw table.invalid(
                    "superlink",
                    federation.insecure
                        ? "with insecure = true the URL must start with http://"
                        : "expected an https:// URL (plain http needs insecure = true), found \"\(federation.superlink)\""
                )
            }
        }
        federation.caFile = try table.string("ca_file", default: "")
        federation.clientCertificate = try table.string("client_certificate", default: "")
        federation.clientKey = try table.string("client_key", default: "")
        guard federation.clientCertificate.isEmpty == federation.clientKey.isEmpty else {
            throw table.invalid("client_key", "client_certificate and client_key must be given together")
        }
        federation.pinnedPublicKey = try table.string("pinned_public_key", default: "")
        federation.fabID = try table.string("fab_id", default: federation.fabID)
        federation.fabVersion = try table.string("fab_version", default: federation.fabVersion)
        federation.pollIntervalSeconds = try table.integer(
            "poll_interval_s", default: federation.pollIntervalSeconds, range: 1...86_400)
        federation.requestTimeoutSeconds = try table.integer(
            "request_timeout_s", default: federation.requestTimeoutSeconds, range: 1...600)
        federation.maxMessageMegabytes = try table.integer(
            "max_message_mb", default: federation.maxMessageMegabytes, range: 1...1024)
        try table.finish()
        return federation
    }

    private static func parseTraining(_ root: inout ConfigTableReader) throws(ConfigError) -> Training {
        var table = try root.table("training")
        var training = Training()
        training.localEpochs = try table.integer("local_epochs", default: training.localEpochs, range: 1...100)
        training.batchSize = try table.integer("batch_size", default: training.batchSize, range: 1...4096)
        training.learningRate = try table.number("learning_rate", default: training.learningRate, range: 1e-7...1)
        training.optimizer = try table.choice("optimizer", default: training.optimizer, allowed: ["adam", "sgd"])
        training.minimumLabelledWindows = try table.integer(
            "min_labelled_windows", default: training.minimumLabelledWindows, range: 1...10_000_000)
        try table.finish()
        return training
    }

    private static func parsePrivacy(_ root: inout ConfigTableReader) throws(ConfigError) -> Privacy {
        var table = try root.table("privacy")
        var privacy = Privacy()
        privacy.maxGradientNorm = try table.number("max_grad_norm", default: privacy.maxGradientNorm, range: 1e-6...1e6)
        privacy.noiseMultiplier = try table.number("noise_multiplier", default: privacy.noiseMultiplier, range: 0...100)
        privacy.updateClipNorm = try table.number(
            "update_clip_norm", default: privacy.updateClipNorm, range: 1e-6...1e6)
        privacy.epsilonBudget = try table.number("epsilon_budget", default: privacy.epsilonBudget, range: 0.01...1000)
        privacy.delta = try table.number("delta", default: privacy.delta, range: 1e-12...0.1)
        try table.finish()
        return privacy
    }

    /// Six two-digit hex bytes separated by colons.
    static func isBluetoothAddress(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 6 && parts.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isHexDigit) }
    }
}
