/// Every command of `edge-agent`, in the order the overview lists them.
enum CommandCatalog {
    static let all: [CommandSpec] = [
        .runDaemon, .replay, .inspect, .simulate, .train, .scan, .status, .doctor, .configCheck, .version,
    ]
}

/// The failure of a command this build does not implement yet: said plainly, exit 69.
func notImplemented(_ command: String, _ what: String) -> CommandFailure {
    CommandFailure(.unavailable, "\(what) is not implemented in this build yet, so '\(command)' cannot run")
}
