extension AgentConfig {
    /// The effective configuration (defaults filled in) as TOML that parses back
    /// to the same values; printed by `edge-agent config check`.
    func renderTOML() -> String {
        var out = TOMLText()
        out.table("agent")
        out.key("state_directory", string: agent.stateDirectory)
        out.key("log_level", string: agent.logLevel)
        out.key("gateway_name", string: agent.gatewayName)

        out.table("model")
        out.key("path", string: model.path)
        if let threshold = model.threshold { out.key("threshold", number: threshold) }

        out.table("windowing")
        out.key("hop", integer: windowing.hop)
        out.key("max_gap_ms", integer: windowing.maxGapMilliseconds)

        out.table("store")
        out.key("path", string: store.path)
        out.key("quota_mb", integer: store.quotaMegabytes)
        out.key("commit_interval_ms", integer: store.commitIntervalMilliseconds)

        for device in devices {
            out.arrayTable("device")
            out.key("id", string: device.id)
            out.key("source", string: device.source)
            switch device.source {
            case "ble": out.key("address", string: device.address)
            case "serial":
                out.key("path", string: device.path)
                out.key("baud", integer: device.baudRate)
            default: out.key("path", string: device.path)
            }
        }

        out.table("federation")
        out.key("enabled", bool: federation.enabled)
        out.key("superlink", string: federation.superlink)
        out.key("insecure", bool: federation.insecure)
        out.key("ca_file", string: federation.caFile)
        out.key("client_certificate", string: federation.clientCertificate)
        out.key("client_key", string: federation.clientKey)
        out.key("pinned_public_key", string: federation.pinnedPublicKey)
        out.key("fab_id", string: federation.fabID)
        out.key("fab_version", string: federation.fabVersion)
        out.key("poll_interval_s", integer: federation.pollIntervalSeconds)
        out.key("request_timeout_s", integer: federation.requestTimeoutSeconds)
        out.key("max_message_mb", integer: federation.maxMessageMegabytes)

        out.table("training")
        out.key("local_epochs", integer: training.localEpochs)
        out.key("batch_size", integer: training.batchSize)
        out.key("learning_rate", number: training.learningRate)
        out.key("optimizer", string: training.optimizer)
        out.key("min_labelled_windows", integer: training.minimumLabelledWindows)

        out.table("privacy")
        out.key("max_grad_norm", number: privacy.maxGradientNorm)
        out.key("noise_multiplier", number: privacy.noiseMultiplier)
        out.key("update_clip_norm", number: privacy.updateClipNorm)
        out.key("epsilon_budget", number: privacy.epsilonBudget)
        out.key("delta", number: privacy.delta)
        return out.text
    }
}

/// Accumulates TOML lines with correctly quoted strings.
private struct TOMLText {
    var text = ""

    mutating func table(_ name: String) { text += (text.isEmpty ? "" : "\n") + "[\(name)]\n" }
    mutating func arrayTable(_ name: String) { text += (text.isEmpty ? "" : "\n") + "[[\(name)]]\n" }
    mutating func key(_ key: String, string: String) { text += "\(key) = \(Self.quoted(string))\n" }
    mutating func key(_ key: String, integer: Int) { text += "\(key) = \(integer)\n" }
    mutating func key(_ key: String, bool: Bool) { text += "\(key) = \(bool)\n" }
    mutating func key(_ key: String, number: Double) {
        // Swift's description round-trips and always has a '.' or an exponent for non-integers;
        // integral values get ".0" so the type stays float.
        var rendered = "\(number)"
        if !rendered.contains(".") && !rendered.contains("e") && !rendered.contains("n") { rendered += ".0" }
        text += "\(key) = \(rendered)\n"
    }

    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
