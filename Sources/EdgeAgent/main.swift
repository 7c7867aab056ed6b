import Glibc

// `edge-agent <command> [options]`: the whole program is the command line tool.
let status = CommandLineTool(commands: CommandCatalog.all).run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
