extension CommandSpec {
    /// `edge-agent version`: what this build is.
    static let version = CommandSpec(
        name: "version",
        summary: "Print the agent's version and build facts",
        discussion: "Prints the version, the model family it runs and the platform it was built for.",
        examples: [("edge-agent version", "show the installed version")],
        run: { _ in
            #if arch(arm64)
            let architecture = "arm64"
            #elseif arch(x86_64)
            let architecture = "x86_64"
            #else
            let architecture = "unknown"
            #endif
            Console.output("edge-agent \(AgentVersion.current) (linux-\(architecture), model fedsense-cnn-v1)\n")
            return .success
        }
    )
}
