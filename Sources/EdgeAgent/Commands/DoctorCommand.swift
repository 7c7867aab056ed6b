import Glibc
import Model
import Store

extension CommandSpec {
    /// `edge-agent doctor`: checks an installation the way a field technician needs.
    static let doctor = CommandSpec(
        name: "doctor",
        summary: "Check the installation: config, state directory, database, model, devices, disk",
        discussion: """
            Runs each check and prints one line per check: ok, warn (works, but look at it) or FAIL (the agent \
            will not work until it is fixed), with what to do. Exits 0 when nothing failed, 1 otherwise.
            """,
        examples: [
            ("edge-agent doctor", "check the installed agent"),
            ("edge-agent doctor --config ./agent.toml", "check a configuration before installing it"),
        ],
        run: { arguments in
            var report = DoctorReport()
            let configPath = arguments.value("config") ?? AgentPaths.defaultConfig
            let config = report.checkConfiguration(configPath)
            report.checkStateDirectory(config.agent.stateDirectory)
            report.checkDatabase(config)
            report.checkDiskSpace(config)
            report.checkModel(config.model.path)
            report.checkDevices(config.devices)
            if config.federation.enabled {
                report.add(.warn, "federation", "enabled, but the federation client is not in this build yet")
            }
            Console.output(report.lines.joined(separator: "\n") + "\n")
            let failures = report.failures
            Console.output(failures == 0 ? "all checks passed\n" : "\(failures) check(s) failed\n")
            return failures == 0 ? .success : .failure
        }
    )
}

/// The results of `edge-agent doctor`, one line per check.
private struct DoctorReport {
    enum Outcome: String {
        case ok = "[ ok ]"
        case warn = "[warn]"
        case fail = "[FAIL]"
    }

    private(set) var lines: [String] = []
    private(set) var failures = 0

    mutating func add(_ outcome: Outcome, _ check: String, _ detail: String) {
        if outcome == .fail { failures += 1 }
        lines.append("\(outcome.rawValue) \(check.padded(to: 14)) \(detail)")
    }

    mutating func checkConfiguration(_ path: String) -> AgentConfig {
        do {
            let config = try AgentConfig.load(path: path)
            add(.ok, "configuration", "\(path) is valid (\(config.devices.count) device(s) configured)")
            return config
        } catch {
            add(.fail, "configuration", "\(error.description); defaults are assumed for the other checks")
            return AgentConfig()
        }
    }

    mutating func checkStateDirectory(_ directory: String) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            add(.fail, "state dir", "\(directory) does not exist; systemd creates it (StateDirectory=edge-agent)")
            return
        }
        guard access(directory, W_OK) == 0 else {
            add(.fail, "state dir", "\(directory) is not writable by this user (run as the edge-agent user)")
            return
        }
        add(.ok, "state dir", "\(directory) exists and is writable")
    }

    mutating func checkDatabase(_ config: AgentConfig) {
        let path =
            config.store.path.hasPrefix("/") ? config.store.path : config.agent.stateDirectory + "/" + config.store.path
        guard access(path, F_OK) == 0 else {
            add(.ok, "database", "\(path) does not exist yet; the agent creates it on first start")
            return
        }
        do {
            let store = try AgentStore(configuration: StoreConfiguration(path: path, integrityCheck: .quick))
            defer { try? store.close() }
            let usage = try store.storageUsage()
            add(
                .ok, "database",
                "\(path) passes quick_check, schema \(try store.schemaVersion()), \(usage.usedBytes / 1_048_576) MiB used"
            )
        } catch {
            add(.fail, "database", "\(path): \(error)")
        }
    }

    mutating func checkDiskSpace(_ config: AgentConfig) {
        var info = statvfs()
        guard statvfs(config.agent.stateDirectory, &info) == 0 else { return }
        let freeMegabytes = Int(info.f_bavail) * Int(info.f_frsize) / 1_048_576
        if freeMegabytes < config.store.quotaMegabytes {
            add(
                .warn, "disk space",
                "\(freeMegabytes) MiB free, less than the \(config.store.quotaMegabytes) MiB quota; lower [store] quota_mb"
            )
        } else {
            add(.ok, "disk space", "\(freeMegabytes) MiB free for a \(config.store.quotaMegabytes) MiB quota")
        }
    }

    mutating func checkModel(_ path: String) {
        do {
            let model = try LoadedModel.resolve(path: path.isEmpty ? nil : path)
            let scorer = QuantizedScorer(model: model.quantized)
            let probability = try scorer.score([Float](repeating: 0, count: scorer.windowSize))
            guard probability.isFinite else {
                add(.fail, "model", "\(model.version) scores NaN")
                return
            }
            add(
                .ok, "model", "\(model.version) loads and scores (\(QuantizedScorer.activeKernelPath.rawValue) kernels)"
            )
        } catch let failure as CommandFailure {
            add(.fail, "model", failure.message)
        } catch {
            add(.fail, "model", "\(error)")
        }
    }

    mutating func checkDevices(_ devices: [AgentConfig.Device]) {
        for device in devices {
            switch device.source {
            case "serial":
                if access(device.path, R_OK | W_OK) == 0 {
                    add(.ok, "device", "\(device.id): \(device.path) is readable and writable")
                } else {
                    add(
                        .fail, "device",
                        "\(device.id): \(device.path): \(String(cString: strerror(errno))) (is the adapter plugged in?)"
                    )
                }
            case "file":
                if access(device.path, R_OK) == 0 {
                    add(.ok, "device", "\(device.id): \(device.path) is readable")
                } else {
                    add(.fail, "device", "\(device.id): \(device.path): \(String(cString: strerror(errno)))")
                }
            default:
                let adapters = (0..<8).filter { access("/sys/class/bluetooth/hci\($0)", F_OK) == 0 }
                if adapters.isEmpty {
                    add(.fail, "device", "\(device.id): no Bluetooth adapter (no /sys/class/bluetooth/hci*)")
                } else {
                    add(
                        .warn, "device",
                        "\(device.id): adapter hci\(adapters[0]) present; BLE reading is not in this build yet")
                }
            }
        }
    }
}
