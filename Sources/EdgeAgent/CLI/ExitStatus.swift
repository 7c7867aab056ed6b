/// Process exit statuses, following BSD sysexits.h so scripts and systemd can
/// tell a usage mistake from bad data, a missing file or a broken config.
enum ExitStatus: Int32, Error {
    /// Success.
    case success = 0
    /// A generic failure that fits no other status.
    case failure = 1
    /// EX_USAGE: the command line was wrong.
    case usage = 64
    /// EX_DATAERR: input data was malformed.
    case dataError = 65
    /// EX_NOINPUT: an input file does not exist or cannot be read.
    case noInput = 66
    /// EX_UNAVAILABLE: the command or a service it needs is not available.
    case unavailable = 69
    /// EX_SOFTWARE: an internal error (a bug).
    case software = 70
    /// EX_IOERR: reading or writing failed.
    case ioError = 74
    /// EX_CONFIG: the configuration is wrong.
    case configError = 78
    /// Stopped by SIGINT after committing its work (128 + 2, as shells report it).
    case interrupted = 130
}

/// A failure a command reports to the person who ran it: one plain sentence and
/// the exit status that classifies it.
struct CommandFailure: Error {
    /// The sentence printed after `edge-agent <command>: `.
    var message: String
    /// How the process exits.
    var status: ExitStatus

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }
}
