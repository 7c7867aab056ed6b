import Glibc
import Synchronization

/// Turns SIGINT and SIGTERM into a flag that long-running work polls between
/// batches, so Ctrl-C or `systemctl stop` ends a command cleanly: what was scored
/// is committed, files are closed, the exit status says it was interrupted.
enum StopSignal {
    private static let received = Atomic<Int32>(0)

    /// Installs the handlers (idempotent). A second signal while stopping kills the
    /// process the ordinary way, so a stuck shutdown can still be interrupted.
    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                if StopSignal.received.exchange(number, ordering: .relaxed) != 0 {
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signalNumber, &action, nil)
        }
        // A parent may have started us with these signals blocked (the mask is inherited
        // across exec); a blocked SIGINT would never reach the handler.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// Whether a stop was requested.
    static var isRequested: Bool { received.load(ordering: .relaxed) != 0 }

    /// The signal that requested the stop (0 when none).
    static var signalNumber: Int32 { received.load(ordering: .relaxed) }
}
