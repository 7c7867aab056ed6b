extension CommandSpec {
    /// `edge-agent config check [PATH]`: validate a configuration and print it with defaults.
    static let configCheck = CommandSpec(
        name: "config check",
        summary: "Validate a configuration file and print the effective configuration",
        discussion: """
            Reads the file (the positional PATH, else --config, else \(AgentPaths.defaultConfig)), checks every \
            key's type and range, rejects unknown keys, and prints the configuration with every default filled \
            in. Errors name the file, the line and the key. Exits 78 when the configuration is wrong, 66 when \
            the file cannot be read.
            """,
        positionals: [PositionalSpec(name: "PATH", help: "configuration file to check", isRequired: false)],
        examples: [
            ("edge-agent config check", "check the installed configuration"),
            ("edge-agent config check ./agent.toml", "check a file before installing it"),
        ],
        run: { arguments in
            let path = arguments.positional(0) ?? arguments.value("config") ?? AgentPaths.defaultConfig
            let config = try loadConfig(path)
            Console.output("# \(path): configuration is valid\n" + config.renderTOML())
            return .success
        }
    )
}

/// Loads a configuration for a command, mapping problems to sysexits statuses
/// (66 for a missing file, 78 for a wrong one).
func loadConfig(_ path: String) throws(CommandFailure) -> AgentConfig {
    do {
        return try AgentConfig.load(path: path)
    } catch {
        let status: ExitStatus = error.line == 0 && error.key.isEmpty ? .noInput : .configError
        throw CommandFailure(status, error.description)
    }
}
