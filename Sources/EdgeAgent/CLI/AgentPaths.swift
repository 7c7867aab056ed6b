/// Where the agent keeps its files on a gateway (the `.deb` and systemd unit use
/// the same paths).
enum AgentPaths {
    /// The configuration file read when `--config` is not given.
    static let defaultConfig = "/etc/edge-agent/agent.toml"
    /// The state directory (systemd `StateDirectory=edge-agent`).
    static let defaultStateDirectory = "/var/lib/edge-agent"
}

/// The agent's version, printed by `edge-agent version` and stored with models
/// and uploads. Bumped with each release.
enum AgentVersion {
    /// Semantic version of this build.
    static let current = "0.1.0"
}
