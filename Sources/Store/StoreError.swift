import CSQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What went wrong in the store: every case names the database file and carries what
/// SQLite said, so a log line is enough to act on.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A SQLite call failed. `code` is the extended result code (`sqlite3_extended_errcode`),
    /// `message` is `sqlite3_errmsg`, `sql` the statement that was running (nil for open/close).
    case sqlite(code: Int32, message: String, sql: String?, path: String)
    /// `PRAGMA quick_check` / `integrity_check` reported problems; the file must not be written.
    case integrityCheckFailed(path: String, problems: [String])
    /// The file was written by a newer build of the agent; this build cannot read it safely.
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// The file is a SQLite database of some other application (its `application_id` differs,
    /// or it has tables but no schema version of ours).
    case foreignDatabase(path: String, applicationID: Int32)
    /// A stored window blob does not decode (wrong header or length).
    case invalidWindowData(reason: String)
    /// A caller passed a value the store cannot accept (named with the reason).
    case invalidArgument(name: String, reason: String)
    /// A lookup by key found nothing.
    case notFound(what: String)

    /// The primary SQLite result code (`SQLITE_FULL`, `SQLITE_CORRUPT`, …) when this is a SQLite error.
    public var resultCode: Int32? {
        if case .sqlite(let code, _, _, _) = self { return code & 0xff }
        return nil
    }

    /// True when the disk (or `max_page_count`) is full: the write was rolled back, nothing is corrupt.
    public var isDiskFull: Bool { resultCode == SQLITE_FULL }

    /// A one-line, actionable explanation.
    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql, let path):
            let name = String(cString: sqlite3_errstr(code))
            var text = "SQLite error \(code) (\(name)): \(message) [database \(path)]"
            if let sql { text += " while running: \(sql)" }
            if code & 0xff == SQLITE_FULL {
                text += " — the disk or the database size limit is full; free space or lower the quota"
            }
            return text
        case .integrityCheckFailed(let path, let problems):
            let shown = problems.prefix(5).joined(separator: "; ")
            return "database \(path) failed its integrity check (\(problems.count) problem(s): \(shown)); "
                + "move the file aside so the agent starts a fresh one, or restore a backup"
        case .schemaTooNew(let path, let found, let supported):
            return "database \(path) has schema version \(found) but this build supports up to \(supported); "
                + "upgrade edge-agent or point it at another database"
        case .foreignDatabase(let path, let applicationID):
            return "database \(path) is not an edge-agent store (application_id \(applicationID)); "
                + "refusing to modify it"
        case .invalidWindowData(let reason):
            return "stored window data is invalid: \(reason)"
        case .invalidArgument(let name, let reason):
            return "invalid \(name): \(reason)"
        case .notFound(let what):
            return "not found: \(what)"
        }
    }
}
