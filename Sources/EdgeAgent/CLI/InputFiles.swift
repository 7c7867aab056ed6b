import Glibc
import Parquet

extension CommandFailure {
    /// Fails with 66 (EX_NOINPUT) naming `path` and the reason when it cannot be read.
    static func requireReadable(_ path: String) throws(CommandFailure) {
        guard access(path, R_OK) == 0 else {
            throw CommandFailure(.noInput, "\(path): \(String(cString: strerror(errno)))")
        }
    }

    /// A Parquet failure as a command failure: 74 (EX_IOERR) when reading failed,
    /// 65 (EX_DATAERR) when the bytes are wrong.
    init(_ error: ParquetError) {
        if case .io = error.reason {
            self.init(.ioError, error.description)
        } else {
            self.init(.dataError, error.description)
        }
    }
}
